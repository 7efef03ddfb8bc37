using PkiRevocation.Configuration;
using PkiRevocation.Revocation;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Revocation;

/// <summary>
/// The combined check with the real OCSP engine: `openssl ocsp` as responder and CRLs over HTTP, both on 127.0.0.1.
/// openssl ocsp stamps its responses with the current time, so the reference time is the test's start.
/// </summary>
public sealed class RevocationWithOcspResponderTests : IDisposable
{
    private readonly DateTime _at = DateTime.UtcNow;
    private readonly TempDirectory _temp = new("revocation-ocsp");
    private readonly StaticHttpServer _crlServer = new();
    private readonly TestCertificate _ca;
    private readonly TestCertificate _good;
    private readonly TestCertificate _revoked;
    private readonly TestCertificate _stranger;
    private readonly int _ocspPort = FreePort.Next();
    private readonly PkiEngine _engine;

    public RevocationWithOcspResponderTests()
    {
        _ca = TestPki.CreateRoot("CN=OCSP and CRL Test CA", _at);
        var ocspUrl = $"http://127.0.0.1:{_ocspPort}/";
        _good = _ca.Issue("CN=good", _at.AddDays(-30), _at.AddDays(300), o => o.Ocsp(ocspUrl).Crl(_crlServer.Url("ca.crl")).WithSerial(0x1001));
        _revoked = _ca.Issue("CN=revoked", _at.AddDays(-30), _at.AddDays(300), o => o.Ocsp(ocspUrl).Crl(_crlServer.Url("ca.crl")).WithSerial(0x1002));
        _stranger = _ca.Issue("CN=stranger", _at.AddDays(-30), _at.AddDays(300), o => o.Ocsp(ocspUrl).Crl(_crlServer.Url("ca.crl")).WithSerial(0x1003));
        _crlServer.Set("ca.crl", RawCrl.Build(_ca, [RawCrl.Entry(0x1002, _at.AddDays(-2).ToString("yyMMddHHmmss") + "Z", RawCrl.ReasonCode(1))],
            RawCrl.Utc(_at.AddDays(-1)), RawCrl.Utc(_at.AddDays(5)), RawCrl.CrlNumber(4)));
        _engine = new PkiEngine(new EngineEnvironment(new FixedClock(_at), paths: new PkiRevocationPaths(Path.Combine(_temp.Path, "home"))));
    }

    public void Dispose()
    {
        _crlServer.Dispose();
        _temp.Dispose();
    }

    private OpenSslOcspResponder Responder() =>
        OpenSslOcspResponder.Start(_temp.Path, _ca, _ca, new OcspIndex().Valid(_good).Revoked(_revoked, _at.AddDays(-2), "keyCompromise"), nextUpdateMinutes: 60, port: _ocspPort);

    private RevocationResult Check(TestCertificate certificate, Action<RevocationCheckRequest>? configure = null)
    {
        var request = new RevocationCheckRequest { Issuer = _ca.Certificate, At = _at, Timeout = TestTimeouts.Answering };
        request.Certificates.Add(certificate.Certificate);
        configure?.Invoke(request);
        var outcome = Assert.Single(_engine.Revocation.Check(request));
        Assert.False(outcome.IsFailure, outcome.Failure?.ToString());
        return outcome.Result!;
    }

    [Fact]
    public void DefaultPolicy_ResponderUp_OcspDecidesGoodAndRevoked()
    {
        using var responder = Responder();

        var good = Check(_good);
        var revoked = Check(_revoked);

        Assert.Equal((RevocationStatus.NotRevoked, RevocationDecisionSource.Ocsp), (good.Status, good.DecidedBy));
        Assert.Equal((RevocationStatus.Revoked, RevocationDecisionSource.Ocsp), (revoked.Status, revoked.DecidedBy));
        Assert.Equal(RevocationReason.KeyCompromise, revoked.RevocationReason);
        Assert.Empty(_crlServer.Log);
    }

    [Fact]
    public void DefaultPolicy_ResponderDown_CrlDecides()
    {
        var good = Check(_good);
        var revoked = Check(_revoked); // the CRL fetched for the first certificate is now in the cache

        Assert.Equal((RevocationStatus.NotRevoked, RevocationDecisionSource.Crl), (good.Status, good.DecidedBy));
        Assert.Equal((RevocationStatus.Revoked, RevocationDecisionSource.Cache), (revoked.Status, revoked.DecidedBy));
        Assert.Equal(RevocationReason.KeyCompromise, revoked.RevocationReason);
        Assert.Contains(good.Steps, s => s.StartsWith("OCSP gave no trustworthy answer"));
    }

    [Theory]
    [InlineData(UnknownStatusAction.Revoked, RevocationStatus.Revoked, RevocationDecisionSource.Ocsp)]
    [InlineData(UnknownStatusAction.NotRevoked, RevocationStatus.NotRevoked, RevocationDecisionSource.Ocsp)]
    [InlineData(UnknownStatusAction.Indeterminate, RevocationStatus.NotRevoked, RevocationDecisionSource.Crl)]
    public void ResponderSaysUnknown_FollowsUnknownStatus(UnknownStatusAction action, RevocationStatus status, RevocationDecisionSource decidedBy)
    {
        using var responder = Responder();

        var result = Check(_stranger, r => r.UnknownStatus = action);

        Assert.Equal((status, decidedBy), (result.Status, result.DecidedBy));
    }

    [Fact]
    public void OcspResponseCached_SecondCheckWithResponderGone_DecidedByCache()
    {
        using (Responder()) Check(_good);

        var again = Check(_good);

        Assert.Equal((RevocationStatus.NotRevoked, RevocationDecisionSource.Cache), (again.Status, again.DecidedBy));
        Assert.Contains(_engine.RevocationCache.List(RevocationCacheKind.Ocsp), e => e.Url.EndsWith(_good.Certificate.SerialNumber));
    }
}
