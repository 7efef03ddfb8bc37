using System;
using PkiRevocation.Diagnostics;
using System.Security.Cryptography.X509Certificates;

namespace PkiRevocation.Ocsp
{
    /// <summary>
    /// The OCSP status of one certificate at a reference time, with the explanation of the decision. Plain typed
    /// properties: survives Export-Clixml, remoting and ConvertTo-Json. Times are UTC.
    /// </summary>
    public sealed class OcspResult
    {
        public string Subject { get; set; } = "";

        /// <summary>Hex, upper case, as X509Certificate2.SerialNumber.</summary>
        public string SerialNumber { get; set; } = "";

        public string Issuer { get; set; } = "";

        public OcspStatus Status { get; set; } = OcspStatus.Indeterminate;

        /// <summary>Set when <see cref="Status"/> is Indeterminate, null otherwise.</summary>
        public OcspFailureReason? FailureReason { get; set; }

        /// <summary>One sentence for people explaining <see cref="FailureReason"/>.</summary>
        public string? FailureMessage { get; set; }

        public DateTime? RevocationTime { get; set; }

        /// <summary>RFC 5280 CRLReason name (KeyCompromise, CaCompromise, AffiliationChanged, Superseded, CessationOfOperation, CertificateHold, RemoveFromCrl, PrivilegeWithdrawn, AACompromise, Unspecified), when revoked with a reason.</summary>
        public string? RevocationReason { get; set; }

        public DateTime? ThisUpdate { get; set; }

        public DateTime? NextUpdate { get; set; }

        public DateTime? ProducedAt { get; set; }

        /// <summary>The responder that gave the answer (or the last one tried); "offline" for a saved response.</summary>
        public string? ResponderUri { get; set; }

        /// <summary>The ResponderID: the signer's distinguished name, or "KeyHash:&lt;hex&gt;".</summary>
        public string? ResponderName { get; set; }

        public OcspTrustPath TrustPath { get; set; } = OcspTrustPath.None;

        public NonceStatus NonceStatus { get; set; } = NonceStatus.NotSent;

        /// <summary>CertID hash algorithm of the request.</summary>
        public OcspHashAlgorithm HashAlgorithm { get; set; }

        /// <summary>POST, GET, or Offline.</summary>
        public string? Method { get; set; }

        /// <summary>Time spent on this certificate's exchange(s) and verification.</summary>
        public TimeSpan Elapsed { get; set; }

        /// <summary>The explanation of the decision, in order: URL tried, method, nonce sent/received, each signer tried and why it was accepted or refused.</summary>
        public TextList Steps { get; set; } = TextList.Empty;

        /// <summary>The reference time the response was judged at.</summary>
        public DateTime ReferenceTime { get; set; }

        /// <summary>The DER OCSPResponse that decided the result (null when none was received): cache it and replay it with <see cref="OcspService.Verify"/>.</summary>
        public byte[]? RawResponse { get; set; }

        public X509Certificate2? Certificate { get => _certificate; set => _certificate = PkiRevocation.Certificates.ReportedCertificate.From(value); }

        private X509Certificate2? _certificate;

        /// <summary>True only for Good. Revoked, Unknown and Indeterminate are not "fine".</summary>
        public bool IsGood => Status == OcspStatus.Good;

        public override string ToString() => FailureReason.HasValue ? $"{Subject} {SerialNumber}: {Status} ({FailureReason})" : $"{Subject} {SerialNumber}: {Status}";
    }
}
