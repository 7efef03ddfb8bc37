using System;
using PkiRevocation.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using PkiRevocation.Expiry;

namespace PkiRevocation.Sessions
{
    /// <summary>
    /// One long-lived session's check at a reference time. Plain typed properties: survives Export-Clixml, remoting
    /// and ConvertTo-Json. Times are UTC.
    /// </summary>
    public sealed class SessionCheckResult
    {
        public string Name { get; set; } = "";
        public SessionKind Kind { get; set; }

        /// <summary>The endpoint as registered, or "(pinned)" when the peer certificate is pinned and no endpoint is given.</summary>
        public string Endpoint { get; set; } = "";

        public DateTime EstablishedAt { get; set; }

        /// <summary>How long the session had been up at the reference time.</summary>
        public TimeSpan Age { get; set; }

        /// <summary>The peer's certificate (leaf); null when skipped or when the peer could not be reached.</summary>
        public X509Certificate2? Certificate { get => _certificate; set => _certificate = PkiRevocation.Certificates.ReportedCertificate.From(value); }

        private X509Certificate2? _certificate;

        public string? Subject { get; set; }
        public DateTime? NotAfter { get; set; }

        /// <summary>The expiry status of the peer certificate; null when the validity check is off (or nothing was checked).</summary>
        public ExpiryStatus? ExpiryStatus { get; set; }

        public SessionRevocationStatus RevocationStatus { get; set; }

        /// <summary>The revocation policy the check ran under, when revocation applied.</summary>
        public string? RevocationPolicy { get; set; }

        /// <summary>What the revocation service did, in order (methods tried, answers, failures).</summary>
        public TextList RevocationSteps { get; set; } = TextList.Empty;

        public SessionVerdict Verdict { get; set; }
        public SessionSkipReason SkipReason { get; set; }
        public SessionAction RecommendedAction { get; set; }

        /// <summary>Why the verdict is what it is, in a sentence (e.g. why it is Indeterminate or Skipped).</summary>
        public string Detail { get; set; } = "";

        /// <summary>The interval that decides when the session is due: the policy's CheckInterval or ValidityCheckFrequency.</summary>
        public TimeSpan CheckInterval { get; set; }

        /// <summary>When this run checked the session; null when it was skipped.</summary>
        public DateTime? CheckedAt { get; set; }

        /// <summary>The last completed check before this run (from the state file), if any.</summary>
        public DateTime? LastCheckedAt { get; set; }

        /// <summary>When the session is next due; null when the next run should check it again (Indeterminate) or no check applies.</summary>
        public DateTime? NextCheck { get; set; }

        public DateTime ReferenceTime { get; set; }
    }
}
