namespace PkiRevocation.Revocation
{
    /// <summary>What decided a revocation result.</summary>
    public enum RevocationDecisionSource
    {
        /// <summary>An OCSP response fetched for this check.</summary>
        Ocsp,

        /// <summary>A CRL (with its delta) fetched or read for this check.</summary>
        Crl,

        /// <summary>The policy: None listed, or SoftFail with every server unreachable. No revocation data was seen.</summary>
        None,

        /// <summary>An OCSP response or CRL from the revocation cache, still inside its nextUpdate.</summary>
        Cache,
    }
}
