using PkiRevocation.Configuration;
using PkiRevocation.Sessions;
using PkiRevocation.TestSupport;

namespace PkiRevocation.Engine.Tests.Sessions;

/// <summary>A temp PKIREVOCATION_HOME, a pinned reference time, a generated PKI and a fake revocation checker.</summary>
internal sealed class SessionTestBed : IDisposable
{
    public static readonly DateTime At = new(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    public SessionTestBed()
    {
        Home = new TempDirectory("pkirev-sessions");
        Root = TestPki.CreateRoot("CN=Sessions Test Root", At);
        Good = Root.Issue("CN=good.test", At.AddDays(-30), At.AddDays(365), o => o.Dns("127.0.0.1"));
        Expired = Root.Issue("CN=expired.test", At.AddDays(-400), At.AddDays(-1));
        Expiring = Root.Issue("CN=expiring.test", At.AddDays(-300), At.AddDays(10));
        Revoked = Root.Issue("CN=revoked.test", At.AddDays(-30), At.AddDays(365));
        Revocation = new FakeSessionRevocationChecker();
        Revocation.Revoked.Add(Revoked.Certificate.Thumbprint);
    }

    public TempDirectory Home { get; }
    public TestCertificate Root { get; }
    public TestCertificate Good { get; }
    public TestCertificate Expired { get; }
    public TestCertificate Expiring { get; }
    public TestCertificate Revoked { get; }
    public FakeSessionRevocationChecker Revocation { get; }

    public PkiRevocationPaths Paths => new(Home.Path);

    /// <summary>A fresh service over the same home: what the next scheduled run sees.</summary>
    public SessionCheckService Service(DateTime? now = null) =>
        new(new EngineEnvironment(clock: new FixedClock(now ?? At), paths: Paths), Revocation);

    public static LongLivedSession Pinned(string name, SessionKind kind, TestCertificate peer, DateTime establishedAt) => new()
    {
        Name = name,
        Kind = kind,
        EstablishedAt = establishedAt,
        PinnedCertificate = Convert.ToBase64String(peer.Der),
        PinnedIssuers = peer.Issuer == null ? Array.Empty<string>() : new[] { Convert.ToBase64String(peer.Issuer.Der) },
    };

    public static LongLivedSession Remote(string name, SessionKind kind, string endpoint, DateTime establishedAt) => new()
    {
        Name = name,
        Kind = kind,
        Endpoint = endpoint,
        EstablishedAt = establishedAt,
    };

    public List<SessionCheckResult> Run(SessionCheckService service, SessionCheckSettings? settings, DateTime at, bool force, params LongLivedSession[] sessions)
    {
        var request = new SessionCheckRequest { At = at, Force = force, Settings = settings, Timeout = TimeSpan.FromSeconds(20) };
        foreach (var session in sessions) request.Sessions.Add(session);
        return service.Check(request).Select(o => o.IsFailure ? throw new Xunit.Sdk.XunitException(o.Failure!.ToString()) : o.Result!).ToList();
    }

    public void Dispose() => Home.Dispose();
}
