using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;

namespace PkiRevocation.TestSupport;

/// <summary>
/// Generates PKIs in the test: roots, intermediates, end entities, OCSP signers. EC P-256 keys by default
/// (fast to generate); RSA 2048 on request. Times are exact to the second.
/// </summary>
public static class TestPki
{
    private static readonly SecureRandom Random = new();
    private static long _serial = DateTime.UtcNow.Ticks & 0xFFFFFFFFFFFFL;

    /// <summary>A self-signed CA.</summary>
    public static TestCertificate CreateRoot(string subject, DateTime notBefore, DateTime notAfter, Action<CertificateOptions>? configure = null)
    {
        var options = new CertificateOptions().Ca();
        configure?.Invoke(options);
        return Build(subject, notBefore, notAfter, options, issuer: null);
    }

    /// <summary>A root valid for ten years around <paramref name="at"/>.</summary>
    public static TestCertificate CreateRoot(string subject, DateTime at) => CreateRoot(subject, at.AddYears(-5), at.AddYears(5));

    internal static TestCertificate Build(string subject, DateTime notBefore, DateTime notAfter, CertificateOptions options, TestCertificate? issuer)
    {
        var keys = NewKeys(options.Rsa);
        var generator = new X509V3CertificateGenerator();
        var serial = options.Serial ?? BigInteger.ValueOf(Interlocked.Increment(ref _serial));
        var subjectName = new X509Name(subject);
        generator.SetSerialNumber(serial);
        generator.SetSubjectDN(subjectName);
        generator.SetIssuerDN(issuer?.Bc.SubjectDN ?? subjectName);
        generator.SetNotBefore(DateTime.SpecifyKind(notBefore, DateTimeKind.Utc));
        generator.SetNotAfter(DateTime.SpecifyKind(notAfter, DateTimeKind.Utc));
        generator.SetPublicKey(keys.Public);

        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, X509ExtensionUtilities.CreateSubjectKeyIdentifier(keys.Public));
        if (issuer != null) generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, X509ExtensionUtilities.CreateAuthorityKeyIdentifier(issuer.Bc));
        if (options.IsCa)
        {
            generator.AddExtension(X509Extensions.BasicConstraints, true, options.PathLength.HasValue ? new BasicConstraints(options.PathLength.Value) : new BasicConstraints(true));
            generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(options.KeyUsage ?? (KeyUsage.KeyCertSign | KeyUsage.CrlSign | KeyUsage.DigitalSignature)));
        }
        else
        {
            generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
            generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(options.KeyUsage ?? (KeyUsage.DigitalSignature | KeyUsage.KeyEncipherment)));
        }

        if (options.ExtendedKeyUsages.Count > 0)
            generator.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(options.ExtendedKeyUsages.Cast<KeyPurposeID>().ToArray()));
        if (options.OcspNoCheck)
            generator.AddExtension(new DerObjectIdentifier("1.3.6.1.5.5.7.48.1.5"), false, DerNull.Instance);

        var access = new List<AccessDescription>();
        access.AddRange(options.OcspUrls.Select(u => new AccessDescription(AccessDescription.IdADOcsp, new GeneralName(GeneralName.UniformResourceIdentifier, u))));
        access.AddRange(options.CaIssuerUrls.Select(u => new AccessDescription(AccessDescription.IdADCAIssuers, new GeneralName(GeneralName.UniformResourceIdentifier, u))));
        if (access.Count > 0)
            generator.AddExtension(X509Extensions.AuthorityInfoAccess, false, new DerSequence(access.ToArray<Asn1Encodable>()));
        if (options.CrlUrls.Count > 0)
            generator.AddExtension(X509Extensions.CrlDistributionPoints, false, DistributionPoints(options.CrlUrls));
        if (options.DeltaCrlUrls.Count > 0)
            generator.AddExtension(X509Extensions.FreshestCrl, false, DistributionPoints(options.DeltaCrlUrls));
        if (options.DnsNames.Count > 0)
            generator.AddExtension(X509Extensions.SubjectAlternativeName, false,
                new GeneralNames(options.DnsNames.Select(n => new GeneralName(GeneralName.DnsName, n)).ToArray()));

        var signingKey = issuer?.Keys.Private ?? keys.Private;
        var certificate = generator.Generate(new Asn1SignatureFactory(SignatureAlgorithm(signingKey), signingKey, Random));
        return new TestCertificate(certificate, keys, issuer);
    }

    private static CrlDistPoint DistributionPoints(IEnumerable<string> urls) =>
        new(urls.Select(u => new DistributionPoint(
            new DistributionPointName(new GeneralNames(new GeneralName(GeneralName.UniformResourceIdentifier, u))), null, null)).ToArray());

    public static AsymmetricCipherKeyPair NewKeys(bool rsa = false)
    {
        if (rsa)
        {
            var rsaGenerator = new RsaKeyPairGenerator();
            rsaGenerator.Init(new KeyGenerationParameters(Random, 2048));
            return rsaGenerator.GenerateKeyPair();
        }

        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(Org.BouncyCastle.Asn1.Sec.SecObjectIdentifiers.SecP256r1, Random));
        return generator.GenerateKeyPair();
    }

    public static string SignatureAlgorithm(AsymmetricKeyParameter key) => key is RsaKeyParameters ? "SHA256WithRSA" : "SHA256WithECDSA";
}
