using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using PkiRevocation.Ocsp;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Ocsp;

/// <summary>Who may sign: real OpenSSL responders signing with the wrong certificates, and crafted forgeries. None may yield Good.</summary>
public sealed class ResponderAuthorizationTests : IClassFixture<OcspResponderFixture>
{
    private readonly OcspResponderFixture _pki;

    public ResponderAuthorizationTests(OcspResponderFixture pki) => _pki = pki;

    private OcspResult CheckAgainst(OpenSslOcspResponder responder, Action<OcspCheckRequest>? configure = null)
    {
        var request = _pki.Request(_pki.Good);
        request.ResponderUri = new Uri(responder.Url);
        configure?.Invoke(request);
        return Assert.Single(_pki.Engine().Ocsp.Check(request).ToList());
    }

    private static void Refused(OcspResult result, OcspFailureReason reason, string because)
    {
        Assert.True(result.Status == OcspStatus.Indeterminate && result.FailureReason == reason,
            $"Expected Indeterminate/{reason}, got {result.Status}/{result.FailureReason}.\n" + string.Join("\n", result.Steps));
        Assert.Equal(OcspTrustPath.None, result.TrustPath);
        Assert.Contains(result.Steps, s => s.Contains(because));
    }

    [Fact]
    public void Verify_ResponseSignedByUnrelatedSelfSignedKey_IsUnauthorized()
    {
        var rogue = TestPki.CreateRoot("CN=Rogue Responder", _pki.At.AddDays(-1), _pki.At.AddDays(30), o => o.OcspSigning());
        using var responder = _pki.StartResponder(rogue);

        Refused(CheckAgainst(responder), OcspFailureReason.UnauthorizedResponder, "was not issued by the CA");
    }

    [Fact]
    public void Check_SelfSignedResponderTrustedByAdministrator_IsGoodWithTrustedResponderPath()
    {
        var trusted = TestPki.CreateRoot("CN=Trusted Responder", _pki.At.AddDays(-1), _pki.At.AddDays(30));
        using var responder = _pki.StartResponder(trusted);

        var result = CheckAgainst(responder, r => r.TrustedResponders.Add(trusted.Certificate));

        OcspServiceTests.Expect(OcspStatus.Good, result);
        Assert.Equal(OcspTrustPath.TrustedResponder, result.TrustPath);
        Assert.Contains(result.Steps, s => s.Contains("refused") && s.Contains("Delegated responder"));
    }

    [Fact]
    public void Verify_DelegatedResponderWithoutOcspSigningEku_IsUnauthorized()
    {
        var noEku = _pki.Ca.Issue("CN=Responder Without EKU", _pki.At.AddDays(-1), _pki.At.AddDays(30));
        using var responder = _pki.StartResponder(noEku);

        Refused(CheckAgainst(responder), OcspFailureReason.UnauthorizedResponder, "lacks the id-kp-OCSPSigning");
    }

    [Fact]
    public void Verify_DelegatedResponderIssuedByAnotherCa_IsUnauthorized()
    {
        var foreign = _pki.OtherCa.Issue("CN=Foreign Responder", _pki.At.AddDays(-1), _pki.At.AddDays(30), o => o.OcspSigning());
        using var responder = _pki.StartResponder(foreign);

        Refused(CheckAgainst(responder), OcspFailureReason.UnauthorizedResponder, "was not issued by the CA");
    }

    [Fact]
    public void Verify_ExpiredDelegatedResponder_IsUnauthorized()
    {
        var expired = _pki.Ca.Issue("CN=Expired Responder", _pki.At.AddDays(-60), _pki.At.AddDays(-1), o => o.OcspSigning());
        using var responder = _pki.StartResponder(expired);

        Refused(CheckAgainst(responder), OcspFailureReason.UnauthorizedResponder, "it expired on");
    }

    [Fact]
    public void Verify_ExpiredTrustedResponder_IsRefused()
    {
        var expired = TestPki.CreateRoot("CN=Expired Trusted Responder", _pki.At.AddDays(-60), _pki.At.AddDays(-1));
        var der = new CraftedOcspResponse(expired, _pki.At.AddMinutes(-1)).Good(_pki.Ca, _pki.Good).Build();

        var result = Verify(der, r => r.TrustedResponders.Add(expired.Certificate));

        Refused(result, OcspFailureReason.UnauthorizedResponder, "it expired on");
    }

    [Fact]
    public void Verify_ForgedSignatureNamingTheCa_IsSignatureInvalid()
    {
        var forged = new CraftedOcspResponse(_pki.Ca, _pki.At.AddMinutes(-1))
        {
            SigningKey = TestPki.NewKeys().Private,
            IncludeSigner = false,
        }.Good(_pki.Ca, _pki.Good).Build();

        Refused(Verify(forged), OcspFailureReason.SignatureInvalid, "signature does not verify");
    }

    [Fact]
    public void Verify_CorruptedSignatureByTheCa_IsSignatureInvalid()
    {
        var der = new CraftedOcspResponse(_pki.Ca, _pki.At.AddMinutes(-1)) { IncludeSigner = false }.Good(_pki.Ca, _pki.Good).Build();
        Assert.Equal(OcspStatus.Good, Verify(der).Status);
        der[^1] ^= 0x01;

        Refused(Verify(der), OcspFailureReason.SignatureInvalid, "signature does not verify");
    }

