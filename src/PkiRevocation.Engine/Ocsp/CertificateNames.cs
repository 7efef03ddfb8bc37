using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace PkiRevocation.Ocsp
{
    /// <summary>
    /// What OCSP asks of an issuer or responder certificate again and again, computed once per certificate object:
    /// its subject for people, its subject Name DER (to match names byte for byte before any RFC 5280 comparison),
    /// and the SHA-1 of its subjectPublicKey (the ResponderID byKey). Values only: no decision is remembered here.
    /// </summary>
    internal static class CertificateNames
    {
        private static readonly ConditionalWeakTable<BcCertificate, string> Displays = new ConditionalWeakTable<BcCertificate, string>();
        private static readonly ConditionalWeakTable<BcCertificate, byte[]> Subjects = new ConditionalWeakTable<BcCertificate, byte[]>();
        private static readonly ConditionalWeakTable<BcCertificate, byte[]> KeyHashes = new ConditionalWeakTable<BcCertificate, byte[]>();

        public static string Display(BcCertificate certificate) => Displays.GetValue(certificate, c => PkiRevocation.Certificates.DistinguishedNames.Display(SubjectDer(c)));

        public static byte[] SubjectDer(BcCertificate certificate) => Subjects.GetValue(certificate, c => c.CertificateStructure.Subject.GetDerEncoded());

        public static byte[] KeySha1(BcCertificate certificate) => KeyHashes.GetValue(certificate, c =>
        {
            using (var sha1 = SHA1.Create()) return sha1.ComputeHash(c.CertificateStructure.SubjectPublicKeyInfo.PublicKey.GetBytes());
        });

        public static bool Same(byte[] a, byte[] b)
        {
            if (a.Length != b.Length) return false;
            for (var i = 0; i < a.Length; i++)
                if (a[i] != b[i]) return false;
            return true;
        }
    }
}
