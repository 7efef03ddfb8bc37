namespace PkiRevocation.Revocation
{
    /// <summary>What a revocation cache entry holds.</summary>
    public enum RevocationCacheKind
    {
        Crl,
        Ocsp,

        /// <summary>A CA certificate fetched from a certificate's AIA caIssuers URL (kept for a fixed lifetime).</summary>
        Issuer,
    }
}
