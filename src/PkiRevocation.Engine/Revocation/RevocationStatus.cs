namespace PkiRevocation.Revocation
{
    /// <summary>The combined revocation decision. NotRevoked only from a verified answer, or from a policy that says so (None, SoftFail).</summary>
    public enum RevocationStatus
    {
        NotRevoked,
        Revoked,
        Indeterminate,
    }
}
