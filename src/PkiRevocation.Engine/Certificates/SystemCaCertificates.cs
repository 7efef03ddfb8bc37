using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;

namespace PkiRevocation.Certificates
{
    /// <summary>
    /// The certificates of the CA (intermediate) and Root stores, current user and local machine: where an issuer is
    /// looked for when neither the caller nor the peer supplied it. Read on first use and again after five minutes.
    /// </summary>
    internal static class SystemCaCertificates
    {
        /// <summary>How long a read of the stores is reused: a long PowerShell session sees a CA added to the store later.</summary>
        private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
        private static readonly object Gate = new object();
        private static IReadOnlyList<X509Certificate2>? _certificates;
        private static DateTime _readAt;

        public static IReadOnlyList<X509Certificate2> All
        {
            get
            {
                lock (Gate)
                {
                    if (_certificates == null || DateTime.UtcNow - _readAt > Lifetime)
                    {
                        _certificates = Read();
                        _readAt = DateTime.UtcNow;
                    }

                    return _certificates;
                }
            }
        }

        /// <summary>Forgets the last read, so the next lookup reads the stores again.</summary>
        internal static void Refresh()
        {
            lock (Gate) _certificates = null;
        }

        private static IReadOnlyList<X509Certificate2> Read()
        {
            var list = new List<X509Certificate2>();
            foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
            foreach (var name in new[] { "CA", "Root" })
            {
                // A store that does not exist or cannot be opened simply has no candidates.
                var outcome = CertificateStoreReader.Read(new CertificateStoreReference(name, location));
                if (outcome.IsFailure) continue;
                foreach (var loaded in outcome.Result!)
                    if (loaded.Certificate != null) list.Add(loaded.Certificate);
            }

            return list;
        }
    }
}
