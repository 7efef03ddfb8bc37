using System;

namespace PkiRevocation.Sessions
{
    /// <summary>The revocation service's answer for one peer chain: the status and how it was reached.</summary>
    public sealed class SessionRevocationAnswer
    {
        public SessionRevocationAnswer(SessionRevocationStatus status, string[]? steps = null, string? decidedBy = null)
        {
            Status = status;
            Steps = steps ?? Array.Empty<string>();
            DecidedBy = decidedBy;
        }

        public SessionRevocationStatus Status { get; }

        /// <summary>Each method tried and what it gave ("OCSP http://…: Good", "CRL http://…: unreachable"), in order.</summary>
        public string[] Steps { get; }

        /// <summary>The method whose answer decided the status (e.g. "Ocsp", "Crl"), or null when nothing decided it.</summary>
        public string? DecidedBy { get; }

        public static SessionRevocationAnswer Indeterminate(string reason) => new SessionRevocationAnswer(SessionRevocationStatus.Indeterminate, new[] { reason });
    }
}
