using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PkiRevocation.Diagnostics;
using System.Threading;
using PkiRevocation.Certificates;

namespace PkiRevocation.Expiry
{
    /// <summary>
    /// One certificate's expiry at a reference time. Plain typed properties: survives Export-Clixml, remoting
    /// and ConvertTo-Json. Times are UTC.
    /// </summary>
    public sealed class CertificateExpiry
    {
        private X509Certificate2? _certificate;
        private byte[]? _pending;
        private bool _built = true;
        private object? _sync;

        public string Subject { get; set; } = "";
        public string Issuer { get; set; } = "";
        public string SerialNumber { get; set; } = "";
        public string Thumbprint { get; set; } = "";
        public DateTime NotBefore { get; set; }
        public DateTime NotAfter { get; set; }
        public int DaysRemaining { get; set; }
        public ExpiryStatus Status { get; set; }

        /// <summary>Where the certificate was found: a file path, store://Location/Name, or host:port.</summary>
        public string Source { get; set; } = "";

        public CertificateFormat SourceFormat { get; set; }

        /// <summary>"Valid", or the RFC 5280 time-encoding violations joined by "; ".</summary>
        public string TimeEncoding { get; set; } = "Valid";

        /// <summary>Each time-encoding violation on its own ("notAfter: fractional seconds present (GeneralizedTime …)").</summary>
        public TextList TimeEncodingViolations { get; set; } = TextList.Empty;

        /// <summary>The reference time the status was decided at.</summary>
        public DateTime ReferenceTime { get; set; }

        /// <summary>
        /// The certificate itself, when the platform can parse it (a <see cref="ReportedCertificate"/>: its text form is the
        /// thumbprint, for Export-Csv). For a certificate read from a file it is built the
        /// first time this property is read (a 100,000-certificate scan holds none that nobody asks for).
        /// </summary>
        public X509Certificate2? Certificate
        {
            get => Volatile.Read(ref _built) ? _certificate : LazyInitializer.EnsureInitialized(ref _certificate, ref _built, ref _sync, Build);
            set
            {
                lock (Sync)
                {
                    _certificate = ReportedCertificate.From(value);
                    _pending = null;
                    Volatile.Write(ref _built, true);
                }
            }
        }

        /// <summary>Certificate is built from <paramref name="der"/>, which the platform parses, when it is first read.</summary>
        internal void SetCertificateOnDemand(byte[] der)
        {
            lock (Sync)
            {
                _certificate = null;
                _pending = der;
                Volatile.Write(ref _built, false);
            }
        }

        private object Sync => LazyInitializer.EnsureInitialized(ref _sync, () => new object())!;

        private X509Certificate2? Build()
        {
            var der = _pending;
            _pending = null;
            if (der == null) return null;
            try { return ReportedCertificate.Load(der); }
            catch (CryptographicException) { return null; }
        }
    }
}
