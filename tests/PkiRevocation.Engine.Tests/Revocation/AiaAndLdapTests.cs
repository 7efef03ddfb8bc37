using System.Runtime.InteropServices;
using PkiRevocation.Configuration;
using PkiRevocation.Crl;
using PkiRevocation.Ocsp;
using PkiRevocation.Revocation;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Revocation;

/// <summary>
/// The certificate's own pointers as AD CS writes them: AIA caIssuers and CRL distribution points listing an
/// ldap:// location (slapd on 127.0.0.1, entries at AD-CS-shaped DNs) before an http one (StaticHttpServer), the
/// issuer given nowhere. `openssl ocsp` answers for the CA; it stamps responses with the current time, so the
/// reference time is the test's start.
/// </summary>
public sealed class AiaAndLdapTests : IDisposable
{
    private readonly DateTime _at = DateTime.UtcNow;
    private readonly TempDirectory _temp = new("aia-ldap");
    private readonly StaticHttpServer _http = new();
    private readonly int _ocspPort = FreePort.Next();
    private readonly int _deadLdapPort = FreePort.Next();
    private readonly AdCsDirectory _directory;
    private readonly AdCsDirectory _deadDirectory;
    private readonly TestCertificate _ca;
    private readonly TestCertificate _web;
    private readonly TestCertificate _revokedInDelta;
    private readonly TestCertificate _deadLdap;
    private readonly TestCertificate _hostless;
    private readonly byte[] _crl;
    private readonly byte[] _delta;
    private PkiEngine _engine;

    public AiaAndLdapTests()
    {
        _directory = new AdCsDirectory("AD Issuing CA", "PKI01", FreePort.Next());
        _deadDirectory = new AdCsDirectory("AD Issuing CA", "PKI01", _deadLdapPort);
        _ca = TestPki.CreateRoot("CN=AD Issuing CA, DC=pki, DC=test", _at);
        var ocsp = $"http://127.0.0.1:{_ocspPort}/";
        _web = _ca.Issue("CN=web", _at.AddDays(-30), _at.AddDays(300),
            o => o.Ocsp(ocsp).CaIssuers(_directory.CaIssuersUrl, _http.Url("ca.cer")).Crl(_directory.CrlUrl, _http.Url("ca.crl")));
        _revokedInDelta = _ca.Issue("CN=revoked-in-delta", _at.AddDays(-30), _at.AddDays(300),
            o => o.Crl(_directory.CrlUrl).FreshestCrl(_directory.DeltaCrlUrl));
        _deadLdap = _ca.Issue("CN=dead-ldap", _at.AddDays(-30), _at.AddDays(300),
            o => o.Ocsp(ocsp).CaIssuers(_deadDirectory.CaIssuersUrl, _http.Url("ca.cer")).Crl(_deadDirectory.CrlUrl, _http.Url("ca.crl")));
        _hostless = _ca.Issue("CN=hostless", _at.AddDays(-30), _at.AddDays(300),
            o => o.Ocsp(ocsp).CaIssuers(AdCsDirectory.Hostless(_directory.CaIssuersUrl), _http.Url("ca.cer")));
        _crl = TestCrl.Build(_ca, _at.AddHours(-1), _at.AddDays(7), number: 10);
        _delta = TestCrl.Build(_ca, _at.AddMinutes(-30), _at.AddDays(1), number: 11, revoked: [_revokedInDelta], deltaOf: 10);
        _http.Set("ca.cer", _ca.Der);
        _http.Set("ca.crl", _crl);
        _engine = NewEngine();
    }

    public void Dispose()
    {
        _http.Dispose();
        _temp.Dispose();
    }

    private PkiEngine NewEngine() =>
        new(new EngineEnvironment(new FixedClock(_at), paths: new PkiRevocationPaths(Path.Combine(_temp.Path, "home"))));

    private LdapPeer Directory() => _directory.Start(_temp.Path, [_ca.Der], _crl, _delta);

    private OpenSslOcspResponder Responder() =>
        OpenSslOcspResponder.Start(_temp.Path, _ca, _ca, new OcspIndex().Valid(_web).Valid(_deadLdap).Valid(_hostless), nextUpdateMinutes: 60, port: _ocspPort);

    private OcspResult Ocsp(TestCertificate certificate, Action<OcspCheckRequest>? configure = null)
    {
        var request = new OcspCheckRequest { At = _at, Timeout = TestTimeouts.Answering };
        request.Certificates.Add(certificate.Certificate);
        configure?.Invoke(request);
        return Assert.Single(_engine.Ocsp.Check(request));
    }

