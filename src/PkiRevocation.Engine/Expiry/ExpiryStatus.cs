namespace PkiRevocation.Expiry
{
    /// <summary>Where a certificate stands at the reference time.</summary>
    public enum ExpiryStatus
    {
        /// <summary>Valid, and not within the expiring window.</summary>
        Valid,
        /// <summary>Valid now, but notAfter falls within the window (-WithinDays, 30 days by default).</summary>
        Expiring,
        /// <summary>The reference time is after notAfter.</summary>
        Expired,
        /// <summary>The reference time is before notBefore.</summary>
        NotYetValid,
    }
}
