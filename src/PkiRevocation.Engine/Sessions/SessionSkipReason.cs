namespace PkiRevocation.Sessions
{
    /// <summary>Why a session was not checked.</summary>
    public enum SessionSkipReason
    {
        /// <summary>The session was checked.</summary>
        None,
        /// <summary>The session is younger than MinimumSessionAge: it is not long-lived (yet).</summary>
        TooYoung,
        /// <summary>The last check is more recent than the effective interval (use -Force / --force to check anyway).</summary>
        NotDue,
        /// <summary>Nothing applies to this session: the validity check is off and revocation does not apply to its kind.</summary>
        CheckDisabled,
    }
}
