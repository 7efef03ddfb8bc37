namespace PkiRevocation.Revocation
{
    /// <summary>Which certificates of a chain a revocation check covers.</summary>
    public enum RevocationScope
    {
        /// <summary>The end-entity certificate only.</summary>
        EndEntity,

        /// <summary>Every certificate of the chain but the root.</summary>
        Chain,
    }
}