    [Fact]
    public void Verify_DelegatedCertificateCopiedWithAnotherKey_IsNotAuthorized()
    {
        // The genuine delegated certificate is carried, but the response is signed with some other key.
        var forged = new CraftedOcspResponse(_pki.DelegatedSigner, _pki.At.AddMinutes(-1)) { SigningKey = TestPki.NewKeys().Private }
            .Good(_pki.Ca, _pki.Good).Build();

        var result = Verify(forged);

        Assert.Equal(OcspStatus.Indeterminate, result.Status);
        Assert.Equal(OcspFailureReason.SignatureInvalid, result.FailureReason);
    }

    [Fact]
    public void Verify_RsaCaResponse_IsGood_AndTamperedIsSignatureInvalid()
    {
        var rsaCa = TestPki.CreateRoot("CN=RSA OCSP CA", _pki.At.AddYears(-1), _pki.At.AddYears(1), o => o.Rsa = true);
        var leaf = rsaCa.Issue("CN=rsa-leaf.example.test", _pki.At.AddDays(-1), _pki.At.AddDays(30));
        var der = new CraftedOcspResponse(rsaCa, _pki.At.AddMinutes(-1)) { IncludeSigner = false }.Good(rsaCa, leaf).Build();
        var options = new OcspCheckRequest { At = _pki.At };

        var good = _pki.Engine().Ocsp.Verify(der, leaf.Certificate, rsaCa.Certificate, options);
        der[^1] ^= 0x01;
        var tampered = _pki.Engine().Ocsp.Verify(der, leaf.Certificate, rsaCa.Certificate, options);

        OcspServiceTests.Expect(OcspStatus.Good, good);
        Assert.Equal(OcspFailureReason.SignatureInvalid, tampered.FailureReason);
    }

    [Fact]
    public void Verify_CraftedByTheCa_IsGood()
    {
        var der = new CraftedOcspResponse(_pki.Ca, _pki.At.AddMinutes(-1)).Good(_pki.Ca, _pki.Good).Build();

        var result = Verify(der);

        OcspServiceTests.Expect(OcspStatus.Good, result);
        Assert.Equal(OcspTrustPath.Issuer, result.TrustPath);
    }

    [Fact]
    public void Verify_CraftedByDelegatedResponderByKey_IsRevokedWithReason()
    {
        var revokedAt = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var der = new CraftedOcspResponse(_pki.DelegatedSigner, _pki.At.AddMinutes(-1)) { ResponderIdByKey = true }
            .Revoked(_pki.Ca, _pki.Revoked, revokedAt, CrlReason.CessationOfOperation).Build();

        var result = Verify(der, certificate: _pki.Revoked);

        OcspServiceTests.Expect(OcspStatus.Revoked, result);
        Assert.Equal(OcspTrustPath.Delegated, result.TrustPath);
        Assert.Equal(revokedAt, result.RevocationTime);
        Assert.Equal("CessationOfOperation", result.RevocationReason);
    }

    [Fact]
    public void Verify_UnhandledCriticalResponseExtension_IsIndeterminate()
    {
        var crafted = new CraftedOcspResponse(_pki.Ca, _pki.At.AddMinutes(-1)).Good(_pki.Ca, _pki.Good);
        crafted.ResponseExtensions.Add(("1.3.6.1.4.1.99999.1", true, DerNull.Instance));

        var result = Verify(crafted.Build());

        Assert.Equal(OcspStatus.Indeterminate, result.Status);
        Assert.Equal(OcspFailureReason.UnhandledCriticalExtension, result.FailureReason);
    }

    [Fact]
    public void Verify_UnhandledCriticalSingleExtension_IsIndeterminate()
    {
        var crafted = new CraftedOcspResponse(_pki.Ca, _pki.At.AddMinutes(-1)).Good(_pki.Ca, _pki.Good);
        crafted.SingleExtensions.Add(("1.3.6.1.4.1.99999.2", true, DerNull.Instance));

        var result = Verify(crafted.Build());

        Assert.Equal(OcspStatus.Indeterminate, result.Status);
        Assert.Equal(OcspFailureReason.UnhandledCriticalExtension, result.FailureReason);
    }

    [Fact]
    public void Verify_NonCriticalUnknownExtension_IsIgnored()
    {
        var crafted = new CraftedOcspResponse(_pki.Ca, _pki.At.AddMinutes(-1)).Good(_pki.Ca, _pki.Good);
        crafted.ResponseExtensions.Add(("1.3.6.1.4.1.99999.1", false, DerNull.Instance));

        Assert.Equal(OcspStatus.Good, Verify(crafted.Build()).Status);
    }

    [Fact]
    public void Verify_ProducedAtInTheFuture_IsNotYetValid()
    {
        var der = new CraftedOcspResponse(_pki.Ca, _pki.At.AddMinutes(-1)) { ProducedAt = _pki.At.AddHours(1) }.Good(_pki.Ca, _pki.Good).Build();

        var result = Verify(der);

        Assert.Equal(OcspFailureReason.NotYetValid, result.FailureReason);
    }

