using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PkiRevocation.Certificates;
using PkiRevocation.Diagnostics;
using PkiRevocation.Net;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Net;

/// <summary>Real TLS peers: openssl s_server on 127.0.0.1, a refused port, and a listener that never answers.</summary>
public class TlsCertificateReaderTests : IDisposable
{
    private static readonly DateTime Now = DateTime.UtcNow;
    private readonly TempDirectory _dir = new();
    private readonly TestCertificate _root = TestPki.CreateRoot("CN=TLS Test Root", Now);
    private readonly TestCertificate _intermediate;
    private readonly TestCertificate _leaf;
    private readonly TlsCertificateReader _reader = new(TcpConnector.Instance);

    public TlsCertificateReaderTests()
    {
        _intermediate = _root.Issue("CN=TLS Test Intermediate", Now.AddDays(-10), Now.AddDays(400), o => o.Ca());
        _leaf = _intermediate.Issue("CN=localhost", Now.AddDays(-1), Now.AddDays(20), o => o.Dns("localhost"));
    }

    public void Dispose() => _dir.Dispose();

    private ExternalProcess StartServer(int port, params string[] extra) =>
        ExternalProcess.StartListening(port, Tools.OpenSsl,
        [
            "s_server", "-accept", $"127.0.0.1:{port}", "-naccept", "4", "-quiet",
            "-cert", _leaf.WritePem(_dir.File("leaf.pem")), "-key", _leaf.WriteKeyPem(_dir.File("leaf.key")),
            "-cert_chain", _intermediate.WritePem(_dir.File("chain.pem")), .. extra,
        ]);