    private RevocationResult Revocation(TestCertificate certificate, Action<RevocationCheckRequest>? configure = null)
    {
        var request = new RevocationCheckRequest { At = _at, Timeout = TestTimeouts.Answering, Methods = [RevocationMethod.Crl] };
        request.Certificates.Add(certificate.Certificate);
        configure?.Invoke(request);
        var outcome = Assert.Single(_engine.Revocation.Check(request));
        Assert.False(outcome.IsFailure, outcome.Failure?.ToString());
        return outcome.Result!;
    }

    private static string Steps(OcspResult result) => string.Join("\n", result.Steps);

    private static string Steps(RevocationResult result) => string.Join("\n", result.Steps);

    [Fact]
    public void Ocsp_NoIssuerAnywhere_IssuerFetchedOverHttpCaIssuers_Good()
    {
        using var responder = Responder();

        var result = Ocsp(_web);

        Assert.True(result.Status == OcspStatus.Good, Steps(result));
        Assert.Contains($"found in the certificate's AIA caIssuers {_http.Url("ca.cer")} (fetched; used only as the issuer that signed this certificate, not as a trust anchor)", Steps(result));
        Assert.Contains("GET /ca.cer 200", _http.Log);
    }

    [Fact]
    public void Ocsp_PreferHttpOff_IssuerFetchedOverLdapCaIssuers_Good()
    {
        using var responder = Responder();
        using var directory = Directory();

        var result = Ocsp(_web, r => r.PreferHttp = false);

        Assert.True(result.Status == OcspStatus.Good, Steps(result));
        Assert.Contains($"found in the certificate's AIA caIssuers {_directory.CaIssuersUrl} (fetched", Steps(result));
        Assert.Contains("for cACertificate;binary with (objectClass=certificationAuthority): 1 value(s)", Steps(result));
        Assert.DoesNotContain(_http.Log, l => l.Contains("/ca.cer"));
    }

    [Fact]
    public void Ocsp_LdapServerUnreachable_FallsThroughToHttpCaIssuers_Good()
    {
        using var responder = Responder();

        var result = Ocsp(_deadLdap, r => r.PreferHttp = false);

        Assert.True(result.Status == OcspStatus.Good, Steps(result));
        var steps = Steps(result);
        Assert.Contains($"AIA caIssuers {_deadDirectory.CaIssuersUrl}: LDAP 127.0.0.1:{_deadLdapPort}", steps);
        Assert.Contains($"found in the certificate's AIA caIssuers {_http.Url("ca.cer")}", steps);
        Assert.Contains("The LDAP server is unavailable. (LDAP error 81)", steps);
        Assert.True(steps.IndexOf(_deadDirectory.CaIssuersUrl, StringComparison.Ordinal) < steps.IndexOf("ca.cer: HTTP 200", StringComparison.Ordinal), steps);
    }

    [Fact]
    public void Ocsp_CaIssuersCertificateDidNotSign_RefusedAndIssuerNotFound()
    {
        // Same name as the real CA, another key: what a wrong or planted AIA object would hold.
        var impostor = TestPki.CreateRoot("CN=AD Issuing CA, DC=pki, DC=test", _at);
        _http.Set("ca.cer", impostor.Der);
        using var responder = Responder();

        var result = Ocsp(_deadLdap);

        Assert.Equal(OcspStatus.Indeterminate, result.Status);
        Assert.Equal(OcspFailureReason.IssuerNotFound, result.FailureReason);
        Assert.Contains("refused: its key does not verify the certificate's signature (it did not sign it)", Steps(result));
        Assert.Contains("nor at the certificate's AIA caIssuers URLs", result.FailureMessage);
    }

    [Fact]
    public void Ocsp_NoAiaFetch_IssuerNotFoundWithoutFetching()
    {
        var result = Ocsp(_web, r => r.FetchIssuers = false);

        Assert.Equal(OcspFailureReason.IssuerNotFound, result.FailureReason);
        Assert.Contains("turned off", result.FailureMessage);
        Assert.Empty(_http.Log);
    }

    [Fact]
    public void Ocsp_FetchedIssuerCached_SecondRunUsesCacheWithServerDown()
    {
        using var responder = Responder();
        Assert.Equal(OcspStatus.Good, Ocsp(_web).Status);
        _http.Stop();
        _engine = NewEngine();

        var again = Ocsp(_web);

        Assert.True(again.Status == OcspStatus.Good, Steps(again));
        Assert.Contains("from the cache", Steps(again));
        var entry = Assert.Single(_engine.Crl.Cache.List(RevocationCacheKind.Issuer));
        Assert.Equal(_http.Url("ca.cer"), entry.Url);
        Assert.Equal(entry.FetchedAt + AiaIssuerFetcher.CacheLifetime, entry.NextUpdate);
    }

