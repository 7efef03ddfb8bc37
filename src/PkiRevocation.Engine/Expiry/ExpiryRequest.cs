using System;
using System.Collections.Generic;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using PkiRevocation.Certificates;
using PkiRevocation.Net;

namespace PkiRevocation.Expiry
{
    /// <summary>What to report on, in any mix. With no source at all, the default store (<see cref="CertificateStoreReference.Default"/>) is read.</summary>
    public sealed class ExpiryRequest
    {
        /// <summary>Certificates handed over directly (the pipeline), with a label for Source.</summary>
        public IList<(X509Certificate2 Certificate, string Source)> Certificates { get; } = new List<(X509Certificate2, string)>();

        /// <summary>Files or folders, already resolved to file-system paths.</summary>
        public IList<string> Paths { get; } = new List<string>();

        /// <summary>Scan sub-folders of folder paths.</summary>
        public bool Recurse { get; set; }

        /// <summary>The PKCS#12 password, for .pfx/.p12 files.</summary>
        public SecureString? Password { get; set; }

        public IList<CertificateStoreReference> Stores { get; } = new List<CertificateStoreReference>();

        public IList<TlsEndpoint> Endpoints { get; } = new List<TlsEndpoint>();

        /// <summary>Keep only certificates expired, not yet valid, or expiring within this many days; also the Expiring threshold.</summary>
        public int? WithinDays { get; set; }

        /// <summary>The reference time; the engine clock when null.</summary>
        public DateTime? At { get; set; }

        /// <summary>Report a certificate with a time-encoding violation as an error instead of a result.</summary>
        public bool Strict { get; set; }

        /// <summary>Bounds connect, StartTLS and handshake for each endpoint.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>How many endpoints are read at once.</summary>
        public int ThrottleLimit { get; set; } = 8;

        public bool HasSources => Certificates.Count + Paths.Count + Stores.Count + Endpoints.Count > 0;
    }
}
