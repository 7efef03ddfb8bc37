using System;
using System.Security.Cryptography.X509Certificates;
using PkiRevocation.Diagnostics;

namespace PkiRevocation.Monitoring
{
    /// <summary>One certificate the monitor found within the notification window or expired, and what it did about it.</summary>
    public sealed class MonitoredCertificate
    {
        public string Subject { get; set; } = "";
        public string Issuer { get; set; } = "";
        public string SerialNumber { get; set; } = "";
        public string Thumbprint { get; set; } = "";
        public DateTime NotBefore { get; set; }
        public DateTime NotAfter { get; set; }

        /// <summary>Whole days left at the reference time (negative once expired).</summary>
        public int DaysRemaining { get; set; }

        public MonitorGroup Group { get; set; }

        /// <summary>The RFC 5280 time-encoding violations of notBefore/notAfter (empty when both are well encoded).</summary>
        public TextList TimeEncodingViolations { get; set; } = TextList.Empty;

        /// <summary>Where it was found: a file path, store://Location/Name, or host:port.</summary>
        public string Source { get; set; } = "";

        /// <summary>Issued by one of the LocallyIssuedIssuers, or found in a LocallyIssuedSource.</summary>
        public bool LocallyIssued { get; set; }

        /// <summary>A notice was due at this run (never sent before, the frequency has passed, or the group got worse).</summary>
        public bool NoticeDue { get; set; }

        /// <summary>The digest carrying this notice was accepted (by the SMTP server when e-mail is enabled).</summary>
        public bool NotificationSent { get; set; }

        /// <summary>When the last notice for this certificate was sent, before or at this run.</summary>
        public DateTime? LastNotified { get; set; }

        /// <summary>The earliest time a next notice can be due (last notice + frequency).</summary>
        public DateTime? NextNotice { get; set; }

        /// <summary>RemoveExpired: the certificate was backed up and removed from its store at this run.</summary>
        public bool Removed { get; set; }

        /// <summary>RemoveExpired: the backup file.</summary>
        public string BackupPath { get; set; } = "";

        public DateTime ReferenceTime { get; set; }

        public X509Certificate2? Certificate { get => _certificate; set => _certificate = PkiRevocation.Certificates.ReportedCertificate.From(value); }

        private X509Certificate2? _certificate;
    }
}