    [Theory]
    [InlineData("-tls1_3")]
    [InlineData("-tls1_2")]
    public async Task ReadAsync_OpenSslServer_ReturnsThePresentedChainLeafFirst(string protocol)
    {
        var port = FreePort.Next();
        using var server = StartServer(port, protocol);
        var outcome = await _reader.ReadAsync(new TlsEndpoint("127.0.0.1", port), TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.False(outcome.IsFailure, outcome.Failure?.ToString() + server.Output);
        var chain = outcome.Result!;
        Assert.Equal(_leaf.Der, chain[0].RawData);
        Assert.Contains(chain, c => c.RawData.SequenceEqual(_intermediate.Der));
        Assert.DoesNotContain(chain, c => c.RawData.SequenceEqual(_root.Der)); // not sent, not trusted, not invented
        Assert.All(chain, c => Assert.Equal($"127.0.0.1:{port}", c.Source));
        Assert.All(chain, c => Assert.Equal(CertificateFormat.Endpoint, c.Format));
    }

    [Fact]
    public async Task ReadAsync_ClosedPort_FailsWithEndpointRefused()
    {
        var outcome = await _reader.ReadAsync(new TlsEndpoint("127.0.0.1", FreePort.Next()), TestTimeouts.Answering, CancellationToken.None);
        Assert.Equal(ErrorIds.EndpointRefused, outcome.Failure!.ErrorId);
        Assert.Equal(FailureKind.ConnectionFailed, outcome.Failure.Kind);
    }

    [Fact]
    public async Task ReadAsync_ServerThatNeverAnswers_TimesOutAtTheTimeout()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = new List<TcpClient>();
        _ = Task.Run(async () => { try { while (true) accepted.Add(await listener.AcceptTcpClientAsync()); } catch (Exception) { } });
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var watch = Stopwatch.StartNew();
            var outcome = await _reader.ReadAsync(new TlsEndpoint("127.0.0.1", port), TimeSpan.FromSeconds(1), CancellationToken.None);
            watch.Stop();
            Assert.Equal(ErrorIds.EndpointTimeout, outcome.Failure!.ErrorId);
            Assert.Equal(FailureKind.Timeout, outcome.Failure.Kind);
            // Not before the timeout; after it, a margin for a loaded CI machine (the server never answers: no timeout, no end).
            Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(6));
        }
        finally
        {
            listener.Stop();
            accepted.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task ReadAsync_PlainTextServer_FailsWithTlsHandshakeFailed()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _ = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            await stream.WriteAsync("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"u8.ToArray());
            await Task.Delay(200);
        });
        try
        {
            var outcome = await _reader.ReadAsync(new TlsEndpoint("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port), TestTimeouts.Answering, CancellationToken.None);
            Assert.Equal(ErrorIds.TlsHandshakeFailed, outcome.Failure!.ErrorId);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task ReadAsync_UnresolvableHost_FailsWithHostNotFound()
    {
        var outcome = await _reader.ReadAsync(new TlsEndpoint("no-such-host.invalid", 443), TestTimeouts.Answering, CancellationToken.None);
        Assert.Equal(ErrorIds.HostNotFound, outcome.Failure!.ErrorId);
    }

    [Fact]
    public async Task ReadAsync_CancelledByCaller_ThrowsOperationCanceledPromptly()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var watch = Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                _reader.ReadAsync(new TlsEndpoint("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port), TimeSpan.FromSeconds(30), cancellation.Token));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public void ExpiryScan_SeveralSilentEndpoints_AreWaitedForConcurrentlyAndReportedInOrder()
    {
        var listeners = Enumerable.Range(0, 4).Select(_ => { var l = new TcpListener(IPAddress.Loopback, 0); l.Start(); return l; }).ToList();
        try
        {
            var engine = new PkiEngine(new EngineEnvironment(paths: new PkiRevocation.Configuration.PkiRevocationPaths(_dir.Path)));
            var request = new PkiRevocation.Expiry.ExpiryRequest { Timeout = TimeSpan.FromSeconds(2) };
            foreach (var listener in listeners) request.Endpoints.Add(new TlsEndpoint("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port));
            var watch = Stopwatch.StartNew();
            var outcomes = engine.Expiry.Scan(request).ToList();
            watch.Stop();
            Assert.Equal(request.Endpoints.Select(e => e.ToString()), outcomes.Select(o => o.Failure!.Input));
            Assert.All(outcomes, o => Assert.Equal(ErrorIds.EndpointTimeout, o.Failure!.ErrorId));
            // One after another they take 8 seconds at least; together about 2, and the margin is for a loaded CI machine.
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(6), $"four 2-second timeouts took {watch.Elapsed}: not concurrent");
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    [Fact]
    [Trait("Category", "RequiresLinuxPeers")]
    public async Task ReadAsync_SmtpStartTlsOnARealAiosmtpdServer_ReturnsItsCertificate()
    {
        using var smtp = SmtpTestServer.Start(startTls: true, trusted: false);
        var outcome = await _reader.ReadAsync(new TlsEndpoint("127.0.0.1", smtp.Port, StartTlsProtocol.Smtp), TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.False(outcome.IsFailure, outcome.Failure?.ToString() + smtp.Output);
        Assert.Equal(smtp.Certificate!.RawData, outcome.Result![0].RawData);
    }

    [Fact]
    [Trait("Category", "RequiresLinuxPeers")]
    public async Task ReadAsync_SmtpStartTlsOnAServerWithoutIt_FailsWithStartTlsRefused()
    {
        using var smtp = SmtpTestServer.Start(startTls: false, user: null);
        var outcome = await _reader.ReadAsync(new TlsEndpoint("127.0.0.1", smtp.Port, StartTlsProtocol.Smtp), TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal(ErrorIds.StartTlsRefused, outcome.Failure!.ErrorId);
        Assert.Contains("does not offer STARTTLS", outcome.Failure.Message);
    }

    [Fact]
    [Trait("Category", "RequiresLinuxPeers")]
    public async Task ReadAsync_LdapStartTlsOnAServerThatIsNotLdap_FailsWithStartTlsRefused()
    {
        // An SMTP server answers the LDAP extended request with a text line: not an LDAP message.
        using var smtp = SmtpTestServer.Start(startTls: false, user: null);
        var outcome = await _reader.ReadAsync(new TlsEndpoint("127.0.0.1", smtp.Port, StartTlsProtocol.Ldap), TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal(ErrorIds.StartTlsRefused, outcome.Failure!.ErrorId);
    }
}
