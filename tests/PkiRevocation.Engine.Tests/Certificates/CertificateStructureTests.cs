using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PkiRevocation.Certificates;
using PkiRevocation.Ocsp;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Certificates;

/// <summary>
/// The cheap structural check agrees with the platform decoder: every certificate of the corpora that
/// X509Certificate2 loads passes it with the same Subject, Issuer and SerialNumber strings, unless it is BER (the
/// platform reads BER, the engine DER only); broken DER fails it.
/// </summary>
public sealed class CertificateStructureTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly DateTime At = new(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    public static IEnumerable<object[]> Corpora() =>
    [
        [Path.Combine("pkits", "certs")],
        [Path.Combine("fuzz-seeds", "openssl", "x509")],
        [Path.Combine("fuzz-seeds", "boringssl", "cert_corpus")],
    ];

    [Theory]
    [MemberData(nameof(Corpora))]
    public void IsWellFormed_EveryCorpusCertificateThePlatformLoads_PassesWithThePlatformsStrings(string corpus)
    {
        var files = Directory.GetFiles(Path.Combine(Tools.Corpora, corpus));
        Assert.NotEmpty(files);
        int loaded = 0, berRefused = 0, refusedByBoth = 0, acceptedOnlyHere = 0;
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            var wellFormed = CertificateStructure.IsWellFormed(bytes, out var problem);
            var platform = TryLoad(bytes);
            if (platform == null)
            {
                if (wellFormed) acceptedOnlyHere++; else refusedByBoth++;
                continue;
            }

            if (!wellFormed)
            {
                // OpenSSL also reads BER (indefinite lengths, constructed strings); the engine reads DER only
                // (RFC 5280 §4.1; the issuer's signature covers the DER). Only such a certificate may be refused.
                Assert.False(IsDer(bytes), $"{file}: a DER certificate the platform loads, the check refuses it: {problem}");
                berRefused++;
                continue;
            }

            loaded++;
            var view = TbsCertificateView.TryRead(bytes, true, out _)!;
            Assert.Equal(platform.Value.Subject, view.Subject);
            Assert.Equal(platform.Value.Issuer, view.Issuer);
            Assert.Equal(platform.Value.Serial, view.SerialNumberHex);
        }

        output.WriteLine($"{corpus}: {files.Length} files, {loaded} loaded by the platform and passed; BER loaded by the platform and refused {berRefused}; refused by both {refusedByBoth}; passed here but refused by the platform {acceptedOnlyHere}.");
        Assert.True(loaded > 0, $"{corpus}: no certificate loaded by the platform, the comparison proved nothing.");
    }

    [Fact]
    public void IsWellFormed_GoodCertificate_IsTrue()
    {
        var ca = TestPki.CreateRoot("CN=Structure CA", At);

        Assert.True(CertificateStructure.IsWellFormed(ca.Der, out var problem), problem);
        Assert.Equal("", problem);
    }

    [Fact]
    public void IsWellFormed_BrokenDer_IsFalseWithAReason()
    {
        var der = TestPki.CreateRoot("CN=Structure CA", At).Der;
        byte[][] broken =
        [
            [],
            [0x30, 0x03, 0x02, 0x01, 0x01],
            der[..^3],
            [.. der, 0x00],
            "-----BEGIN CERTIFICATE-----"u8.ToArray(),
            RandomNumberGenerator.GetBytes(600),
        ];

        foreach (var bytes in broken)
        {
            Assert.False(CertificateStructure.IsWellFormed(bytes, out var problem), Convert.ToHexString(bytes));
            Assert.False(string.IsNullOrWhiteSpace(problem));
        }
    }

    [Fact]
    public void IsWellFormed_NameThatIsNotAnRdnSequence_IsFalse()
    {
        // Subject "CN=x" as SEQUENCE { SET { SEQUENCE { OID 2.5.4.3, UTF8String "x" } } }: turn the SET into a SEQUENCE.
        var der = TestPki.CreateRoot("CN=x", At).Der;
        var at = IndexOf(der, [0x31, 0x0A, 0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x03]);
        Assert.True(at > 0);
        var broken = (byte[])der.Clone();
        broken[at] = 0x30;

        Assert.False(CertificateStructure.IsWellFormed(broken, out var problem));
        Assert.Contains("0x31", problem);
    }

    private static (string Subject, string Issuer, string Serial)? TryLoad(byte[] bytes)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(bytes);
            return (certificate.Subject, certificate.Issuer, certificate.SerialNumber);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Already DER: BouncyCastle's re-encoding (DER) gives the same bytes.</summary>
    private static bool IsDer(byte[] bytes)
    {
        try
        {
            return Org.BouncyCastle.Asn1.Asn1Object.FromByteArray(bytes).GetDerEncoded().AsSpan().SequenceEqual(bytes);
        }
        catch (Exception ex) when (ex is IOException || ex is Org.BouncyCastle.Asn1.Asn1Exception || ex is InvalidOperationException || ex is ArgumentException)
        {
            return false;
        }
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        return -1;
    }
}
