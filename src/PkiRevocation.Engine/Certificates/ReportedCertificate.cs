using System.Security.Cryptography.X509Certificates;

namespace PkiRevocation.Certificates
{
    /// <summary>
    /// The certificate a result carries: an X509Certificate2 in every way (it binds to -Certificate, keeps every member,
    /// serializes as one), whose text form is its thumbprint, so Export-Csv and string conversions write one readable
    /// field instead of the platform's multi-line dump.
    /// </summary>
    public sealed class ReportedCertificate : X509Certificate2
    {
        private ReportedCertificate(X509Certificate2 certificate)
            : base(certificate)
        {
        }

        private ReportedCertificate(byte[] der)
            : base(der)
        {
        }

        /// <summary>A certificate from its DER encoding (throws CryptographicException when the platform cannot parse it).</summary>
        public static ReportedCertificate Load(byte[] der) => new ReportedCertificate(der);

        /// <summary>The certificate as a result carries it (the same object when it already is one); null stays null.</summary>
        public static X509Certificate2? From(X509Certificate2? certificate) =>
            certificate == null ? null : certificate as ReportedCertificate ?? new ReportedCertificate(certificate);

        public override string ToString() => Thumbprint;

        public override string ToString(bool verbose) => verbose ? base.ToString(true) : Thumbprint;
    }
}
