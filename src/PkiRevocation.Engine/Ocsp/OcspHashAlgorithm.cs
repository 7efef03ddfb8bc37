namespace PkiRevocation.Ocsp
{
    /// <summary>The hash of the CertID in requests. SHA-1 is what most responders index.</summary>
    public enum OcspHashAlgorithm
    {
        Sha1,
        Sha256,
    }
}
