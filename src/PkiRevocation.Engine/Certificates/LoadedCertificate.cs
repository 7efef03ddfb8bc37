using System.Security.Cryptography.X509Certificates;

namespace PkiRevocation.Certificates
{
    /// <summary>A certificate with where it came from ("C:\certs\web.pem", "store://LocalMachine/My", "host:443").</summary>
    public sealed class LoadedCertificate
    {
        public LoadedCertificate(byte[] rawData, string source, CertificateFormat format, X509Certificate2? certificate = null)
        {
            RawData = rawData;
            Source = source;
            Format = format;
            Certificate = certificate;
        }

        public byte[] RawData { get; }

        public string Source { get; }

        public CertificateFormat Format { get; }

        /// <summary>The platform object when the platform could parse it (a certificate with malformed times may not be).</summary>
        public X509Certificate2? Certificate { get; }
    }
}
