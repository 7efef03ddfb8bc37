using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1.X509;
using PkiRevocation.Ocsp;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Ocsp;

/// <summary>The DER view of a checked certificate reads what BouncyCastle's full decode read: serial, issuer name, OCSP URIs in AIA order.</summary>
public sealed class TbsCertificateViewTests
{
    private static readonly DateTime At = new(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(1L)]
    [InlineData(0x80L)]               // DER needs a leading zero byte: still positive
    [InlineData(0x7FFF_FFFF_FFFFL)]
    public void TryRead_SerialIssuerAndOcspUris_AsBouncyCastleDecodesThem(long serial)
    {
        var ca = TestPki.CreateRoot("CN=View CA, O=Example", At.AddYears(-1), At.AddYears(1));
        var leaf = ca.Issue("CN=leaf", At.AddDays(-1), At.AddDays(30), o =>
        {
            o.WithSerial(serial).Ocsp("http://127.0.0.1:1/dead", "http://ocsp.example.test/").Crl("http://crl.example.test/ca.crl");
            o.CaIssuerUrls.Add("http://ca.example.test/ca.cer");
        });

        var view = TbsCertificateView.TryRead(leaf.Der);

        Assert.NotNull(view);
        Assert.Equal(leaf.Bc.SerialNumber, view!.SerialNumber);
        Assert.Equal(leaf.Bc.CertificateStructure.Issuer.GetDerEncoded(), view.IssuerNameDer);
        Assert.True(view.IssuerName.Equivalent(leaf.Bc.IssuerDN));
        Assert.Equal(new[] { "http://127.0.0.1:1/dead", "http://ocsp.example.test/" }, view.OcspUris);
        Assert.True(view.IssuerNameMatches(ca.Bc));
    }

    [Fact]
    public void TryRead_NoAia_NoUris_AndAnotherCaNameDoesNotMatch()
    {
        var ca = TestPki.CreateRoot("CN=View CA", At.AddYears(-1), At.AddYears(1));
        var other = TestPki.CreateRoot("CN=Other CA", At.AddYears(-1), At.AddYears(1));
        var leaf = ca.Issue("CN=leaf", At.AddDays(-1), At.AddDays(30));

        var view = TbsCertificateView.TryRead(leaf.Der)!;

        Assert.Empty(view.OcspUris);
        Assert.False(view.IssuerNameMatches(other.Bc));
        Assert.True(view.IssuerNameMatches(ca.Bc));
    }

    [Fact]
    public void TryRead_NotACertificate_IsNull()
    {
        var ca = TestPki.CreateRoot("CN=View CA", At.AddYears(-1), At.AddYears(1));
        Assert.Null(TbsCertificateView.TryRead(ca.Der[..^3]));
        Assert.Null(TbsCertificateView.TryRead([.. ca.Der, 0x00]));
        Assert.Null(TbsCertificateView.TryRead([0x30, 0x03, 0x02, 0x01, 0x01]));
        Assert.Null(TbsCertificateView.TryRead(Array.Empty<byte>()));
    }

    /// <summary>Names as RDN lists: each RDN a list of (OID, string tag, value); a null tag writes a SEQUENCE value (not a string: rendered in hex).</summary>
    public static IEnumerable<object[]> Names() =>
    [
        ["plain", new[] { Rdn(("2.5.4.6", UniversalTagNumber.PrintableString, "DE")), Rdn(("2.5.4.10", UniversalTagNumber.UTF8String, "Example AG")), Rdn(("2.5.4.3", UniversalTagNumber.UTF8String, "www.example.test")) }],
        ["multi-valued RDN", new[] { Rdn(("2.5.4.3", UniversalTagNumber.UTF8String, "a"), ("2.5.4.11", UniversalTagNumber.UTF8String, "b")), Rdn(("2.5.4.10", UniversalTagNumber.PrintableString, "Org")) }],
        ["escaping", new[] { Rdn(("2.5.4.3", UniversalTagNumber.UTF8String, " lead, \"quoted\" + plus; semi <lt> >gt #hash \\back =eq trail ")), Rdn(("2.5.4.11", UniversalTagNumber.UTF8String, "#starts with hash")), Rdn(("2.5.4.7", UniversalTagNumber.UTF8String, "line\nbreak")) }],
        ["UTF8 non-ASCII", new[] { Rdn(("2.5.4.3", UniversalTagNumber.UTF8String, "Zürich Straße 日本 🔒")), Rdn(("2.5.4.10", UniversalTagNumber.UTF8String, "Ελληνικά")) }],
        ["BMPString", new[] { Rdn(("2.5.4.3", UniversalTagNumber.BMPString, "Bmp Ünïcødé Кириллица")), Rdn(("2.5.4.8", UniversalTagNumber.BMPString, "Österreich")) }],
        ["IA5, T61, DC, e-mail", new[] { Rdn(("0.9.2342.19200300.100.1.25", UniversalTagNumber.IA5String, "example")), Rdn(("0.9.2342.19200300.100.1.25", UniversalTagNumber.IA5String, "test")), Rdn(("1.2.840.113549.1.9.1", UniversalTagNumber.IA5String, "pki@example.test")), Rdn(("2.5.4.3", UniversalTagNumber.T61String, "teletex name")) }],
        ["unknown OID, non-string value, serialNumber", new[] { Rdn(("1.2.3.4.5", UniversalTagNumber.UTF8String, "private attribute")), Rdn(("1.2.3.4.6", null, "")), Rdn(("2.5.4.5", UniversalTagNumber.PrintableString, "12345")), Rdn(("2.5.4.3", UniversalTagNumber.UTF8String, "")) }],
        ["empty name", Array.Empty<(string, UniversalTagNumber?, string)[]>()],
    ];

