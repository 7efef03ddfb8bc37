namespace PkiRevocation.Files
{
    /// <summary>What a file given to the engine is expected to hold; each kind has its own size limit (<see cref="InputFile.LimitFor"/>).</summary>
    public enum InputFileKind
    {
        /// <summary>A certificate file: PEM (bundles too), DER, PKCS#7, PKCS#12.</summary>
        Certificate,

        /// <summary>A saved DER OCSP response.</summary>
        OcspResponse,

        /// <summary>A CRL or delta CRL (DER or PEM), large enough for a million entries.</summary>
        Crl,

        /// <summary>A JSON configuration or state file of the engine.</summary>
        Configuration,

        /// <summary>A stored secret (the monitor's SMTP login, the webhook URL).</summary>
        Credential,
    }
}
