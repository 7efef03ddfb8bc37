using System;
using System.Globalization;

namespace PkiRevocation.Net
{
    /// <summary>
    /// A TLS service: host, port and how TLS starts. Parses "host:port", "host:port:ldap", "[::1]:636",
    /// "tls://host:port?starttls=smtp", "ldap://host[:389]" (StartTLS) and "ldaps://host[:636]".
    /// </summary>
    public sealed class TlsEndpoint : IEquatable<TlsEndpoint>
    {
        public TlsEndpoint(string host, int port, StartTlsProtocol startTls = StartTlsProtocol.None)
        {
            if (string.IsNullOrWhiteSpace(host)) throw new ArgumentException("A host name is required.", nameof(host));
            if (port < 1 || port > 65535) throw new ArgumentOutOfRangeException(nameof(port), port, "A port is between 1 and 65535.");
            Host = host.Trim();
            Port = port;
            StartTls = startTls;
        }

        public string Host { get; }

        public int Port { get; }

        public StartTlsProtocol StartTls { get; }

        /// <summary>host:port, with brackets around IPv6 literals: how results name their source.</summary>
        public override string ToString() => (Host.IndexOf(':') >= 0 ? "[" + Host + "]" : Host) + ":" + Port.ToString(CultureInfo.InvariantCulture);

        public static bool TryParse(string? text, out TlsEndpoint? endpoint, out string? error, int? defaultPort = null)
        {
            endpoint = null;
            error = null;
            if (string.IsNullOrWhiteSpace(text))
            {
                error = "an endpoint is empty";
                return false;
            }

            var value = text!.Trim();
            var startTls = StartTlsProtocol.None;
            int? schemePort = null;
            var schemeEnd = value.IndexOf("://", StringComparison.Ordinal);
            if (schemeEnd > 0)
            {
                var scheme = value.Substring(0, schemeEnd).ToLowerInvariant();
                value = value.Substring(schemeEnd + 3).TrimEnd('/');
                var query = value.IndexOf('?');
                string? queryText = null;
                if (query >= 0)
                {
                    queryText = value.Substring(query + 1);
                    value = value.Substring(0, query);
                }

                switch (scheme)
                {
                    case "tls": break;
                    case "ldap": startTls = StartTlsProtocol.Ldap; schemePort = 389; break;
                    case "ldaps": schemePort = 636; break;
                    case "smtp": startTls = StartTlsProtocol.Smtp; schemePort = 25; break;
                    case "smtps": schemePort = 465; break;
                    case "https": schemePort = 443; break;
                    default:
                        error = $"'{text}' has an unknown scheme '{scheme}' (use tls://, ldap://, ldaps://, smtp://, https://)";
                        return false;
                }

                if (queryText != null)
                {
                    foreach (var pair in queryText.Split('&'))
                    {
                        var parts = pair.Split(new[] { '=' }, 2);
                        if (parts.Length == 2 && parts[0].Equals("starttls", StringComparison.OrdinalIgnoreCase))
                        {
                            if (!TryParseStartTls(parts[1], out startTls))
                            {
                                error = $"'{text}': starttls must be ldap or smtp";
                                return false;
                            }
                        }
                    }
                }
            }

            string host;
            string? portText = null;
            string? suffix = null;
            if (value.StartsWith("[", StringComparison.Ordinal))
            {
                var close = value.IndexOf(']');
                if (close < 0)
                {
                    error = $"'{text}' has an unclosed IPv6 bracket";
                    return false;
                }

                host = value.Substring(1, close - 1);
                var rest = value.Substring(close + 1);
                if (rest.StartsWith(":", StringComparison.Ordinal))
                {
                    var parts = rest.Substring(1).Split(':');
                    portText = parts[0];
                    if (parts.Length > 1) suffix = parts[1];
                }
            }
            else
            {
                var parts = value.Split(':');
                host = parts[0];
                if (parts.Length > 1) portText = parts[1];
                if (parts.Length > 2) suffix = parts[2];
                if (parts.Length > 3)
                {
                    error = $"'{text}' is not host:port[:ldap|smtp] (IPv6 addresses go in brackets)";
                    return false;
                }
            }

            if (suffix != null && !TryParseStartTls(suffix, out startTls))
            {
                error = $"'{text}': the part after the port must be ldap or smtp";
                return false;
            }

            int port;
            if (portText == null)
            {
                var fallback = schemePort ?? defaultPort;
                if (fallback == null)
                {
                    error = $"'{text}' has no port (write host:port)";
                    return false;
                }

                port = fallback.Value;
            }
            else if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port < 1 || port > 65535)
            {
                error = $"'{text}' has an invalid port '{portText}' (1-65535)";
                return false;
            }

            if (string.IsNullOrWhiteSpace(host) || host.IndexOfAny(new[] { ' ', '/', '\\', '?', '#', '@' }) >= 0)
            {
                error = $"'{text}' has an invalid host name";
                return false;
            }

            endpoint = new TlsEndpoint(host, port, startTls);
            return true;
        }

        public static TlsEndpoint Parse(string text, int? defaultPort = null) =>
            TryParse(text, out var endpoint, out var error, defaultPort) ? endpoint! : throw new FormatException(error);

        public static bool TryParseStartTls(string text, out StartTlsProtocol protocol)
        {
            switch ((text ?? "").Trim().ToLowerInvariant())
            {
                case "ldap": protocol = StartTlsProtocol.Ldap; return true;
                case "smtp": protocol = StartTlsProtocol.Smtp; return true;
                case "none": case "": protocol = StartTlsProtocol.None; return true;
                default: protocol = StartTlsProtocol.None; return false;
            }
        }

        public bool Equals(TlsEndpoint? other) => other != null && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase) && Port == other.Port && StartTls == other.StartTls;

        public override bool Equals(object? obj) => Equals(obj as TlsEndpoint);

        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Host) ^ Port ^ ((int)StartTls << 20);
    }
}
