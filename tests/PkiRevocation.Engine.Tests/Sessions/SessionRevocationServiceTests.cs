using PkiRevocation.Configuration;
using PkiRevocation.Revocation;
using PkiRevocation.Sessions;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Sessions;

/// <summary>
/// Session checks with the engine's real revocation: a real OpenSSL CA, its CRL served over HTTP on 127.0.0.1,
/// openssl s_server peers presenting a good and a revoked certificate, and a revocation policy from policies.json.
/// </summary>
public sealed class SessionRevocationServiceTests : IDisposable
{
    private static readonly DateTime At = new(2030, 6, 2, 12, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _dir = new("pkirev-session-crl");
    private readonly StaticHttpServer _http = new();
    private readonly OpenSslCa _ca;
    private readonly string _good;
    private readonly string _revoked;
    private readonly PkiEngine _engine;

    public SessionRevocationServiceTests()
    {
        _http.Start();
        _ca = new OpenSslCa(Directory.CreateDirectory(_dir.File("ca")).FullName);
        var crlUrl = _http.Url("ca.crl");
        _good = _ca.Issue("good", new[] { crlUrl });
        _revoked = _ca.Issue("revoked", new[] { crlUrl });
        _ca.Revoke(_revoked);
        _http.Set("ca.crl", _ca.Der(_ca.GenerateCrl(At.AddDays(-1), At.AddDays(6))));
        _engine = new PkiEngine(new EngineEnvironment(new FixedClock(At), paths: new PkiRevocationPaths(_dir.File("home"))));
        Assert.False(_engine.Policies.Set(new RevocationPolicy { Name = "Sessions", Methods = [RevocationMethod.Crl], CheckInterval = TimeSpan.FromHours(2) }).IsFailure);
        _engine.Sessions.SetSettings(ConfigurationScope.CurrentUser, s =>
        {
            s.RevocationPolicy = "Sessions";
            s.Kinds = new[] { SessionKind.Ldap, SessionKind.IPsec, SessionKind.Other };
        });
    }

    private TlsPeer Peer(string pem) => TlsPeer.Start(pem, Path.ChangeExtension(pem, ".key"), _ca.CertificatePath, _ca.Directory);

    private List<SessionCheckResult> Check(params LongLivedSession[] sessions)
    {
        var request = new SessionCheckRequest { Timeout = TimeSpan.FromSeconds(20) };
        foreach (var session in sessions) request.Sessions.Add(session);
        return _engine.Sessions.Check(request).Select(o => o.IsFailure ? throw new Xunit.Sdk.XunitException(o.Failure!.ToString()) : o.Result!).ToList();
    }

    private static LongLivedSession Session(string name, TlsPeer peer) =>
        new() { Name = name, Kind = SessionKind.Other, Endpoint = peer.Endpoint, EstablishedAt = At.AddDays(-1) };

    [Fact]
    public void Check_RevokedPeerOnTheCaCrl_IsRevokedByTheRealRevocationService()
    {
        using var good = Peer(_good);
        using var revoked = Peer(_revoked);

        var results = Check(Session("good", good), Session("revoked", revoked));

        Assert.Equal(SessionRevocationStatus.NotRevoked, results[0].RevocationStatus);
        Assert.Equal(SessionVerdict.Valid, results[0].Verdict);
        Assert.Equal(TimeSpan.FromHours(2), results[0].CheckInterval);
        Assert.Contains(results[0].RevocationSteps, s => s.Contains("CRL decided: not revoked"));
        Assert.Equal(SessionRevocationStatus.Revoked, results[1].RevocationStatus);
        Assert.Equal(SessionVerdict.Revoked, results[1].Verdict);
        Assert.Equal(SessionAction.Terminate, results[1].RecommendedAction);
        Assert.Contains(results[1].RevocationSteps, s => s.Contains("CRL decided: revoked"));
        Assert.Contains(_http.Log, l => l.StartsWith("GET /ca.crl"));
    }

    [Fact]
    public void Check_CrlServerDown_IsIndeterminateNeverNotRevoked()
    {
        using var good = Peer(_good);
        _http.Stop();

        var result = Check(Session("good", good)).Single();

        Assert.Equal(SessionRevocationStatus.Indeterminate, result.RevocationStatus);
        Assert.Equal(SessionVerdict.Indeterminate, result.Verdict);
        Assert.Equal(SessionAction.Renegotiate, result.RecommendedAction);
        Assert.Contains(result.RevocationSteps, s => s.StartsWith("Indeterminate:"));
    }

    [Fact]
    public void Check_PolicyDisabledInPoliciesJson_RevocationNotChecked()
    {
        using var revoked = Peer(_revoked);
        Assert.False(_engine.Policies.Set(new RevocationPolicy { Name = "Sessions", Methods = [RevocationMethod.Crl], Enabled = false }).IsFailure);

        var result = Check(Session("revoked", revoked)).Single();

        Assert.Equal(SessionRevocationStatus.NotChecked, result.RevocationStatus);
        Assert.Equal(SessionVerdict.Valid, result.Verdict);
        Assert.Equal(SessionCheckSettings.DefaultValidityCheckFrequency, result.CheckInterval);
        Assert.DoesNotContain(_http.Log, l => l.StartsWith("GET /ca.crl"));
    }

    [Fact]
    public void Check_PinnedLeafWithoutIssuer_IsIndeterminate()
    {
        var leaf = _ca.Load(_good);
        var result = Check(new LongLivedSession { Name = "vpn", Kind = SessionKind.IPsec, EstablishedAt = At.AddDays(-1), PinnedCertificate = Convert.ToBase64String(leaf.RawData) }).Single();

        Assert.Equal(SessionRevocationStatus.Indeterminate, result.RevocationStatus);
        Assert.Contains(result.RevocationSteps, s => s.Contains("issuer"));
    }

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }
}
