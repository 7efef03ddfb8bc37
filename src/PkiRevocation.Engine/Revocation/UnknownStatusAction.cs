namespace PkiRevocation.Revocation
{
    /// <summary>What an OCSP "unknown" answer means under a policy.</summary>
    public enum UnknownStatusAction
    {
        /// <summary>Treat the certificate as revoked.</summary>
        Revoked,

        /// <summary>Treat the certificate as not revoked.</summary>
        NotRevoked,

        /// <summary>No answer: go on with the next method (CRL), Indeterminate if none decides.</summary>
        Indeterminate,
    }
}