    [Fact]
    public void Verify_ThisUpdateWithinClockSkew_IsAccepted_BeyondIt_IsNotYetValid()
    {
        var near = new CraftedOcspResponse(_pki.Ca, _pki.At.AddMinutes(4)) { ProducedAt = _pki.At }.Good(_pki.Ca, _pki.Good).Build();
        var far = new CraftedOcspResponse(_pki.Ca, _pki.At.AddMinutes(6)) { ProducedAt = _pki.At }.Good(_pki.Ca, _pki.Good).Build();

        Assert.Equal(OcspStatus.Good, Verify(near).Status);
        Assert.Equal(OcspFailureReason.NotYetValid, Verify(far).FailureReason);
    }

    [Fact]
    public void Verify_NextUpdateBeforeThisUpdate_IsMalformed()
    {
        var der = new CraftedOcspResponse(_pki.Ca, _pki.At.AddMinutes(-1)) { NextUpdate = _pki.At.AddMinutes(-2) }.Good(_pki.Ca, _pki.Good).Build();

        var result = Verify(der);

        Assert.Equal(OcspStatus.Indeterminate, result.Status);
        Assert.NotNull(result.FailureReason);
    }

    [Fact]
    public void Verify_Sha256SingleResponseForSha1Request_MatchesByRecomputedHashes()
    {
        var der = new CraftedOcspResponse(_pki.Ca, _pki.At.AddMinutes(-1)).Good(_pki.Ca, _pki.Good, CraftedOcspResponse.Sha256).Build();

        var result = Verify(der);

        Assert.Equal(OcspStatus.Good, result.Status);
        Assert.Contains(result.Steps, s => s.Contains("recomputed"));
    }

    [Fact]
    public void Verify_ResponseAboutSameSerialFromAnotherIssuer_IsNoMatchingResponse()
    {
        var der = new CraftedOcspResponse(_pki.Ca, _pki.At.AddMinutes(-1))
            .Add(_pki.OtherCa, _pki.Good.Bc.SerialNumber, new Org.BouncyCastle.Asn1.Ocsp.CertStatus(), CraftedOcspResponse.Sha1).Build();

        var result = Verify(der);

        Assert.Equal(OcspFailureReason.NoMatchingResponse, result.FailureReason);
    }

    [Fact]
    public void Verify_WithAnIssuerThatDidNotIssueTheCertificate_IsIssuerNotFound()
    {
        var der = new CraftedOcspResponse(_pki.OtherCa, _pki.At.AddMinutes(-1)).Good(_pki.OtherCa, _pki.Good).Build();

        var result = _pki.Engine().Ocsp.Verify(der, _pki.Good.Certificate, _pki.OtherCa.Certificate, new OcspCheckRequest { At = _pki.At });

        Assert.Equal(OcspStatus.Indeterminate, result.Status);
        Assert.Equal(OcspFailureReason.IssuerNotFound, result.FailureReason);
    }

    [Theory]
    [InlineData(1, "malformedRequest")]
    [InlineData(2, "internalError")]
    [InlineData(3, "tryLater")]
    [InlineData(5, "sigRequired")]
    [InlineData(6, "unauthorized")]
    public void Verify_NonSuccessfulResponseStatus_IsResponderErrorWithCode(int status, string name)
    {
        var result = Verify(CraftedOcspResponse.Status(status));

        Assert.Equal(OcspStatus.Indeterminate, result.Status);
        Assert.Equal(OcspFailureReason.ResponderError, result.FailureReason);
        Assert.Contains($"{name} ({status})", result.FailureMessage);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(99)]
    public void Verify_UndefinedResponseStatus_IsMalformed(int status)
    {
        var result = Verify(CraftedOcspResponse.Status(status));

        Assert.Equal(OcspFailureReason.MalformedResponse, result.FailureReason);
    }

    [Fact]
    public void Verify_SuccessfulStatusWithoutResponseBytes_IsMalformed()
    {
        Assert.Equal(OcspFailureReason.MalformedResponse, Verify(CraftedOcspResponse.Status(0)).FailureReason);
    }

    [Fact]
    public void Check_TryLaterOverHttp_IsResponderError()
    {
        using var server = new RawHttpServer(_ => RawHttpServer.OcspResponse(CraftedOcspResponse.Status(3)));
        var request = _pki.Request(_pki.Good);
        request.ResponderUri = new Uri(server.Url);

        var result = Assert.Single(_pki.Engine().Ocsp.Check(request).ToList());

        Assert.Equal(OcspFailureReason.ResponderError, result.FailureReason);
        Assert.Contains("tryLater", result.FailureMessage);
    }

    private OcspResult Verify(byte[] der, Action<OcspCheckRequest>? configure = null, TestCertificate? certificate = null)
    {
        var options = new OcspCheckRequest { At = _pki.At };
        configure?.Invoke(options);
        return _pki.Engine().Ocsp.Verify(der, (certificate ?? _pki.Good).Certificate, _pki.Ca.Certificate, options);
    }
}
