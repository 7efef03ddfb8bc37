namespace PkiRevocation.Ocsp
{
    /// <summary>
    /// The status of one certificate. Good, Revoked and Unknown are what a verified responder said;
    /// Indeterminate means no trustworthy answer was obtained (see <see cref="OcspResult.FailureReason"/>).
    /// </summary>
    public enum OcspStatus
    {
        Good,
        Revoked,
        Unknown,
        Indeterminate,
    }
}
