namespace PkiRevocation.Revocation
{
    /// <summary>CRLReason (RFC 5280 5.3.1, RFC 6960 2.2): why a certificate was revoked. Numbers are the wire codes.</summary>
    public enum RevocationReason
    {
        Unspecified = 0,
        KeyCompromise = 1,
        CaCompromise = 2,
        AffiliationChanged = 3,
        Superseded = 4,
        CessationOfOperation = 5,
        CertificateHold = 6,
        RemoveFromCrl = 8,
        PrivilegeWithdrawn = 9,
        AaCompromise = 10,
    }
}
