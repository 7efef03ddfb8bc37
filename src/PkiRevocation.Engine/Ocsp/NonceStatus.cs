namespace PkiRevocation.Ocsp
{
    /// <summary>What became of the nonce (RFC 8954) of a request.</summary>
    public enum NonceStatus
    {
        /// <summary>No nonce was sent (-NoNonce, an offline verification, or no exchange took place).</summary>
        NotSent,
        /// <summary>The response echoes the nonce that was sent.</summary>
        Matched,
        /// <summary>A nonce was sent and the response has none (accepted unless a nonce is required).</summary>
        Missing,
        /// <summary>The response carries a different nonce: the response is invalid.</summary>
        Mismatch,
    }
}
