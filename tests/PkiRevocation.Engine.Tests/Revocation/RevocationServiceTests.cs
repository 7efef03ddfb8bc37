using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;
using PkiRevocation.Revocation;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Revocation;

/// <summary>
/// The policy walk: OCSP (scripted by <see cref="FakeOcspChecker"/> until the OCSP engine is wired in), then real
/// CRLs from an OpenSSL CA served over HTTP on 127.0.0.1, then None. Reference time pinned at 2030-06-02.
/// </summary>
public sealed class RevocationServiceTests : IDisposable
{
    private static readonly DateTime At = new(2030, 6, 2, 12, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _temp = new("revocation");
    private readonly StaticHttpServer _server = new();
    private readonly OpenSslCa _ca;
    private readonly PkiEngine _engine;
    private readonly string _good;
    private readonly string _revoked;

    public RevocationServiceTests()
    {
        _ca = new OpenSslCa(Directory.CreateDirectory(Path.Combine(_temp.Path, "ca")).FullName);
        _good = _ca.Issue("good", [_server.Url("ca.crl")]);
        _revoked = _ca.Issue("revoked", [_server.Url("ca.crl")]);
        _ca.Revoke(_revoked, "affiliationChanged");
        _server.Set("ca.crl", _ca.Der(_ca.GenerateCrl(At.AddDays(-1), At.AddDays(5))));
        _engine = new PkiEngine(new EngineEnvironment(new FixedClock(At), paths: new PkiRevocationPaths(Path.Combine(_temp.Path, "home"))));
    }

    public void Dispose()
    {
        _server.Dispose();
        _temp.Dispose();
    }

    private RevocationResult Check(FakeOcspChecker ocsp, string certificatePem, Action<RevocationCheckRequest>? configure = null) =>
        Results(ocsp, certificatePem, configure).Single();

    private List<RevocationResult> Results(IOcspChecker ocsp, string certificatePem, Action<RevocationCheckRequest>? configure = null)
    {
        var service = new RevocationService(_engine.Environment, _engine.Crl, _engine.Policies, ocsp);
        var request = new RevocationCheckRequest { Issuer = _ca.Certificate, At = At, Timeout = TestTimeouts.Answering };
        request.Certificates.Add(_ca.Load(certificatePem));
        configure?.Invoke(request);
        var outcomes = service.Check(request).ToList();
        Assert.All(outcomes, o => Assert.False(o.IsFailure, o.Failure?.ToString()));
        return outcomes.Select(o => o.Result!).ToList();
    }

    [Fact]
    public void DefaultPolicy_OcspGood_DecidesWithoutFetchingCrl()
    {
        var ocsp = FakeOcspChecker.Answering(OcspCheckStatus.Good);

        var result = Check(ocsp, _good);

        Assert.Equal(RevocationStatus.NotRevoked, result.Status);
        Assert.Equal(RevocationDecisionSource.Ocsp, result.DecidedBy);
        Assert.Equal("Default", result.Policy);
        Assert.Empty(_server.Log);
        Assert.Equal(At, Assert.Single(ocsp.Calls).At);
    }

    [Fact]
    public void DefaultPolicy_OcspRevoked_IsRevokedWithOcspTimeAndReason()
    {
        var result = Check(FakeOcspChecker.Answering(OcspCheckStatus.Revoked), _good);

        Assert.Equal(RevocationStatus.Revoked, result.Status);
        Assert.Equal(RevocationDecisionSource.Ocsp, result.DecidedBy);
        Assert.Equal(RevocationReason.KeyCompromise, result.RevocationReason);
    }

    [Theory]
    [InlineData("good", RevocationStatus.NotRevoked)]
    [InlineData("revoked", RevocationStatus.Revoked)]
    public void DefaultPolicy_OcspResponderDown_CrlDecides(string certificate, RevocationStatus expected)
    {
        var result = Check(FakeOcspChecker.Down(), certificate == "good" ? _good : _revoked);

        Assert.Equal(expected, result.Status);
        Assert.Equal(RevocationDecisionSource.Crl, result.DecidedBy);
        Assert.Contains(result.Steps, s => s.StartsWith("OCSP gave no trustworthy answer: connection refused"));
        Assert.Contains(result.Steps, s => s.StartsWith("CRL decided"));
        if (expected == RevocationStatus.Revoked) Assert.Equal(RevocationReason.AffiliationChanged, result.RevocationReason);
    }

    [Theory]
    [InlineData(UnknownStatusAction.Revoked, RevocationStatus.Revoked, RevocationDecisionSource.Ocsp)]
    [InlineData(UnknownStatusAction.NotRevoked, RevocationStatus.NotRevoked, RevocationDecisionSource.Ocsp)]
    [InlineData(UnknownStatusAction.Indeterminate, RevocationStatus.NotRevoked, RevocationDecisionSource.Crl)]
    public void OcspUnknown_FollowsUnknownStatus(UnknownStatusAction action, RevocationStatus expected, RevocationDecisionSource decidedBy)
    {
        var result = Check(FakeOcspChecker.Answering(OcspCheckStatus.Unknown), _good, r => r.UnknownStatus = action);

        Assert.Equal(expected, result.Status);
        Assert.Equal(decidedBy, result.DecidedBy);
        Assert.Equal(action == UnknownStatusAction.Indeterminate, _server.Log.Count > 0);
    }

    [Fact]
    public void OcspUnknownAsIndeterminate_CrlDown_IsIndeterminate()
    {
        _server.Stop();

        var result = Check(FakeOcspChecker.Answering(OcspCheckStatus.Unknown), _good);

        Assert.Equal(RevocationStatus.Indeterminate, result.Status);
        Assert.Null(result.DecidedBy);
        Assert.Contains("unknown", result.FailureReason);
    }

    [Fact]
    public void EverythingDown_NoneListed_IsNotRevokedDecidedByNone()
    {
        _server.Stop();

        var result = Check(FakeOcspChecker.Down(), _good, r => r.Methods = [RevocationMethod.Ocsp, RevocationMethod.Crl, RevocationMethod.None]);

        Assert.Equal(RevocationStatus.NotRevoked, result.Status);
        Assert.Equal(RevocationDecisionSource.None, result.DecidedBy);
    }

    [Fact]
    public void EverythingDown_NoneNotListed_FailsClosedIndeterminate()
    {
        _server.Stop();

        var result = Check(FakeOcspChecker.Down(), _good);

        Assert.Equal(RevocationStatus.Indeterminate, result.Status);
        Assert.Contains("OCSP: connection refused", result.FailureReason);
        Assert.Contains("CRL: ", result.FailureReason);
    }

    [Fact]
    public void SoftFail_EverythingUnreachable_IsNotRevokedDecidedByNone()
    {
        _engine.Policies.Set(new RevocationPolicy { Name = "Lenient", SoftFail = true });
        _server.Stop();

        var result = Check(FakeOcspChecker.Down(), _good, r => r.PolicyName = "Lenient");

        Assert.Equal(RevocationStatus.NotRevoked, result.Status);
        Assert.Equal(RevocationDecisionSource.None, result.DecidedBy);
        Assert.Contains(result.Steps, s => s.StartsWith("Soft-fail:"));
    }

    [Fact]
    public void SoftFail_CrlWithBadSignature_StaysIndeterminate()
    {
        _engine.Policies.Set(new RevocationPolicy { Name = "Lenient", SoftFail = true });
        var impostor = new OpenSslCa(Directory.CreateDirectory(Path.Combine(_temp.Path, "impostor")).FullName);
        _server.Set("ca.crl", impostor.Der(impostor.GenerateCrl(At.AddDays(-1), At.AddDays(5))));

        var result = Check(FakeOcspChecker.Down(), _good, r => r.PolicyName = "Lenient");

        Assert.Equal(RevocationStatus.Indeterminate, result.Status);
        Assert.Contains(result.Steps, s => s.StartsWith("Soft-fail does not apply"));
    }

    [Fact]
    public void CrlOnlyPolicy_SecondCheck_DecidedByCache()
    {
        var first = Check(FakeOcspChecker.Down(), _good, r => r.Methods = [RevocationMethod.Crl]);
        _server.Stop();
        var second = Check(FakeOcspChecker.Down(), _good, r => r.Methods = [RevocationMethod.Crl]);

        Assert.Equal(RevocationDecisionSource.Crl, first.DecidedBy);
        Assert.Equal(RevocationStatus.NotRevoked, second.Status);
        Assert.Equal(RevocationDecisionSource.Cache, second.DecidedBy);
    }

    [Fact]
    public void PolicySelectedByAppliesTo_PassesResponderAndNonceToOcsp()
    {
        _engine.Policies.Set(new RevocationPolicy
        {
            Name = "TestCa",
            Methods = [RevocationMethod.Ocsp],
            ResponderUri = "http://127.0.0.1:1/ocsp",
            Nonce = NonceRequirement.Required,
            AppliesTo = ["issuer:CN=PkiRevocation OpenSSL*"],
        });
        var ocsp = FakeOcspChecker.Answering(OcspCheckStatus.Good);

        var result = Check(ocsp, _good);

        Assert.Equal("TestCa", result.Policy);
        Assert.Equal("http://127.0.0.1:1/ocsp", ocsp.Calls[0].Options.ResponderUri);
        Assert.Equal(NonceRequirement.Required, ocsp.Calls[0].Options.Nonce);
    }

    [Fact]
    public void WithoutOcspEngine_DefaultPolicy_FallsBackToCrl()
    {
        var result = Results(new UnavailableOcspChecker(), _revoked).Single();

        Assert.Equal(RevocationStatus.Revoked, result.Status);
        Assert.Equal(RevocationDecisionSource.Crl, result.DecidedBy);
        Assert.Contains(result.Steps, s => s.Contains("not available"));
    }

    [Fact]
    public void UnknownPolicyName_IsPolicyNotFound()
    {
        var service = new RevocationService(_engine.Environment, _engine.Crl, _engine.Policies, FakeOcspChecker.Down());
        var request = new RevocationCheckRequest { Issuer = _ca.Certificate, PolicyName = "Nope", At = At };
        request.Certificates.Add(_ca.Load(_good));

        var failure = Assert.Single(service.Check(request)).Failure;

        Assert.Equal(ErrorIds.PolicyNotFound, failure!.ErrorId);
    }

    [Fact]
    public void OverrideSoftFailWithNone_IsPolicyInvalid()
    {
        _engine.Policies.Set(new RevocationPolicy { Name = "Lenient", SoftFail = true });
        var service = new RevocationService(_engine.Environment, _engine.Crl, _engine.Policies, FakeOcspChecker.Down());
        var request = new RevocationCheckRequest { Issuer = _ca.Certificate, PolicyName = "Lenient", Methods = [RevocationMethod.Crl, RevocationMethod.None], At = At };
        request.Certificates.Add(_ca.Load(_good));

        Assert.Equal(ErrorIds.PolicyInvalid, Assert.Single(service.Check(request)).Failure!.ErrorId);
    }

    [Fact]
    public void ChainScope_ChecksEndEntityAndIntermediate_NotTheRoot()
    {
        var root = TestPki.CreateRoot("CN=Chain Root", At);
        var intermediate = root.Issue("CN=Chain Intermediate", At.AddYears(-1), At.AddYears(3), o => o.Ca().Crl(_server.Url("root.crl")).WithSerial(77));
        var ee = intermediate.Issue("CN=Chain EE", At.AddYears(-1), At.AddYears(1), o => o.Crl(_server.Url("intermediate.crl")).WithSerial(5));
        _server.Set("root.crl", RawCrl.Build(root, [RawCrl.Entry(77, "300501000000Z", RawCrl.ReasonCode(2))], RawCrl.Utc(At.AddDays(-1)), RawCrl.Utc(At.AddDays(5)), RawCrl.CrlNumber(3)));
        _server.Set("intermediate.crl", RawCrl.Build(intermediate, [RawCrl.Entry(6)], RawCrl.Utc(At.AddDays(-1)), RawCrl.Utc(At.AddDays(5)), RawCrl.CrlNumber(9)));
        var service = new RevocationService(_engine.Environment, _engine.Crl, _engine.Policies, FakeOcspChecker.Down());
        var request = new RevocationCheckRequest { At = At, Scope = RevocationScope.Chain, Timeout = TestTimeouts.Answering };
        request.Certificates.Add(ee.Certificate);
        request.ChainCertificates.Add(intermediate.Certificate);
        request.ChainCertificates.Add(root.Certificate);

        var results = service.Check(request).Select(o => o.Result!).ToList();

        Assert.Equal(2, results.Count);
        Assert.Equal((0, RevocationStatus.NotRevoked), (results[0].ChainPosition, results[0].Status));
        Assert.Equal((1, RevocationStatus.Revoked), (results[1].ChainPosition, results[1].Status));
        Assert.Equal(RevocationReason.CaCompromise, results[1].RevocationReason);
        Assert.Equal(intermediate.Certificate.Thumbprint, results[1].Thumbprint);
    }

    [Fact]
    public void ExpiredCertificateWithoutAnyAnswer_IsIndeterminate_NeverInferredFromDates()
    {
        var root = TestPki.CreateRoot("CN=Dates Root", At);
        var expired = root.Issue("CN=Long Gone", At.AddYears(-5), At.AddYears(-4), o => o.Crl(_server.Url("nothing.crl")));
        var service = new RevocationService(_engine.Environment, _engine.Crl, _engine.Policies, FakeOcspChecker.Down());
        var request = new RevocationCheckRequest { Issuer = root.Certificate, At = At };
        request.Certificates.Add(expired.Certificate);

        var result = Assert.Single(service.Check(request)).Result!;

        Assert.Equal(RevocationStatus.Indeterminate, result.Status);
    }

    [Fact]
    public void IssuerOnlyInTheCaStore_IsFoundThere_AndTheCrlDecides()
    {
        var issuer = _ca.Certificate;
        using var store = new System.Security.Cryptography.X509Certificates.X509Store(
            System.Security.Cryptography.X509Certificates.StoreName.CertificateAuthority, System.Security.Cryptography.X509Certificates.StoreLocation.CurrentUser);
        store.Open(System.Security.Cryptography.X509Certificates.OpenFlags.ReadWrite);
        store.Add(issuer);
        try
        {
            PkiRevocation.Certificates.SystemCaCertificates.Refresh();
            var result = Check(FakeOcspChecker.Down(), _revoked, r => r.Issuer = null);
            Assert.Equal(RevocationStatus.Revoked, result.Status);
            Assert.Equal(RevocationDecisionSource.Crl, result.DecidedBy);
        }
        finally
        {
            store.Remove(issuer);
            PkiRevocation.Certificates.SystemCaCertificates.Refresh();
        }

        var without = Check(FakeOcspChecker.Down(), _revoked, r => r.Issuer = null);
        Assert.Equal(RevocationStatus.Indeterminate, without.Status);
        Assert.Contains(without.Steps, s => s.Contains("nor in the CA and Root stores"));
    }
}
