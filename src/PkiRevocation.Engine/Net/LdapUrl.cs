using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace PkiRevocation.Net
{
    /// <summary>
    /// An LDAP URL as RFC 4516 §2 writes it: ldap[s]://[host[:port]]/dn[?attributes[?scope[?filter[?extensions]]]],
    /// every part percent-decoded. An empty host (AD CS's <c>ldap:///CN=…</c>) names the directory of the machine's
    /// own domain. AD CS writes its filter without parentheses (<c>objectClass=cRLDistributionPoint</c>): it is
    /// taken as the one-item filter it means. A critical extension (<c>!name</c>) cannot be honoured, so such a URL
    /// is refused (RFC 4516 §2: the client must not use it).
    /// </summary>
    internal sealed class LdapUrl
    {
        private LdapUrl(string text) => Text = text;

        public string Text { get; }

        public bool Secure { get; private set; }

        /// <summary>The host; empty for "the domain's directory".</summary>
        public string Host { get; private set; } = "";

        /// <summary>The port given, else 389 (636 for ldaps).</summary>
        public int Port { get; private set; }

        public bool HasHost => Host.Length > 0;

        public string DistinguishedName { get; private set; } = "";

        /// <summary>The attributes named (empty: the caller's default).</summary>
        public IReadOnlyList<string> Attributes { get; private set; } = Array.Empty<string>();

        public LdapUrlScope Scope { get; private set; } = LdapUrlScope.Base;

        /// <summary>The filter in RFC 4515 string form, with parentheses; (objectClass=*) when the URL has none.</summary>
        public string Filter { get; private set; } = "(objectClass=*)";

        public static bool IsLdap(string url) =>
            url.StartsWith("ldap://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("ldaps://", StringComparison.OrdinalIgnoreCase);

        /// <summary>Parses <paramref name="text"/>; throws FormatException naming what is wrong.</summary>
        public static LdapUrl Parse(string text)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            var url = new LdapUrl(text);
            string rest;
            if (text.StartsWith("ldap://", StringComparison.OrdinalIgnoreCase)) rest = text.Substring(7);
            else if (text.StartsWith("ldaps://", StringComparison.OrdinalIgnoreCase)) { rest = text.Substring(8); url.Secure = true; }
            else throw new FormatException($"'{text}' is not an ldap:// or ldaps:// URL.");

            var slash = rest.IndexOf('/');
            var hostPort = slash < 0 ? rest : rest.Substring(0, slash);
            var path = slash < 0 ? "" : rest.Substring(slash + 1);
            url.Port = url.Secure ? 636 : 389;
            if (hostPort.Length > 0)
            {
                var colon = hostPort.LastIndexOf(':');
                var bracket = hostPort.LastIndexOf(']');
                if (colon > bracket)
                {
                    if (!int.TryParse(hostPort.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port < 1 || port > 65535)
                        throw new FormatException($"The port of '{text}' is not a number from 1 to 65535.");
                    url.Port = port;
                    hostPort = hostPort.Substring(0, colon);
                }

                url.Host = Decode(hostPort.Trim('[', ']'), text);
            }

            var parts = path.Split('?');
            if (parts.Length > 5) throw new FormatException($"'{text}' has more than dn, attributes, scope, filter and extensions.");
            url.DistinguishedName = Decode(parts[0], text);
            if (parts.Length > 1 && parts[1].Length > 0)
            {
                var attributes = new List<string>();
                foreach (var attribute in parts[1].Split(','))
                {
                    var name = Decode(attribute, text).Trim();
                    if (name.Length > 0) attributes.Add(name);
                }

                url.Attributes = attributes;
            }

            if (parts.Length > 2 && parts[2].Length > 0)
            {
                switch (Decode(parts[2], text).ToLowerInvariant())
                {
                    case "base": url.Scope = LdapUrlScope.Base; break;
                    case "one": url.Scope = LdapUrlScope.OneLevel; break;
                    case "sub": url.Scope = LdapUrlScope.Subtree; break;
                    default: throw new FormatException($"The scope '{parts[2]}' of '{text}' is not base, one or sub.");
                }
            }

            if (parts.Length > 3 && parts[3].Length > 0)
            {
                var filter = Decode(parts[3], text).Trim();
                url.Filter = filter.StartsWith("(", StringComparison.Ordinal) ? filter : "(" + filter + ")";
            }

            if (parts.Length > 4)
            {
                foreach (var extension in parts[4].Split(','))
                {
                    var name = Decode(extension, text).Trim();
                    if (name.StartsWith("!", StringComparison.Ordinal))
                        throw new FormatException($"'{text}' has the critical extension '{name.Substring(1)}', which this client does not implement.");
                }
            }

            return url;
        }

        /// <summary>%XX escapes as UTF-8 (RFC 4516 §2.1).</summary>
        private static string Decode(string value, string text)
        {
            if (value.IndexOf('%') < 0) return value;
            var bytes = new List<byte>(value.Length);
            for (var i = 0; i < value.Length; i++)
            {
                if (value[i] == '%')
                {
                    if (i + 2 >= value.Length || !Uri.IsHexDigit(value[i + 1]) || !Uri.IsHexDigit(value[i + 2]))
                        throw new FormatException($"'{text}' has a '%' that is not followed by two hex digits.");
                    bytes.Add(byte.Parse(value.Substring(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                }
                else
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(value[i].ToString()));
                }
            }

            return Encoding.UTF8.GetString(bytes.ToArray());
        }

        public override string ToString() => Text;
    }
}
