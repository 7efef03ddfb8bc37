using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Security;

namespace PkiRevocation.TestSupport;

/// <summary>
/// Certificates built byte by byte and signed by a test CA: serial numbers encoded exactly as given (negative,
/// non-minimal), v1 certificates without extensions. What no certificate generator produces on demand.
/// </summary>
public static class RawCertificate
{
    /// <summary>
    /// A certificate issued by <paramref name="issuer"/> with the serial INTEGER content <paramref name="serialContent"/>
    /// exactly as given. v1: no version field and no extensions; v3: subjectKeyIdentifier-free, with the
    /// authorityKeyIdentifier of the issuer and basicConstraints cA FALSE.
    /// </summary>
    public static byte[] Build(TestCertificate issuer, byte[] serialContent, string subject, DateTime notBefore, DateTime notAfter, bool v1 = false)
    {
        var keys = TestPki.NewKeys();
        var algorithm = Algorithm(issuer);
        var parts = new List<byte[]>();
        if (!v1) parts.Add(Der.Tlv(0xA0, Der.Tlv(0x02, [2])));
        parts.Add(Der.Tlv(0x02, serialContent));
        parts.Add(algorithm);
        parts.Add(issuer.Bc.SubjectDN.GetDerEncoded());
        parts.Add(Der.Sequence(Time(notBefore), Time(notAfter)));
        parts.Add(new X509Name(subject).GetDerEncoded());
        parts.Add(Org.BouncyCastle.X509.SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(keys.Public).GetDerEncoded());
        if (!v1)
        {
            var aki = new X509Extension(false, new Org.BouncyCastle.Asn1.DerOctetString(
                Org.BouncyCastle.X509.Extension.X509ExtensionUtilities.CreateAuthorityKeyIdentifier(issuer.Bc).GetDerEncoded()));
            var basic = new Org.BouncyCastle.Asn1.DerOctetString(new BasicConstraints(false).GetDerEncoded());
            parts.Add(Der.Tlv(0xA3, Der.Sequence(
                Der.Sequence(Der.Tlv(0x06, [0x55, 0x1D, 0x23]), aki.Value.GetDerEncoded()),
                Der.Sequence(Der.Tlv(0x06, [0x55, 0x1D, 0x13]), Der.Tlv(0x01, [0xFF]), basic.GetDerEncoded()))));
        }

        var tbs = Der.Sequence(parts.ToArray());
        var signer = SignerUtilities.GetSigner(TestPki.SignatureAlgorithm(issuer.Keys.Private));
        signer.Init(true, issuer.Keys.Private);
        signer.BlockUpdate(tbs, 0, tbs.Length);
        return Der.Sequence(tbs, algorithm, Der.BitString(signer.GenerateSignature()));
    }

    // ecdsa-with-SHA256, or sha256WithRSAEncryption with NULL parameters: what TestPki.SignatureAlgorithm signs with.
    private static byte[] Algorithm(TestCertificate issuer) => issuer.Keys.Private is Org.BouncyCastle.Crypto.Parameters.RsaKeyParameters
        ? Der.Sequence(Der.Tlv(0x06, [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B]), Der.Tlv(0x05, []))
        : Der.Sequence(Der.Tlv(0x06, [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02]));

    private static byte[] Time(DateTime value) => value.Year < 2050
        ? Der.UtcTime(value.ToString("yyMMddHHmmss") + "Z")
        : Der.GeneralizedTime(value.ToString("yyyyMMddHHmmss") + "Z");
}
