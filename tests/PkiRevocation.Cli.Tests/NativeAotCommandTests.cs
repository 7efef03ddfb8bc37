using System.Text.Json;
using PkiRevocation.TestSupport;
using Xunit;
using static PkiRevocation.Cli.Tests.PublishedPkirev;

namespace PkiRevocation.Cli.Tests;

/// <summary>
/// Every top-level pkirev command, --json included, run by the published NativeAOT binary against real peers on
/// 127.0.0.1: OpenSSL's OCSP responder, an `openssl ca` CA whose CRL a test HTTP server publishes, `openssl s_server`.
/// A subset of what the in-process tests check, enough to show that trimming and AOT compilation lost nothing each
/// command needs (serializers, parsers, crypto, sockets).
/// </summary>
public sealed class NativeAotCommandTests : IClassFixture<OcspCliFixture>, IDisposable
{
    private static readonly DateTime At = new(2030, 6, 2, 12, 0, 0, DateTimeKind.Utc);
    private const string AtText = "2030-06-02T12:00:00Z";
    private readonly OcspCliFixture _ocsp;
    private readonly TempDirectory _dir = new("pkirev-aot");
    private readonly string _home;

    public NativeAotCommandTests(OcspCliFixture ocsp)
    {
        _ocsp = ocsp;
        _home = _dir.File("home");
    }

    public void Dispose() => _dir.Dispose();

    private (int ExitCode, string Out, string Error) Pkirev(params string[] args) => RunNativeAot(_home, args);

    [Fact]
    public void Publish_NativeAot_HasNoTrimOrAotWarnings()
    {
        Assert.True(File.Exists(NativeAot));
        Assert.DoesNotMatch(@"warning IL\d{4}", PublishLog);
    }

