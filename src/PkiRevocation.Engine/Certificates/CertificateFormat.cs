namespace PkiRevocation.Certificates
{
    /// <summary>The container a certificate was read from.</summary>
    public enum CertificateFormat
    {
        Der,
        Pem,
        Pkcs7,
        Pkcs12,
        Store,
        Endpoint,
        Pipeline,
    }
}
