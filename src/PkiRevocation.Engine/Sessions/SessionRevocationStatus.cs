namespace PkiRevocation.Sessions
{
    /// <summary>
    /// The revocation part of a session check. NotRevoked is only reported when the revocation service returned a
    /// verified answer saying so; every failure is Indeterminate.
    /// </summary>
    public enum SessionRevocationStatus
    {
        /// <summary>Revocation was not checked: no policy is configured, the policy is disabled, or the kind is excluded.</summary>
        NotChecked,
        NotRevoked,
        Revoked,
        Indeterminate,
    }
}
