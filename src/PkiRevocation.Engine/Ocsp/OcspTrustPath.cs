namespace PkiRevocation.Ocsp
{
    /// <summary>How the signer of a response was authorized (RFC 6960 §4.2.2.2), tried in this order.</summary>
    public enum OcspTrustPath
    {
        /// <summary>No signer was authorized (or there was no response to verify).</summary>
        None,
        /// <summary>Signed by the CA that issued the certificate.</summary>
        Issuer,
        /// <summary>Signed by a responder certificate issued by that CA, carrying id-kp-OCSPSigning (Delegated Trust Model).</summary>
        Delegated,
        /// <summary>Signed by a responder certificate the administrator trusts (Trusted Responder Model, self-signed allowed).</summary>
        TrustedResponder,
    }
}
