using System;
using System.Collections.Generic;
using System.Linq;

namespace PkiRevocation.Net
{
    /// <summary>
    /// The order in which a certificate's own locations (CRL distribution points, Freshest CRL, AIA caIssuers) are
    /// tried. AD CS lists its ldap:/// location before the http one; with PreferHttp (the default, as most validators
    /// do) http(s) locations come first, then ldap(s), then the rest, each group in the certificate's order.
    /// </summary>
    internal static class LocationOrder
    {
        public static List<string> Arrange(IEnumerable<string> locations, bool preferHttp)
        {
            var list = locations.ToList();
            if (!preferHttp) return list;
            return list.Where(IsHttp).Concat(list.Where(LdapUrl.IsLdap)).Concat(list.Where(l => !IsHttp(l) && !LdapUrl.IsLdap(l))).ToList();
        }

        public static bool IsHttp(string location) =>
            location.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

        /// <summary>A location the engine fetches itself: http(s) or ldap(s).</summary>
        public static bool IsFetchable(string location) => IsHttp(location) || LdapUrl.IsLdap(location);
    }
}
