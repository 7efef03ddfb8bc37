using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;

namespace PkiRevocation.Crl
{
    /// <summary>
    /// Which certificates (or bare serial numbers) to check against which CRLs. Without explicit CRL sources the
    /// certificate's CRL distribution points are used (HTTP/HTTPS and LDAP; http ones first unless <see cref="PreferHttp"/> is off).
    /// </summary>
    public sealed class CrlCheckRequest
    {
        public IList<X509Certificate2> Certificates { get; } = new List<X509Certificate2>();

        /// <summary>Serial numbers in hex, checked against the given CRLs without certificate scope checks.</summary>
        public IList<string> SerialNumbers { get; } = new List<string>();

        /// <summary>The CA that issued the certificates (and normally signs the CRLs). Required.</summary>
        public X509Certificate2? Issuer { get; set; }

        /// <summary>More certificates: separate CRL signers of the same CA and the CA above the issuer.</summary>
        public IList<X509Certificate2> AdditionalCertificates { get; } = new List<X509Certificate2>();

        /// <summary>CRL files or http(s) URLs. Delta CRLs among them are recognised by their deltaCRLIndicator.</summary>
        public IList<string> CrlSources { get; } = new List<string>();

        /// <summary>Delta CRL files or URLs; when empty, the Freshest CRL URLs of the certificate and the CRL are used.</summary>
        public IList<string> DeltaCrlSources { get; } = new List<string>();

        public DateTime? At { get; set; }

        /// <summary>Bounds each download.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>Largest CRL accepted (bytes).</summary>
        public long MaxCrlBytes { get; set; } = 256L * 1024 * 1024;

        public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>How long a CRL without nextUpdate counts as fresh.</summary>
        public TimeSpan MaxAgeWithoutNextUpdate { get; set; } = TimeSpan.FromDays(7);

        /// <summary>
        /// A CRL whose thisUpdate is older than this at the reference time is Stale even while its nextUpdate is still
        /// ahead (-MaxAge / --max-age); null, the default: no limit beyond nextUpdate.
        /// </summary>
        public TimeSpan? MaxCrlAge { get; set; }

        /// <summary>Use and fill the revocation cache for downloaded CRLs.</summary>
        public bool UseCache { get; set; } = true;

        /// <summary>Try http(s) distribution points before ldap ones (default); false keeps the certificate's order.</summary>
        public bool PreferHttp { get; set; } = true;

        /// <summary>
        /// Credentials for LDAP distribution points; null binds anonymously (on Windows: as the current user, Negotiate).
        /// Off Windows a credential is used only over ldaps://.
        /// </summary>
        public System.Net.NetworkCredential? LdapCredential { get; set; }
    }
}
