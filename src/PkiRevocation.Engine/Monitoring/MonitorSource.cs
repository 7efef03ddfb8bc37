using System;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using PkiRevocation.Certificates;
using PkiRevocation.Expiry;
using PkiRevocation.Net;

namespace PkiRevocation.Monitoring
{
    /// <summary>One monitored source as written in the settings: a path, store://Location/Name or tls://host:port.</summary>
    internal sealed class MonitorSource
    {
        private MonitorSource(string text) => Text = text;

        public string Text { get; }
        public string? Path { get; private set; }
        public CertificateStoreReference? Store { get; private set; }
        public TlsEndpoint? Endpoint { get; private set; }

        /// <summary>Parses a source; paths must be absolute (a scheduled task has another working folder).</summary>
        public static bool TryParse(string? text, out MonitorSource? source, out string? error)
        {
            source = null;
            error = null;
            var value = (text ?? "").Trim();
            if (value.Length == 0)
            {
                error = "a source is empty";
                return false;
            }

            var result = new MonitorSource(value);
            if (value.StartsWith("store://", StringComparison.OrdinalIgnoreCase))
            {
                if (!CertificateStoreReference.TryParse(value, out var store, out error)) return false;
                result.Store = store;
            }
            else if (value.IndexOf("://", StringComparison.Ordinal) > 1 && !IsWindowsDrivePath(value))
            {
                if (!TlsEndpoint.TryParse(value, out var endpoint, out error)) return false;
                result.Endpoint = endpoint;
            }
            else
            {
                if (value.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0)
                {
                    error = $"'{value}' is not a valid path";
                    return false;
                }

                if (!System.IO.Path.IsPathRooted(value))
                {
                    error = $"'{value}' is a relative path: give a full path (a scheduled run starts in another folder)";
                    return false;
                }

                result.Path = System.IO.Path.GetFullPath(value);
            }

            source = result;
            return true;
        }

        public void AddTo(ExpiryRequest request)
        {
            if (Store != null) request.Stores.Add(Store);
            else if (Endpoint != null) request.Endpoints.Add(Endpoint);
            else if (Path != null)
            {
                request.Paths.Add(Path);
                if (Directory.Exists(Path)) request.Recurse = true;
            }
        }

        public static string DefaultSource => CertificateStoreReference.Default.ToString();

        private static bool IsWindowsDrivePath(string value) => value.Length > 2 && value[1] == ':' && (value[2] == '\\' || value[2] == '/');
    }
}
