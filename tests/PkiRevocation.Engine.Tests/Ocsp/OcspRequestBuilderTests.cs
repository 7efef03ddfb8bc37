using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using PkiRevocation.Ocsp;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Ocsp;

/// <summary>The directly encoded OCSPRequest is byte for byte what BouncyCastle's encoder produces for the same CertIDs and nonce.</summary>
public sealed class OcspRequestBuilderTests
{
    private static readonly DateTime At = new(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(OcspHashAlgorithm.Sha1, 1, true)]
    [InlineData(OcspHashAlgorithm.Sha256, 1, false)]
    [InlineData(OcspHashAlgorithm.Sha1, 3, false)]
    [InlineData(OcspHashAlgorithm.Sha256, 100, true)] // > 255 and > 65535 bytes of content: long-form lengths
    [InlineData(OcspHashAlgorithm.Sha1, 1000, true)]
    public void Build_SameBytesAsBouncyCastle(OcspHashAlgorithm algorithm, int count, bool withNonce)
    {
        var ca = TestPki.CreateRoot("CN=Request CA", At.AddYears(-1), At.AddYears(1));
        var serials = new long[] { 1, 0x7F, 0x80, 0xFF, 0x8000, 0x7FFF_FFFF_FFFF }.Concat(Enumerable.Range(1000, count).Select(s => (long)s)).Take(count);
        var ids = serials.Select(s => CertId.Create(algorithm, ca.Bc, Org.BouncyCastle.Math.BigInteger.ValueOf(s))).ToList();
        var nonce = withNonce ? OcspRequestBuilder.NewNonce() : null;

        Assert.Equal(Reference(ids, nonce), OcspRequestBuilder.Build(ids, nonce));
    }

    private static byte[] Reference(IReadOnlyList<CertId> ids, byte[]? nonce)
    {
        var requests = new DerSequence(ids.Select(id => (Asn1Encodable)new Request(id.ToAsn1(), null)).ToArray());
        X509Extensions? extensions = null;
        if (nonce != null)
        {
            var value = new DerOctetString(new DerOctetString(nonce).GetDerEncoded());
            extensions = new X509Extensions(new Dictionary<DerObjectIdentifier, X509Extension> { [new DerObjectIdentifier(OcspRequestBuilder.NonceOid)] = new X509Extension(false, value) });
        }

        return new OcspRequest(new TbsRequest(null, requests, extensions), null).GetDerEncoded();
    }
}
