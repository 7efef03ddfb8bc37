using System.Net;
using System.Net.Sockets;
using PkiRevocation.Expiry;
using PkiRevocation.Sessions;
using PkiRevocation.TestSupport;
using Xunit;
using static PkiRevocation.Engine.Tests.Sessions.SessionTestBed;

namespace PkiRevocation.Engine.Tests.Sessions;

/// <summary>Session checks against real peers: openssl s_server (TLS) and Debian slapd (LDAP StartTLS) on 127.0.0.1.</summary>
[Trait("Category", "RequiresLinuxPeers")] // aiosmtpd, slapd or flock: Debian packages that .ci/run installs
public sealed class SessionPeerTests : IDisposable
{
    private readonly SessionTestBed _bed = new();

    private static SessionCheckSettings Settings(params SessionKind[] kinds) => new()
    {
        RevocationPolicy = "Default",
        Kinds = kinds,
        ValidityCheckFrequency = TimeSpan.FromDays(1),
        MinimumSessionAge = TimeSpan.FromHours(6),
    };

    [Fact]
    public void Check_TlsPeersGoodExpiredRevoked_VerdictsFromTheHandshakeCertificates()
    {
        _bed.Revocation.WithPolicy("Default", true, TimeSpan.FromHours(4));
        using var good = TlsPeer.Start(_bed.Good, _bed.Home.Path);
        using var expired = TlsPeer.Start(_bed.Expired, _bed.Home.Path);
        using var revoked = TlsPeer.Start(_bed.Revoked, _bed.Home.Path);

        var results = _bed.Run(_bed.Service(), Settings(SessionKind.Other), At, false,
            Remote("good", SessionKind.Other, good.Endpoint, At.AddDays(-1)),
            Remote("expired", SessionKind.Other, expired.Endpoint, At.AddDays(-1)),
            Remote("revoked", SessionKind.Other, revoked.Endpoint, At.AddDays(-1)));

        Assert.Equal(_bed.Good.Certificate.Thumbprint, results[0].Certificate!.Thumbprint);
        Assert.Equal(ExpiryStatus.Valid, results[0].ExpiryStatus);
        Assert.Equal(SessionRevocationStatus.NotRevoked, results[0].RevocationStatus);
        Assert.Equal(SessionVerdict.Valid, results[0].Verdict);
        Assert.Equal(SessionAction.None, results[0].RecommendedAction);
        Assert.Equal(At.AddHours(4), results[0].NextCheck);

        Assert.Equal(_bed.Expired.Certificate.Thumbprint, results[1].Certificate!.Thumbprint);
        Assert.Equal(SessionVerdict.Expired, results[1].Verdict);
        Assert.Equal(SessionAction.Terminate, results[1].RecommendedAction);

        Assert.Equal(_bed.Revoked.Certificate.Thumbprint, results[2].Certificate!.Thumbprint);
        Assert.Equal(SessionRevocationStatus.Revoked, results[2].RevocationStatus);
        Assert.Equal(SessionVerdict.Revoked, results[2].Verdict);
        Assert.Equal(SessionAction.Terminate, results[2].RecommendedAction);
        Assert.NotEmpty(results[2].RevocationSteps);

        // The revocation service saw exactly the chains the peers presented, leaf first with the issuer.
        Assert.Equal(new[] { _bed.Good.Certificate.Thumbprint, _bed.Expired.Certificate.Thumbprint, _bed.Revoked.Certificate.Thumbprint },
            _bed.Revocation.Calls.Select(c => c.Leaf));
        Assert.All(_bed.Revocation.Calls, c => Assert.True(c.ChainLength >= 1));
    }

