using System;
using PkiRevocation.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using PkiRevocation.Certificates;

namespace PkiRevocation.Expiry
{
    /// <summary>
    /// One certificate's expiry at a reference time. Plain typed properties: survives Export-Clixml, remoting
    /// and ConvertTo-Json. Times are UTC.
    /// </summary>
    public sealed class CertificateExpiry
    {
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

        /// <summary>The certificate itself, when the platform can parse it.</summary>
        public X509Certificate2? Certificate { get => _certificate; set => _certificate = PkiRevocation.Certificates.ReportedCertificate.From(value); }

        private X509Certificate2? _certificate;
    }
}
