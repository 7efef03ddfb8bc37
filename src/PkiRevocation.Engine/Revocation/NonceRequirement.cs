namespace PkiRevocation.Revocation
{
    /// <summary>Whether OCSP requests carry a nonce and whether the response must echo it.</summary>
    public enum NonceRequirement
    {
        /// <summary>Send a nonce; a response without the same nonce is not trusted.</summary>
        Required,

        /// <summary>Send a nonce; accept a response without one (pre-produced responses), reject a different one.</summary>
        Preferred,

        /// <summary>Send no nonce.</summary>
        Disabled,
    }
}