    [Fact]
    public void Check_LdapStartTlsOnSlapd_ChecksTheDirectoryCertificate()
    {
        _bed.Revocation.WithPolicy("Default", true, TimeSpan.FromHours(1));
        var directoryCertificate = _bed.Root.Issue("CN=127.0.0.1", At.AddDays(-10), At.AddDays(200), o => o.Dns("127.0.0.1"));
        using var slapd = LdapPeer.Start(directoryCertificate, _bed.Home.Path);

        var result = _bed.Run(_bed.Service(), Settings(SessionKind.Ldap, SessionKind.IPsec), At, false,
            Remote("directory", SessionKind.Ldap, slapd.Endpoint, At.AddHours(-8))).Single();

        Assert.True(result.Certificate != null, result.Detail + " slapd: " + slapd.Output);
        Assert.Equal(directoryCertificate.Certificate.Thumbprint, result.Certificate!.Thumbprint);
        Assert.Equal(ExpiryStatus.Valid, result.ExpiryStatus);
        Assert.Equal(SessionRevocationStatus.NotRevoked, result.RevocationStatus);
        Assert.Equal(SessionVerdict.Valid, result.Verdict);
        Assert.Equal(TimeSpan.FromHours(1), result.CheckInterval);
        Assert.Equal(directoryCertificate.Certificate.Thumbprint, _bed.Revocation.Calls.Single().Leaf);
    }

    [Fact]
    public void Check_LdapSessionRevoked_IsTerminated()
    {
        _bed.Revocation.WithPolicy("Default", true, TimeSpan.FromHours(1));
        var directoryCertificate = _bed.Root.Issue("CN=dir.test", At.AddDays(-10), At.AddDays(200));
        _bed.Revocation.Revoked.Add(directoryCertificate.Certificate.Thumbprint);
        using var slapd = LdapPeer.Start(directoryCertificate, _bed.Home.Path);

        var result = _bed.Run(_bed.Service(), Settings(SessionKind.Ldap), At, false,
            Remote("directory", SessionKind.Ldap, slapd.Endpoint, At.AddHours(-8))).Single();

        Assert.Equal(SessionVerdict.Revoked, result.Verdict);
        Assert.Equal(SessionAction.Terminate, result.RecommendedAction);
    }

    [Fact]
    public void Check_PeerUnreachable_IsIndeterminateAndStaysDue()
    {
        var port = FreePort.Next();
        var session = Remote("gone", SessionKind.Other, $"tls://127.0.0.1:{port}", At.AddDays(-1));

        var result = _bed.Run(_bed.Service(), Settings(), At, false, session).Single();

        Assert.Equal(SessionVerdict.Indeterminate, result.Verdict);
        Assert.Equal(SessionAction.Renegotiate, result.RecommendedAction);
        Assert.Contains("EndpointRefused", result.Detail);
        Assert.Null(result.NextCheck);
        Assert.Null(_bed.Run(_bed.Service(), Settings(), At.AddMinutes(1), false, session).Single().LastCheckedAt);
    }

    [Fact]
    public async Task Check_Cancelled_WhileThePeerHangs_StopsWithOperationCanceled()
    {
        // A peer that accepts and never answers StartTLS: only the token can end the wait (the timeout is long).
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var request = new SessionCheckRequest { At = At, Settings = Settings(), Timeout = TimeSpan.FromMinutes(5) };
            request.Sessions.Add(Remote("hang", SessionKind.Ldap, $"ldap://127.0.0.1:{port}", At.AddDays(-1)));
            request.Sessions.Add(Remote("next", SessionKind.Ldap, $"ldap://127.0.0.1:{port}", At.AddDays(-1)));
            using var cancellation = new CancellationTokenSource();
            var accepted = listener.AcceptTcpClientAsync();
            var seen = new List<string>();
            var run = Task.Run(() =>
            {
                foreach (var outcome in _bed.Service().Check(request, null, cancellation.Token)) seen.Add(outcome.Result!.Name);
            });
            using var client = await accepted;
            cancellation.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
            Assert.Empty(seen);
        }
        finally
        {
            listener.Stop();
        }
    }

    public void Dispose() => _bed.Dispose();
}
