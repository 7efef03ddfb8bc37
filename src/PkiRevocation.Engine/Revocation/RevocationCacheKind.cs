namespace PkiRevocation.Revocation
{
    /// <summary>What a revocation cache entry holds.</summary>
    public enum RevocationCacheKind
    {
        Crl,
        Ocsp,
    }
}
