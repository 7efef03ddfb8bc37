namespace PkiRevocation.Crl
{
    /// <summary>What the CRLs say about one certificate. NotRevoked only with a verified, fresh CRL covering it.</summary>
    public enum CrlStatus
    {
        NotRevoked,
        Revoked,
        Indeterminate,
    }
}
