namespace PkiRevocation.Revocation
{
    /// <summary>A way to learn a certificate's revocation status, in the order a policy lists them.</summary>
    public enum RevocationMethod
    {
        Ocsp,
        Crl,

        /// <summary>No check: the certificate is taken as not revoked. Listed last, it makes a policy fail open.</summary>
        None,
    }
}
