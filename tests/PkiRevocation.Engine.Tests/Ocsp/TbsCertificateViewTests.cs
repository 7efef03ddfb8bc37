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
}