    [Fact]
    public void NativeAot_VersionAndBadOption_AsTheJitBuild()
    {
        var version = Pkirev("--version");
        var bad = Pkirev("expiry", "--no-such-option");

        Assert.Equal(0, version.ExitCode);
        // The version from the manifest; the source revision after '+' may differ when a commit came between the build and the publish.
        Assert.Equal(RunJit(_home, "--version").Out.Split('+')[0], version.Out.Split('+')[0]);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Out);
        Assert.Equal(2, bad.ExitCode);
        Assert.StartsWith("pkirev: InvalidArgument: ", bad.Error);
    }

    [Fact]
    public void Ocsp_GoodAndRevokedAgainstOpenSslResponder_JsonAndBatch()
    {
        var json = Pkirev("ocsp", "--cert", _ocsp.Both, "--issuer", _ocsp.Ca, "--json");
        var batch = Pkirev("ocsp", "--cert", _ocsp.Good, "--cert", _ocsp.Unknown, "--issuer", _ocsp.Ca, "--batch", "--sha256");

        Assert.Equal("", json.Error);
        Assert.Equal(1, json.ExitCode);
        var lines = JsonLines(json.Out);
        Assert.Equal(new[] { "Good", "Revoked" }, lines.Select(l => l.GetProperty("status").GetString()));
        Assert.Equal("Matched", lines[0].GetProperty("nonceStatus").GetString());
        Assert.Equal("KeyCompromise", lines[1].GetProperty("revocationReason").GetString());
        Assert.Equal(_ocsp.RevokedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), lines[1].GetProperty("revocationTime").GetString());
        Assert.Equal(1, batch.ExitCode);
        Assert.Contains("Good", batch.Out);
        Assert.Contains("Unknown", batch.Out);
    }

    [Fact]
    public void Expiry_PemDerPkcs12AndTlsEndpoint_JsonAndOpenMetrics()
    {
        var root = TestPki.CreateRoot("CN=AOT Root", At);
        var certs = Directory.CreateDirectory(_dir.File("certs")).FullName;
        root.Issue("CN=expired.aot", At.AddDays(-90), At.AddDays(-2)).WritePem(Path.Combine(certs, "expired.pem"));
        root.Issue("CN=expiring.aot", At.AddDays(-90), At.AddDays(12)).WriteDer(Path.Combine(certs, "expiring.cer"));
        File.WriteAllBytes(Path.Combine(certs, "valid.p12"), root.Issue("CN=valid.aot", At.AddDays(-90), At.AddDays(200)).ToPfx("p12-secret"));
        using var peer = TlsPeer.Start(root.Issue("CN=peer.aot", At.AddDays(-10), At.AddDays(20)), _dir.Path);
        var variable = "PKIREV_AOT_P12_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(variable, "p12-secret"); // inherited by the pkirev process
        try
        {
            var json = Pkirev("expiry", "--path", certs, "--endpoint", $"127.0.0.1:{peer.Port}", "--password-env", variable, "--within-days", "30", "--at", AtText, "--json");
            var metrics = Pkirev("expiry", "--path", certs, "--password-env", variable, "--at", AtText, "--format", "openmetrics");

            Assert.Equal("", json.Error);
            Assert.Equal(1, json.ExitCode);
            var lines = JsonLines(json.Out);
            Assert.Equal(new[] { "CN=expired.aot:Expired", "CN=expiring.aot:Expiring", "CN=peer.aot:Expiring" },
                lines.Select(l => l.GetProperty("subject").GetString() + ":" + l.GetProperty("status").GetString()).Order());
            Assert.Equal(AtText, lines[0].GetProperty("referenceTime").GetString());
            Assert.Equal("", metrics.Error);
            Assert.Contains("subject=\"CN=valid.aot\"", metrics.Out);
            Assert.EndsWith("# EOF\n", metrics.Out);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void CrlPolicyRevocationCache_AgainstOpenSslCaOverHttp()
    {
        using var server = new StaticHttpServer();
        var ca = new OpenSslCa(Directory.CreateDirectory(_dir.File("ca")).FullName);
        var good = ca.Issue("good", [server.Url("ca.crl")]);
        var revoked = ca.Issue("revoked", [server.Url("ca.crl")]);
        ca.Revoke(revoked, "keyCompromise");
        var crl = _dir.File("ca.crl");
        File.WriteAllBytes(crl, ca.Der(ca.GenerateCrl(At.AddDays(-1), At.AddDays(5))));
        server.Set("ca.crl", File.ReadAllBytes(crl));

        var crlFile = Pkirev("crl", "--crl", crl, "--issuer", ca.CertificatePath, "--cert", good, "--cert", revoked, "--at", AtText, "--json");
        var policySet = Pkirev("policy", "set", "Partners", "--method", "crl,ocsp", "--unknown-status", "not-revoked", "--check-interval", "30m",
            "--applies-to", "issuer:CN=PkiRevocation*", "--json");
        var policyShow = Pkirev("policy", "show", "--json");
        var revocation = Pkirev("revocation", "--cert", revoked, "--issuer", ca.CertificatePath, "--at", AtText, "--json");
        var cacheList = Pkirev("cache", "list", "--json");
        var cacheClear = Pkirev("cache", "clear", "--kind", "crl", "--json");
        var policyRemove = Pkirev("policy", "remove", "Partners");

        Assert.Equal(1, crlFile.ExitCode);
        Assert.Equal(new[] { "NotRevoked", "Revoked" }, JsonLines(crlFile.Out).Select(l => l.GetProperty("status").GetString()));
        Assert.Equal("KeyCompromise", JsonLines(crlFile.Out)[1].GetProperty("revocationReason").GetString());
        Assert.Equal(0, policySet.ExitCode);
        Assert.Equal("00:30:00", JsonLines(policySet.Out).Single().GetProperty("checkInterval").GetString());
        Assert.Equal(new[] { "Partners", "Default" }, JsonLines(policyShow.Out).Select(p => p.GetProperty("name").GetString()));
        Assert.Equal("", revocation.Error);
        Assert.Equal(1, revocation.ExitCode);
        var result = JsonLines(revocation.Out).Single();
        Assert.Equal("Revoked", result.GetProperty("status").GetString());
        Assert.Equal("Crl", result.GetProperty("decidedBy").GetString());
        Assert.Equal("Partners", result.GetProperty("policy").GetString());
        var entry = JsonLines(cacheList.Out).Single();
        Assert.Equal(server.Url("ca.crl"), entry.GetProperty("url").GetString());
        Assert.Equal("Crl", entry.GetProperty("kind").GetString());
        Assert.Single(JsonLines(cacheClear.Out));
        Assert.Equal(0, policyRemove.ExitCode);
    }

    [Fact]
    public void Monitor_SetShowRunWhatIfRestartSchedule()
    {
        var root = TestPki.CreateRoot("CN=AOT Monitor Root", At);
        var certs = Directory.CreateDirectory(_dir.File("watched")).FullName;
        root.Issue("CN=expired.monitor", At.AddDays(-90), At.AddDays(-2)).WritePem(Path.Combine(certs, "expired.pem"));
        root.Issue("CN=soon.monitor", At.AddDays(-90), At.AddDays(5)).WritePem(Path.Combine(certs, "soon.pem"));

        var set = Pkirev("monitor", "set", "--source", certs, "--notification-frequency", "24h", "--json");
        var show = Pkirev("monitor", "show", "--json");
        var run = Pkirev("monitor", "run", "--what-if", "--at", AtText);
        var restart = Pkirev("monitor", "restart", "--at", AtText, "--json");
        var schedule = Pkirev("monitor", "schedule", "--pkirev-path", "/opt/pkirev/pkirev");

        Assert.Equal("", set.Error);
        Assert.Equal(0, set.ExitCode);
        var status = JsonLines(show.Out).Single();
        Assert.Equal("1.00:00:00", status.GetProperty("notificationFrequency").GetString());
        Assert.Equal(certs, status.GetProperty("sources")[0].GetString());
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Outcome : WhatIf", run.Out);
        Assert.Contains("EXPIRED (1)", run.Out);
        Assert.Equal(0, restart.ExitCode);
        Assert.Equal("2030-06-03T12:00:00Z", JsonLines(restart.Out)[0].GetProperty("nextRun").GetString());
        Assert.Contains("/opt/pkirev/pkirev monitor run", schedule.Out);
    }

    [Fact]
    [Trait("Category", "RequiresLinuxPeers")] // aiosmtpd: a Debian package that .ci/run installs
    public void Monitor_TestMailAndRun_DeliverOverSmtp()
    {
        using var server = SmtpTestServer.Start(startTls: false, user: null); // out of process, pkirev cannot be told to trust a test certificate
        var root = TestPki.CreateRoot("CN=AOT Mail Root", At);
        var certs = Directory.CreateDirectory(_dir.File("mailed")).FullName;
        root.Issue("CN=expired.mail", At.AddDays(-90), At.AddDays(-2)).WritePem(Path.Combine(certs, "expired.pem"));

        var set = Pkirev("monitor", "set", "--enable-email", "true", "--email-to", "ops@example.test", "--from", "monitor@example.test",
            "--smtp-server", "127.0.0.1", "--smtp-port", server.Port.ToString(), "--smtp-security", "None", "--source", certs);
        var testMail = Pkirev("monitor", "test-mail");
        var run = Pkirev("monitor", "run", "--at", AtText, "--json");

        Assert.Equal("", set.Error);
        Assert.Equal("", testMail.Error);
        Assert.StartsWith("250", testMail.Out);
        Assert.Equal(1, run.ExitCode);
        var messages = server.Messages();
        Assert.Equal(2, messages.Count);
        Assert.Contains("Test message", messages[0].Subject);
        Assert.Contains("expired.mail", messages[1].Text);
        Assert.False(messages[1].Tls);
    }

    [Fact]
    public void Sessions_SetRegisterListCheckUnregister_AgainstTlsPeer()
    {
        var now = DateTime.UtcNow;
        var root = TestPki.CreateRoot("CN=AOT Sessions Root", now);
        using var expiredPeer = TlsPeer.Start(root.Issue("CN=expired.session", now.AddDays(-400), now.AddDays(-1)), _dir.Path);
        var established = now.AddDays(-2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

        var set = Pkirev("sessions", "set", "--validity-check-frequency", "1d", "--revocation-policy", "none");
        var register = Pkirev("sessions", "register", "--name", "cti-1", "--kind", "Cti", "--endpoint", expiredPeer.Endpoint, "--established-at", established, "--json");
        var list = Pkirev("sessions", "list", "--json");
        var show = Pkirev("sessions", "show", "--json");
        var check = Pkirev("sessions", "check", "--json");
        var unregister = Pkirev("sessions", "unregister", "--name", "cti-1");

        Assert.Equal(0, set.ExitCode);
        Assert.Equal(0, register.ExitCode);
        Assert.Equal("cti-1", JsonLines(list.Out).Single().GetProperty("name").GetString());
        Assert.Equal("1.00:00:00", JsonLines(show.Out).Single().GetProperty("validityCheckFrequency").GetString());
        Assert.Equal("", check.Error);
        Assert.Equal(1, check.ExitCode);
        var verdict = JsonLines(check.Out).Single();
        Assert.Equal("Expired", verdict.GetProperty("verdict").GetString());
        Assert.Equal("Terminate", verdict.GetProperty("recommendedAction").GetString());
        Assert.Equal(0, unregister.ExitCode);
        Assert.Equal("", Pkirev("sessions", "list", "--json").Out);
    }
}
