using System;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1.X509;

namespace PkiRevocation.Certificates
{
    /// <summary>
    /// The facts every report needs, read from the DER even when the platform refuses the certificate
    /// (a certificate with non-conforming times must still be reported, not dropped).
    /// </summary>
    internal sealed class CertificateFacts
    {
        public string Subject { get; private set; } = "";
        public string Issuer { get; private set; } = "";
        public string SerialNumber { get; private set; } = "";
        public string Thumbprint { get; private set; } = "";
        public DateTime NotBefore { get; private set; }
        public DateTime NotAfter { get; private set; }
        public CertificateValidityTimes Times { get; private set; } = null!;
        public X509Certificate2? Certificate { get; private set; }

        /// <summary>Whether the platform parses the certificate (then the names are the platform's, as X509Certificate2 gives them).</summary>
        public bool PlatformAccepts { get; private set; }

        /// <summary>Throws FormatException when the bytes are not a certificate.</summary>
        public static CertificateFacts Read(byte[] der, X509Certificate2? platform = null) => Read(der, platform, keepCertificate: true);

        /// <summary>
        /// The facts without a platform object: one is built to learn what the platform makes of the certificate and
        /// disposed (facts shared by every certificate with these bytes, as <see cref="Expiry.ExpiryService"/> keeps them).
        /// </summary>
        public static CertificateFacts ReadDetached(byte[] der) => Read(der, null, keepCertificate: false);

        private static CertificateFacts Read(byte[] der, X509Certificate2? platform, bool keepCertificate)
        {
            var times = TimeEncodingChecker.CheckCertificate(der);
            if (times.NotBefore.Value == null || times.NotAfter.Value == null)
            {
                var bad = (times.NotBefore.Value == null ? times.NotBefore : times.NotAfter).Violations;
                throw new FormatException("the validity period cannot be decoded: " + string.Join("; ", bad.Select(v => v.ToString()))
                    + " is not a time from 0001-01-01 to 9999-12-31");
            }

            var facts = new CertificateFacts
            {
                Times = times,
                NotBefore = times.NotBefore.Value.Value,
                NotAfter = times.NotAfter.Value.Value,
                Thumbprint = Hex(Sha1(der)),
                Certificate = platform ?? TryPlatform(der),
            };

            if (facts.Certificate != null)
            {
                facts.PlatformAccepts = true;
                facts.Subject = facts.Certificate.Subject;
                facts.Issuer = facts.Certificate.Issuer;
                facts.SerialNumber = facts.Certificate.SerialNumber;
                if (!keepCertificate)
                {
                    facts.Certificate.Dispose();
                    facts.Certificate = null;
                }
            }
            else
            {
                X509CertificateStructure structure;
                try { structure = X509CertificateStructure.GetInstance(Org.BouncyCastle.Asn1.Asn1Object.FromByteArray(der)); }
                catch (Exception ex) { throw new FormatException(ex.Message, ex); }
                facts.Subject = DistinguishedNames.Display(structure.Subject);
                facts.Issuer = DistinguishedNames.Display(structure.Issuer);
                facts.SerialNumber = Hex(structure.SerialNumber.Value.ToByteArrayUnsigned());
            }

            return facts;
        }

        private static X509Certificate2? TryPlatform(byte[] der)
        {
            try { return new X509Certificate2(der); }
            catch (CryptographicException) { return null; }
        }

        private static byte[] Sha1(byte[] data)
        {
            using (var sha1 = SHA1.Create()) return sha1.ComputeHash(data);
        }

        internal static string Hex(byte[] bytes) => HexText.Upper(bytes);
    }
}
