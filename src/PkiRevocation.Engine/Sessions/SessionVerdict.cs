namespace PkiRevocation.Sessions
{
    /// <summary>What one long-lived session check found.</summary>
    public enum SessionVerdict
    {
        /// <summary>Every check that applies passed (the certificate may still be expiring soon: see RecommendedAction).</summary>
        Valid,
        /// <summary>The peer certificate is past notAfter.</summary>
        Expired,
        /// <summary>The peer certificate is before notBefore.</summary>
        NotYetValid,
        /// <summary>A verified revocation answer says the peer certificate is revoked.</summary>
        Revoked,
        /// <summary>No trustworthy answer: the peer could not be reached, or revocation could not be decided.</summary>
        Indeterminate,
        /// <summary>Not checked this run; see SkipReason.</summary>
        Skipped,
    }
}
