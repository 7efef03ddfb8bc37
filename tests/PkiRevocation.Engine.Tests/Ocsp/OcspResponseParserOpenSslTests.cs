using System.Security.Cryptography;
using PkiRevocation.Ocsp;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Ocsp;

/// <summary>
/// Responses of OpenSSL's real responder (`openssl ocsp -index`) on 127.0.0.1, parsed by <see cref="OcspResponseParser"/>
/// and by BouncyCastle: every field must be the same, and the values the ones the responder was told to send.
/// </summary>
public sealed class OcspResponseParserOpenSslTests : IClassFixture<OcspResponderFixture>
{
    private const string NonceOid = "1.3.6.1.5.5.7.48.1.2";
    private readonly OcspResponderFixture _pki;

    public OcspResponseParserOpenSslTests(OcspResponderFixture pki) => _pki = pki;

    /// <summary>The response the responder sent for <paramref name="request"/>, parsed both ways and compared.</summary>
    private ParsedOcspResponse Exchange(OcspCheckRequest request)
    {
        var results = _pki.Engine().Ocsp.Check(request).ToList();
        Assert.All(results, r => Assert.True(r.Status != OcspStatus.Indeterminate, $"{r.FailureReason}: {r.FailureMessage}"));
        var raw = Assert.Single(results.Select(r => r.RawResponse!).DistinctBy(Convert.ToBase64String));
        var parsed = OcspResponseParser.Parse(raw);
        Assert.True(parsed.Response != null, parsed.Message);
        var reference = BcOcspReference.Decode(raw);
        BcOcspReference.AssertSame(reference, parsed.Response!);
        Assert.Equal(reference.TbsResponseData, parsed.Response!.TbsResponseData); // OpenSSL sends DER: the re-encoding is the same bytes
        Assert.Same(raw, parsed.Response!.Raw);
        return parsed.Response!;
    }

    [Fact]
    public void Parse_CaSignedGood_ByNameWithNonceNextUpdateAndCaCertificate_SameAsBouncyCastle()
    {
        var response = Exchange(_pki.Request(_pki.Good));

        var single = Assert.Single(response.Responses);
        Assert.Equal(OcspStatus.Good, single.Status);
        Assert.Equal(TimeSpan.FromMinutes(60), single.NextUpdate!.Value - single.ThisUpdate);
        Assert.Equal(_pki.Ca.Bc.CertificateStructure.Subject.GetDerEncoded(), response.ResponderByNameDer);
        Assert.Null(response.ResponderByKey);
        Assert.Equal(_pki.Ca.Der, Assert.Single(response.Certificates).GetEncoded());
        var nonce = Assert.Single(response.Extensions);
        Assert.Equal((NonceOid, false), (nonce.Oid, nonce.Critical));
        Assert.Equal(CertId.Oid(OcspHashAlgorithm.Sha1), single.CertId.HashAlgorithmOid);
        Assert.Equal(_pki.Good.Bc.SerialNumber, single.CertId.SerialNumber);
    }

    [Fact]
    public void Parse_Revoked_TimeAndReason_SameAsBouncyCastle()
    {
        var single = Assert.Single(Exchange(_pki.Request(_pki.Revoked)).Responses);

        Assert.Equal(OcspStatus.Revoked, single.Status);
        Assert.Equal(_pki.RevokedAt, single.RevocationTime);
        Assert.Equal(DateTimeKind.Utc, single.RevocationTime!.Value.Kind);
        Assert.Equal("KeyCompromise", single.RevocationReason);
    }

    [Fact]
    public void Parse_Unknown_SameAsBouncyCastle()
    {
        var single = Assert.Single(Exchange(_pki.Request(_pki.Unknown)).Responses);

        Assert.Equal(OcspStatus.Unknown, single.Status);
        Assert.Null(single.RevocationTime);
    }

    [Fact]
    public void Parse_BatchOfTwelve_EverySingleResponseSameAsBouncyCastle()
    {
        var request = _pki.Request(_pki.Many.ToArray());
        request.Batch = true;

        var response = Exchange(request);

        Assert.Equal(_pki.Many.Select(c => c.Bc.SerialNumber), response.Responses.Select(s => s.CertId.SerialNumber));
        for (var i = 0; i < response.Responses.Count; i++)
        {
            var single = response.Responses[i];
            Assert.Equal(i % 3 == 0 ? OcspStatus.Good : i % 3 == 1 ? OcspStatus.Revoked : OcspStatus.Unknown, single.Status);
            Assert.Equal(i % 3 == 1 ? "Superseded" : null, single.RevocationReason);
        }
    }

    [Fact]
    public void Parse_DelegatedByKey_NoNextUpdate_SameAsBouncyCastle()
    {
        var response = Exchange(_pki.Request(_pki.DelegatedAia));

        Assert.Null(response.ResponderByName);
        Assert.Null(response.ResponderByNameDer);
        Assert.Equal(SHA1.HashData(_pki.DelegatedSigner.Bc.CertificateStructure.SubjectPublicKeyInfo.PublicKey.GetBytes()), response.ResponderByKey);
        Assert.Null(Assert.Single(response.Responses).NextUpdate);
        Assert.Equal(_pki.DelegatedSigner.Der, Assert.Single(response.Certificates).GetEncoded());
    }

    [Fact]
    public void Parse_DelegatedByName_SameAsBouncyCastle()
    {
        using var responder = _pki.StartResponder(_pki.DelegatedSigner);
        var request = _pki.Request(_pki.Good);
        request.ResponderUri = new Uri(responder.Url);

        var response = Exchange(request);

        Assert.Equal(_pki.DelegatedSigner.Bc.CertificateStructure.Subject.GetDerEncoded(), response.ResponderByNameDer);
        // The name in the module's one DN convention, the platform's (X509Certificate2.Subject: most specific first, ", ").
        using var signer = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(_pki.DelegatedSigner.Der);
        Assert.Equal(signer.Subject, response.ResponderName);
    }

    [Fact]
    public void Parse_NoNonceNoCertificatesSha256CertId_SameAsBouncyCastle()
    {
        using var responder = _pki.StartResponder(_pki.Ca, 60, "-resp_no_certs");
        var request = _pki.Request(_pki.Revoked);
        request.ResponderUri = new Uri(responder.Url);
        request.UseNonce = false;
        request.HashAlgorithm = OcspHashAlgorithm.Sha256;

        var response = Exchange(request);

        Assert.Empty(response.Certificates);
        Assert.Empty(response.Extensions);
        Assert.Equal(CertId.Oid(OcspHashAlgorithm.Sha256), Assert.Single(response.Responses).CertId.HashAlgorithmOid);
    }
}