    [Theory]
    [MemberData(nameof(Names))]
    public void TryRead_WithNames_SubjectIssuerAndSerialAsX509Certificate2(string what, (string Oid, UniversalTagNumber? Tag, string Value)[][] name)
    {
        var other = Rdn(("2.5.4.3", UniversalTagNumber.PrintableString, "Other, (Name)"), ("2.5.4.10", UniversalTagNumber.UTF8String, "\"Ö\"+O"));
        byte[][] serials = [[0x01], [0x00, 0x80], [0x00, 0xFF, 0x01, 0xAB], [0x7F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01]];
        foreach (var serial in serials)
        {
            foreach (var (subject, issuer) in new[] { (name, new[] { other }), (new[] { other }, name), (name, name) })
            {
                var der = Issue(NameDer(subject), NameDer(issuer), serial);
                using var platform = X509CertificateLoader.LoadCertificate(der);

                var view = TbsCertificateView.TryRead(der, true, out var problem);

                Assert.True(view != null, $"{what}: {problem}");
                Assert.Equal(platform.Subject, view!.Subject);
                Assert.Equal(platform.Issuer, view.Issuer);
                Assert.Equal(platform.SerialNumber, view.SerialNumberHex);
                Assert.Equal(new X500DistinguishedName(platform.SubjectName.RawData).Name, view.Subject);
            }
        }
    }

    [Fact]
    public void TryRead_SerialWithLeadingZero_KeepsTheZeroInHex()
    {
        var der = Issue(NameDer([Rdn(("2.5.4.3", UniversalTagNumber.UTF8String, "z"))]), NameDer([Rdn(("2.5.4.3", UniversalTagNumber.UTF8String, "ca"))]), [0x00, 0x9A, 0x01]);

        var view = TbsCertificateView.TryRead(der, true, out _)!;

        Assert.Equal("009A01", view.SerialNumberHex);
        Assert.Equal(X509CertificateLoader.LoadCertificate(der).SerialNumber, view.SerialNumberHex);
    }

    private static (string, UniversalTagNumber?, string)[] Rdn(params (string, UniversalTagNumber?, string)[] attributes) => attributes;

    private static byte[] NameDer((string Oid, UniversalTagNumber? Tag, string Value)[][] rdns)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var rdn in rdns)
            {
                using (writer.PushSetOf())
                {
                    foreach (var (oid, tag, value) in rdn)
                    {
                        using (writer.PushSequence())
                        {
                            writer.WriteObjectIdentifier(oid);
                            if (tag == UniversalTagNumber.T61String) writer.WriteEncodedValue([0x14, (byte)value.Length, .. System.Text.Encoding.Latin1.GetBytes(value)]);
                            else if (tag.HasValue) writer.WriteCharacterString(tag.Value, value);
                            else writer.WriteEncodedValue([0x30, 0x03, 0x02, 0x01, 0x05]);
                        }
                    }
                }
            }
        }

        return writer.Encode();
    }

    /// <summary>A certificate with exactly these subject and issuer Name encodings and serial content octets (signed by a throwaway key).</summary>
    private static byte[] Issue(byte[] subject, byte[] issuer, byte[] serial)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName(subject), key, HashAlgorithmName.SHA256);
        using var certificate = request.Create(new X500DistinguishedName(issuer), X509SignatureGenerator.CreateForECDsa(key), At.AddDays(-1), At.AddDays(1), serial);
        return certificate.RawData;
    }
}