    [Fact]
    public void Ocsp_HostlessLdapCaIssuers_SkippedOffWindowsWithClearStep_HttpUsed()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return; // there ldap:/// is the domain's directory
        using var responder = Responder();

        var result = Ocsp(_hostless, r => r.PreferHttp = false);

        Assert.True(result.Status == OcspStatus.Good, Steps(result));
        Assert.Contains("names no server, which means the directory of this machine's Active Directory domain; only Windows locates it, so it is skipped here", Steps(result));
    }

    [Fact]
    public void AiaFetch_AnswerLargerThanLimit_Refused()
    {
        var fetcher = new AiaIssuerFetcher(_engine.Environment, null, TestTimeouts.Answering, preferHttp: true, ldapCredential: null) { MaxBytes = 64 };
        var steps = new List<string>();

        var issuer = fetcher.Fetch(_deadLdap.Der, steps, out _, CancellationToken.None);

        Assert.Null(issuer);
        Assert.Contains(steps, s => s.Contains($"{_http.Url("ca.cer")}: {_ca.Der.Length} bytes exceed the 64-byte limit"));
    }

    [Fact]
    public void Crl_LdapDistributionPoint_DecidesNotRevoked_IssuerFetchedFromLdapToo()
    {
        _engine.Policies.Set(new RevocationPolicy { Name = "AdCs", PreferHttp = false });
        using var directory = Directory();

        var result = Revocation(_web, r => r.PolicyName = "AdCs");

        Assert.True(result.Status == RevocationStatus.NotRevoked, Steps(result));
        Assert.Equal(RevocationDecisionSource.Crl, result.DecidedBy);
        var steps = Steps(result);
        Assert.Contains($"Issuer 'CN=AD Issuing CA,DC=pki,DC=test' found at the certificate's AIA caIssuers {_directory.CaIssuersUrl}", steps);
        Assert.Contains($"CRL: {_directory.CrlUrl}: LDAP 127.0.0.1:{_directory.Port}, anonymous bind, base search of '{_directory.CdpDn}' for certificateRevocationList;binary", steps);
        Assert.Empty(_http.Log);
    }

    [Fact]
    public void Crl_DefaultPreferHttp_HttpDistributionPointBeforeLdap()
    {
        var result = Revocation(_web, r => r.Issuer = _ca.Certificate);

        Assert.True(result.Status == RevocationStatus.NotRevoked, Steps(result));
        Assert.Contains("GET /ca.crl 200", _http.Log);
        Assert.DoesNotContain(_directory.CrlUrl, Steps(result));
    }

    [Fact]
    public void Crl_DeltaCrlFromLdap_RevokedOnlyInDelta_Revoked()
    {
        using var directory = Directory();

        var result = Revocation(_revokedInDelta, r => r.Issuer = _ca.Certificate);

        Assert.True(result.Status == RevocationStatus.Revoked, Steps(result));
        Assert.Equal(RevocationReason.KeyCompromise, result.RevocationReason);
        Assert.Contains($"{_directory.DeltaCrlUrl}: LDAP 127.0.0.1:{_directory.Port}, anonymous bind, base search of '{_directory.CdpDn}' for deltaRevocationList;binary", Steps(result));
    }

    [Fact]
    public void Crl_LdapServerUnreachable_FallsThroughToHttp()
    {
        _engine.Policies.Set(new RevocationPolicy { Name = "AdCs", PreferHttp = false });

        var result = Revocation(_deadLdap, r => { r.PolicyName = "AdCs"; r.Issuer = _ca.Certificate; });

        Assert.True(result.Status == RevocationStatus.NotRevoked, Steps(result));
        var steps = Steps(result);
        Assert.True(steps.IndexOf(_deadDirectory.CrlUrl, StringComparison.Ordinal) < steps.IndexOf(_http.Url("ca.crl"), StringComparison.Ordinal), steps);
        Assert.Contains("GET /ca.crl 200", _http.Log);
    }

    [Fact]
    public void Crl_LdapAnswerLargerThanLimit_RefusedIndeterminate()
    {
        using var directory = Directory();
        var request = new CrlCheckRequest { Issuer = _ca.Certificate, At = _at, Timeout = TestTimeouts.Answering, MaxCrlBytes = 64, UseCache = false };
        request.Certificates.Add(_revokedInDelta.Certificate);

        var result = Assert.Single(_engine.Crl.Check(request)).Result!;

        Assert.Equal(CrlStatus.Indeterminate, result.Status);
        Assert.Contains(result.Steps, s => s.StartsWith(_directory.CrlUrl) && s.EndsWith("the values exceed the 64-byte limit; refused"));
    }
}
