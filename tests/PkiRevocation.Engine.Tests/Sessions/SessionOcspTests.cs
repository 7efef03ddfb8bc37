using PkiRevocation.Configuration;
using PkiRevocation.Revocation;
using PkiRevocation.Sessions;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Sessions;

/// <summary>
/// Session checks answered by the real OpenSSL OCSP responder through the engine's RevocationService: a TLS peer
/// (openssl s_server) with a good certificate and a directory (slapd, LDAP StartTLS) with a revoked one.
/// The reference time is the start of the test, because `openssl ocsp` signs its answers with the current time.
/// </summary>
[Trait("Category", "RequiresLinuxPeers")] // aiosmtpd, slapd or flock: Debian packages that .ci/run installs
public sealed class SessionOcspTests : IDisposable
{
    private readonly DateTime _at;
    private readonly TempDirectory _dir = new("pkirev-session-ocsp");
    private readonly TestCertificate _ca;
    private readonly TestCertificate _good;
    private readonly TestCertificate _revoked;
    private readonly OpenSslOcspResponder _responder;
    private readonly PkiEngine _engine;

    public SessionOcspTests()
    {
        var now = DateTime.UtcNow;
        _at = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, DateTimeKind.Utc);
        var port = FreePort.Next();
        var url = $"http://127.0.0.1:{port}/";
        _ca = TestPki.CreateRoot("CN=Sessions OCSP CA", _at.AddYears(-1), _at.AddYears(5));
        _good = _ca.Issue("CN=127.0.0.1", _at.AddDays(-30), _at.AddDays(365), o => o.Ocsp(url));
        _revoked = _ca.Issue("CN=dir.revoked.test", _at.AddDays(-30), _at.AddDays(365), o => o.Ocsp(url));
        var index = new OcspIndex().Valid(_good).Revoked(_revoked, _at.AddDays(-2), "keyCompromise");
        _responder = OpenSslOcspResponder.Start(_dir.Path, _ca, _ca, index, nextUpdateMinutes: 60, port: port);
        _engine = new PkiEngine(new EngineEnvironment(new FixedClock(_at), paths: new PkiRevocationPaths(_dir.File("home"))));
        Assert.False(_engine.Policies.Set(new RevocationPolicy { Name = "Ocsp", Methods = [RevocationMethod.Ocsp], CheckInterval = TimeSpan.FromHours(1) }).IsFailure);
        _engine.Sessions.SetSettings(ConfigurationScope.CurrentUser, s =>
        {
            s.RevocationPolicy = "Ocsp";
            s.Kinds = new[] { SessionKind.Ldap, SessionKind.IPsec, SessionKind.Other };
        });
    }

    [Fact]
    public void Check_OcspAnswersGoodForTlsPeerAndRevokedForLdapDirectory()
    {
        using var peer = TlsPeer.Start(_good, _dir.Path);
        using var directory = LdapPeer.Start(_revoked, _dir.Path, includeRoot: true); // the issuer must reach the revocation check
        var request = new SessionCheckRequest { Timeout = TimeSpan.FromSeconds(20) };
        request.Sessions.Add(new LongLivedSession { Name = "app", Kind = SessionKind.Other, Endpoint = peer.Endpoint, EstablishedAt = _at.AddHours(-7) });
        request.Sessions.Add(new LongLivedSession { Name = "dir", Kind = SessionKind.Ldap, Endpoint = directory.Endpoint, EstablishedAt = _at.AddHours(-7) });

        var results = _engine.Sessions.Check(request).Select(o => o.Result ?? throw new Xunit.Sdk.XunitException(o.Failure!.ToString())).ToList();

        Assert.Equal(SessionRevocationStatus.NotRevoked, results[0].RevocationStatus);
        Assert.Equal(SessionVerdict.Valid, results[0].Verdict);
        Assert.Contains(results[0].RevocationSteps, s => s.Contains("OCSP decided: good"));
        Assert.Equal(_revoked.Certificate.Thumbprint, results[1].Certificate!.Thumbprint);
        Assert.True(results[1].RevocationStatus == SessionRevocationStatus.Revoked, string.Join("\n", results[1].RevocationSteps));
        Assert.Equal(SessionVerdict.Revoked, results[1].Verdict);
        Assert.Equal(SessionAction.Terminate, results[1].RecommendedAction);
        Assert.Contains(results[1].RevocationSteps, s => s.Contains("OCSP decided: revoked"));
        Assert.All(results, r => Assert.Equal(_at.AddHours(1), r.NextCheck));
    }

    public void Dispose()
    {
        _responder.Dispose();
        _dir.Dispose();
    }
}
