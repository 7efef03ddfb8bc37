using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using PkiRevocation.Configuration;
using PkiRevocation.Ocsp;
using PkiRevocation.Revocation;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Ocsp;

/// <summary>
/// Crafted OCSP responses whose evidence must never read Good: several SingleResponses for the CertID asked, a signer
/// outside its validity when the response was produced; and what is known although critical (the CT SCT list), and
/// serials encoded against DER, matched by their exact bytes. Reference time pinned at 2030-06-02 12:00.
/// </summary>
public sealed class OcspFailClosedTests : IDisposable
{
    private static readonly DateTime At = new(2030, 6, 2, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TestCertificate Ca = TestPki.CreateRoot("CN=OCSP Fail Closed CA", At);
    private static readonly TestCertificate Leaf = Ca.Issue("CN=leaf.fail-closed.test", At.AddDays(-30), At.AddDays(300), o => o.WithSerial(0x4001));
    private static readonly TestCertificate Other = Ca.Issue("CN=other.fail-closed.test", At.AddDays(-30), At.AddDays(300), o => o.WithSerial(0x4002));
    private const string SctListOid = "1.3.6.1.4.1.11129.2.4.5";

    private readonly TempDirectory _temp = new("ocsp-fail-closed");
    private readonly PkiEngine _engine;

    public OcspFailClosedTests()
    {
        _engine = new PkiEngine(new EngineEnvironment(new FixedClock(At), paths: new PkiRevocationPaths(_temp.File("home"))));
    }

    public void Dispose() => _temp.Dispose();

    private OcspResult Verify(byte[] der, TestCertificate? certificate = null, Action<OcspCheckRequest>? configure = null)
    {
        var options = new OcspCheckRequest { At = At };
        configure?.Invoke(options);
        return _engine.Ocsp.Verify(der, (certificate ?? Leaf).Certificate, Ca.Certificate, options);
    }

    private static CertStatus RevokedStatus() => new(new RevokedInfo(new DerGeneralizedTime(At.AddDays(-1)), new CrlReason(1)));

    private static CertStatus UnknownStatus() => new(2, DerNull.Instance);

    private static void Expect(OcspStatus status, OcspResult result, OcspFailureReason? reason = null)
    {
        Assert.True(result.Status == status && result.FailureReason == reason,
            $"Expected {status}/{reason}, got {result.Status}/{result.FailureReason}.\n" + string.Join("\n", result.Steps));
    }

    // Item 2: several SingleResponses for the CertID asked: the worst decides.

    [Theory]
    [InlineData("good,revoked")]
    [InlineData("revoked,good")]
    [InlineData("good,unknown,good")]
    [InlineData("unknown,revoked")]
    public void Verify_SeveralSingleResponsesForTheCertId_TheWorstDecides(string statuses)
    {
        var crafted = new CraftedOcspResponse(Ca, At.AddMinutes(-5)) { IncludeSigner = false };
        foreach (var status in statuses.Split(','))
            crafted.Add(Ca, Leaf.Bc.SerialNumber, status == "good" ? new CertStatus() : status == "unknown" ? UnknownStatus() : RevokedStatus(), CraftedOcspResponse.Sha1);

        var result = Verify(crafted.Build());

        var worst = statuses.Contains("revoked") ? OcspStatus.Revoked : OcspStatus.Unknown;
        Expect(worst, result);
        Assert.Contains(result.Steps, s => s.Contains($"{statuses.Split(',').Length} SingleResponses match the CertID") && s.Contains("the worst decides"));
    }

    [Theory]
    [InlineData("sha256")]
    [InlineData("get")]
    [InlineData("no-nonce")]
    [InlineData("batch")]
    public void Check_GoodThenRevokedForOneCertIdOverHttp_IsRevokedOnEveryPath(string path)
    {
        var hash = path == "sha256" ? CraftedOcspResponse.Sha256 : CraftedOcspResponse.Sha1;
        var der = new CraftedOcspResponse(Ca, At.AddMinutes(-5)) { IncludeSigner = false }
            .Add(Ca, Leaf.Bc.SerialNumber, new CertStatus(), hash)
            .Add(Ca, Other.Bc.SerialNumber, new CertStatus(), hash)
            .Add(Ca, Leaf.Bc.SerialNumber, RevokedStatus(), hash)
            .Build();
        using var server = new RawHttpServer(_ => RawHttpServer.OcspResponse(der));
        var request = new OcspCheckRequest
        {
            At = At,
            ResponderUri = new Uri(server.Url),
            Timeout = TestTimeouts.Answering,
            HashAlgorithm = path == "sha256" ? OcspHashAlgorithm.Sha256 : OcspHashAlgorithm.Sha1,
            UseGet = path == "get",
            UseNonce = path != "no-nonce",
            Batch = path == "batch",
        };
        request.Certificates.Add(Leaf.Certificate);
        if (path == "batch") request.Certificates.Add(Other.Certificate);
        request.Issuers.Add(Ca.Certificate);

        var results = _engine.Ocsp.Check(request).ToList();

        Expect(OcspStatus.Revoked, results[0]);
        if (path == "batch") Expect(OcspStatus.Good, results[1]);
    }

    [Fact]
    public void Revocation_GoodThenRevokedThroughThePolicy_IsRevoked()
    {
        byte[]? der = null;
        using var server = new RawHttpServer(_ => RawHttpServer.OcspResponse(der!));
        var leaf = Ca.Issue("CN=policy.fail-closed.test", At.AddDays(-30), At.AddDays(300), o => o.WithSerial(0x4003).Ocsp(server.Url));
        der = new CraftedOcspResponse(Ca, At.AddMinutes(-5)) { IncludeSigner = false }.Good(Ca, leaf).Revoked(Ca, leaf, At.AddDays(-1), 1).Build();
        var request = new RevocationCheckRequest { Issuer = Ca.Certificate, At = At, Methods = [RevocationMethod.Ocsp], UseCache = false, Timeout = TestTimeouts.Answering };
        request.Certificates.Add(leaf.Certificate);

        var result = Assert.Single(_engine.Revocation.Check(request).ToList()).Result!;

        Assert.Equal(RevocationStatus.Revoked, result.Status);
        Assert.Contains(result.Steps, s => s.Contains("the worst decides"));
    }

    // Item 3: producedAt and thisUpdate must fall within the signer's validity.

    [Fact]
    public void Verify_ProducedBeforeTheDelegatedResponderWasValid_IsUnauthorized()
    {
        var delegated = Ca.Issue("CN=Late Delegated Responder", At.AddHours(-1), At.AddDays(30), o => o.OcspSigning());
        var der = new CraftedOcspResponse(delegated, At.AddHours(-3)) { NextUpdate = At.AddHours(1) }.Good(Ca, Leaf).Build();

        var result = Verify(der);

        Expect(OcspStatus.Indeterminate, result, OcspFailureReason.UnauthorizedResponder);
        Assert.Contains(result.Steps, s => s.Contains("producedAt") && s.Contains("not valid"));
    }

    [Fact]
    public void Verify_ProducedBeforeTheTrustedResponderWasValid_IsUnauthorized()
    {
        var trusted = TestPki.CreateRoot("CN=Late Trusted Responder", At.AddHours(-1), At.AddDays(30));
        var der = new CraftedOcspResponse(trusted, At.AddHours(-3)) { NextUpdate = At.AddHours(1) }.Good(Ca, Leaf).Build();

        var result = Verify(der, configure: r => r.TrustedResponders.Add(trusted.Certificate));

        Expect(OcspStatus.Indeterminate, result, OcspFailureReason.UnauthorizedResponder);
        Assert.Contains(result.Steps, s => s.Contains("producedAt"));
    }

    [Fact]
    public void Verify_ThisUpdateBeforeTheDelegatedResponderWasValid_IsUnauthorized()
    {
        var delegated = Ca.Issue("CN=Late Delegated Responder 2", At.AddHours(-1), At.AddDays(30), o => o.OcspSigning());
        var der = new CraftedOcspResponse(delegated, At.AddHours(-3)) { ProducedAt = At.AddMinutes(-30), NextUpdate = At.AddHours(1) }.Good(Ca, Leaf).Build();

        var result = Verify(der);

        Expect(OcspStatus.Indeterminate, result, OcspFailureReason.UnauthorizedResponder);
        Assert.Contains(result.Steps, s => s.Contains("thisUpdate"));
    }

    [Fact]
    public void Verify_ProducedWithinTheDelegatedResponderValidity_IsGood()
    {
        var delegated = Ca.Issue("CN=Timely Delegated Responder", At.AddHours(-1), At.AddDays(30), o => o.OcspSigning());
        var der = new CraftedOcspResponse(delegated, At.AddMinutes(-30)).Good(Ca, Leaf).Build();

        Expect(OcspStatus.Good, Verify(der));
    }

    // Item 13: a huge maximum age is a long window, not an overflow (thisUpdate + TimeSpan.MaxValue is no DateTime).

    [Fact]
    public void Verify_NoNextUpdateAndTheLargestMaxAge_IsGoodNotAnOverflow()
    {
        var der = new CraftedOcspResponse(Ca, At.AddDays(-400)) { IncludeSigner = false, NextUpdate = null, ProducedAt = At.AddMinutes(-5) }.Good(Ca, Leaf).Build();

        var withinAnyAge = Verify(der, configure: r => r.MaxAge = TimeSpan.MaxValue);
        var tooOld = Verify(der, configure: r => r.MaxAge = TimeSpan.FromDays(7));

        Expect(OcspStatus.Good, withinAnyAge);
        Expect(OcspStatus.Indeterminate, tooOld, OcspFailureReason.Stale);
    }

    // Item 10: the CT SCT list is a known SingleResponse extension, critical or not.

    [Fact]
    public void Verify_CriticalSctListInSingleResponse_IsKnownAndGood_OtherCriticalStillRefused()
    {
        var sct = new CraftedOcspResponse(Ca, At.AddMinutes(-5)) { IncludeSigner = false }.Good(Ca, Leaf);
        sct.SingleExtensions.Add((SctListOid, true, new DerOctetString(new byte[] { 0x00, 0x00 })));
        var unknown = new CraftedOcspResponse(Ca, At.AddMinutes(-5)) { IncludeSigner = false }.Good(Ca, Leaf);
        unknown.SingleExtensions.Add(("1.2.3.4.5", true, DerNull.Instance));

        var result = Verify(sct.Build());

        Expect(OcspStatus.Good, result);
        Assert.Contains(result.Steps, s => s.Contains("Certificate Transparency"));
        Expect(OcspStatus.Indeterminate, Verify(unknown.Build()), OcspFailureReason.UnhandledCriticalExtension);
    }

    // Item 11: serials encoded as negative or non-minimal INTEGERs are matched by their exact bytes.

    [Fact]
    public void Verify_NegativeSerial_IsDecidedWithTheViolationInSteps()
    {
        var der = RawCertificate.Build(Ca, [0xFF, 0x09], "CN=negative.fail-closed.test", At.AddDays(-30), At.AddDays(300));
        var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(der);
        var response = CraftedOcspResponse.Sign(CraftedOcspResponse.RawGoodResponseData(Ca, CraftedOcspResponse.RawCertId(Ca, [0xFF, 0x09]), At), Ca.Keys.Private, null);

        var result = _engine.Ocsp.Verify(response, certificate, Ca.Certificate, new OcspCheckRequest { At = At });

        Expect(OcspStatus.Good, result);
        Assert.Contains(result.Steps, s => s.Contains("is a negative INTEGER") && s.Contains("exact bytes"));
    }

    [Fact]
    public void Check_NonMinimalSerial_MatchedByExactBytesOnly()
    {
        var der = RawCertificate.Build(Ca, [0x00, 0x09], "CN=padded.fail-closed.test", At.AddDays(-30), At.AddDays(300));
        var exact = CraftedOcspResponse.Sign(CraftedOcspResponse.RawGoodResponseData(Ca, CraftedOcspResponse.RawCertId(Ca, [0x00, 0x09]), At), Ca.Keys.Private, null);
        var minimal = CraftedOcspResponse.Sign(CraftedOcspResponse.RawGoodResponseData(Ca, CraftedOcspResponse.RawCertId(Ca, [0x09]), At), Ca.Keys.Private, null);

        var matched = Offline(der, exact);
        var other = Offline(der, minimal);

        Expect(OcspStatus.Good, matched);
        Assert.Contains(matched.Steps, s => s.Contains("not minimally encoded"));
        Expect(OcspStatus.Indeterminate, other, OcspFailureReason.NoMatchingResponse);
    }

    private OcspResult Offline(byte[] certificate, byte[] response)
    {
        var request = new OcspCheckRequest { At = At, Response = response };
        request.EncodedCertificates.Add(certificate);
        request.Issuers.Add(Ca.Certificate);
        return Assert.Single(_engine.Ocsp.Check(request).ToList());
    }
}
