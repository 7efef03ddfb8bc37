using System;
using PkiRevocation.Diagnostics;
using System.Security.Cryptography.X509Certificates;

namespace PkiRevocation.Revocation
{
    /// <summary>
    /// The revocation decision for one certificate under a policy (Test-CertificateRevocation, pkirev revocation).
    /// Plain typed properties: survives Export-Clixml, remoting and ConvertTo-Json. Times are UTC.
    /// </summary>
    public sealed class RevocationResult
    {
        public string Subject { get; set; } = "";
        public string Issuer { get; set; } = "";
        public string SerialNumber { get; set; } = "";
        public string Thumbprint { get; set; } = "";
        public RevocationStatus Status { get; set; } = RevocationStatus.Indeterminate;

        /// <summary>What decided; null when nothing did (Indeterminate).</summary>
        public RevocationDecisionSource? DecidedBy { get; set; }

        /// <summary>The name of the policy applied.</summary>
        public string Policy { get; set; } = "";

        public DateTime? RevocationTime { get; set; }
        public RevocationReason? RevocationReason { get; set; }

        /// <summary>Why no method decided, for Indeterminate; empty otherwise.</summary>
        public string FailureReason { get; set; } = "";

        /// <summary>0 for the certificate checked, 1 for its issuer, ... (Scope Chain).</summary>
        public int ChainPosition { get; set; }

        public DateTime ReferenceTime { get; set; }

        /// <summary>Each method tried, with the OCSP/CRL details and why it did or did not decide.</summary>
        public TextList Steps { get; set; } = TextList.Empty;

        public X509Certificate2? Certificate { get => _certificate; set => _certificate = PkiRevocation.Certificates.ReportedCertificate.From(value); }

        private X509Certificate2? _certificate;
    }
}
