using System.Text.Json;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Cli.Tests;

/// <summary>pkirev sessions: settings, registry and checks against real TLS (openssl s_server) and LDAP (slapd) peers.</summary>
[Trait("Category", "RequiresLinuxPeers")] // aiosmtpd, slapd or flock: Debian packages that .ci/run installs
public sealed class SessionsCommandTests : IDisposable
{
    private static readonly DateTime At = new(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _dir = new("pkirev-cli-sessions");
    private readonly CliRunner _cli;
    private readonly TestCertificate _root = TestPki.CreateRoot("CN=CLI Sessions Root", At);

    public SessionsCommandTests() => _cli = new CliRunner(_dir.File("home"), now: At);

    public void Dispose() => _dir.Dispose();

    private static List<JsonElement> Lines(string output) => CliRunner.JsonLines(output);

    private static JsonElement Named(List<JsonElement> lines, string name) => lines.Single(l => l.GetProperty("name").GetString() == name);

    [Fact]
    public void Set_ThenShow_PersistsSettings_ShortAndTimeSpanDurations()
    {
        var (code, _, error) = _cli.Run("sessions", "set", "--certificate-validity-check", "false", "--validity-check-frequency", "12h",
            "--minimum-session-age", "1d", "--revocation-policy", "Default", "--kinds", "Cti,Ldap", "--kinds", "IPsec");
        Assert.Equal("", error);
        Assert.Equal(0, code);

        var (showCode, output, _) = _cli.Run("sessions", "show", "--json");
        Assert.Equal(0, showCode);
        var settings = Lines(output).Single();
        Assert.False(settings.GetProperty("certificateValidityCheck").GetBoolean());
        Assert.Equal("12:00:00", settings.GetProperty("validityCheckFrequency").GetString());
        Assert.Equal("1.00:00:00", settings.GetProperty("minimumSessionAge").GetString());
        Assert.Equal("Default", settings.GetProperty("revocationPolicy").GetString());
        Assert.Equal(new[] { "Cti", "Ldap", "IPsec" }, settings.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()));

        _cli.Run("sessions", "set", "--minimum-session-age", "06:00:00", "--revocation-policy", "none", "--certificate-validity-check", "TRUE");
        var text = _cli.Run("sessions", "show").Out;
        Assert.Contains("MinimumSessionAge        : 06:00:00", text);
        Assert.Contains("CertificateValidityCheck : true", text);
        Assert.Contains("RevocationPolicy         : (none", text);
        Assert.Contains("ValidityCheckFrequency   : 12:00:00", text); // untouched options keep their values
    }

    [Theory]
    [InlineData("InvalidArgument", "--certificate-validity-check", "maybe")]
    [InlineData("InvalidArgument", "--validity-check-frequency", "soon")]
    [InlineData("SessionSettingsInvalid", "--validity-check-frequency", "0s")]
    [InlineData("InvalidArgument", "--kinds", "Ldap,Smtp")]
    public void Set_BadValue_ExitTwoNamingTheOption_AndNothingWritten(string errorId, string option, string value)
    {
        var (code, _, error) = _cli.Run("sessions", "set", option, value);

        Assert.Equal(2, code);
        Assert.StartsWith($"pkirev: {errorId}: ", error);
        Assert.Contains(errorId == "SessionSettingsInvalid" ? "ValidityCheckFrequency" : option, error);
        Assert.False(File.Exists(Path.Combine(_dir.File("home"), "CurrentUser", "sessions.json")));
    }

    [Fact]
    public void Register_List_Unregister_RoundTrip_WithErrors()
    {
        Assert.Equal(0, _cli.Run("sessions", "register", "--name", "dir-1", "--kind", "Ldap", "--endpoint", "ldap://dc1.example.test", "--established-at", "2026-05-30T08:00:00Z").ExitCode);
        var pinned = _root.Issue("CN=vpn.test", At.AddDays(-1), At.AddDays(100)).WriteChainPem(_dir.File("vpn.pem"), includeRoot: true);
        Assert.Equal(0, _cli.Run("sessions", "register", "--name", "vpn-1", "--kind", "IPsec", "--pinned-certificate", pinned, "--established-at", "2026-05-30T08:00:00Z", "--scope", "AllUsers").ExitCode);

        var again = _cli.Run("sessions", "register", "--name", "DIR-1", "--kind", "Ldap", "--endpoint", "ldaps://dc2.example.test", "--established-at", "2026-05-30");
        Assert.Equal(2, again.ExitCode);
        Assert.StartsWith("pkirev: SessionExists: ", again.Error);

        var bad = _cli.Run("sessions", "register", "--name", "x", "--kind", "Other", "--endpoint", "ftp://h:21", "--established-at", "2026-05-30");
        Assert.Equal(2, bad.ExitCode);
        Assert.StartsWith("pkirev: SessionInvalid: ", bad.Error);

        var list = Lines(_cli.Run("sessions", "list", "--json").Out);
        Assert.Equal(new[] { "dir-1", "vpn-1" }, list.Select(l => l.GetProperty("name").GetString()));
        Assert.Equal("ldap://dc1.example.test", Named(list, "dir-1").GetProperty("endpoint").GetString());
        Assert.Equal("AllUsers", Named(list, "vpn-1").GetProperty("scope").GetString());
        Assert.Single(Named(list, "vpn-1").GetProperty("pinnedIssuers").EnumerateArray());

        Assert.Equal(0, _cli.Run("sessions", "unregister", "--name", "dir-1").ExitCode);
        var missing = _cli.Run("sessions", "unregister", "--name", "dir-1");
        Assert.Equal(2, missing.ExitCode);
        Assert.StartsWith("pkirev: SessionNotFound: ", missing.Error);
        Assert.Contains("vpn-1", _cli.Run("sessions", "list").Out);
    }

    [Fact]
    public void Check_RealTlsAndLdapPeers_VerdictsExitCodesAndIntervalAcrossRuns()
    {
        var good = _root.Issue("CN=good.test", At.AddDays(-30), At.AddDays(365));
        var expired = _root.Issue("CN=expired.test", At.AddDays(-400), At.AddDays(-1));
        var directory = _root.Issue("CN=127.0.0.1", At.AddDays(-30), At.AddDays(365));
        using var goodPeer = TlsPeer.Start(good, _dir.Path);
        using var expiredPeer = TlsPeer.Start(expired, _dir.Path);
        using var slapd = LdapPeer.Start(directory, _dir.Path);
        _cli.Run("sessions", "set", "--validity-check-frequency", "1d");
        _cli.Run("sessions", "register", "--name", "good", "--kind", "Other", "--endpoint", goodPeer.Endpoint, "--established-at", "2026-05-31T00:00:00Z");
        _cli.Run("sessions", "register", "--name", "expired", "--kind", "Cti", "--endpoint", expiredPeer.Endpoint, "--established-at", "2026-05-31T00:00:00Z");
        _cli.Run("sessions", "register", "--name", "directory", "--kind", "Ldap", "--endpoint", slapd.Endpoint, "--established-at", "2026-05-31T00:00:00Z");
        _cli.Run("sessions", "register", "--name", "young", "--kind", "Other", "--endpoint", goodPeer.Endpoint, "--established-at", "2026-06-01T10:00:00Z");

        var (code, output, error) = _cli.Run("sessions", "check", "--json");
        Assert.Equal("", error);
        Assert.Equal(1, code); // the expired peer needs action
        var first = Lines(output);
        Assert.Equal("Valid", Named(first, "good").GetProperty("verdict").GetString());
        Assert.Equal("None", Named(first, "good").GetProperty("recommendedAction").GetString());
        Assert.Equal("Expired", Named(first, "expired").GetProperty("verdict").GetString());
        Assert.Equal("Terminate", Named(first, "expired").GetProperty("recommendedAction").GetString());
        Assert.Equal(Convert.ToBase64String(expired.Der), Named(first, "expired").GetProperty("certificate").GetString());
        Assert.Equal("Valid", Named(first, "directory").GetProperty("verdict").GetString());
        Assert.Equal(Convert.ToBase64String(directory.Der), Named(first, "directory").GetProperty("certificate").GetString());
        Assert.Equal("NotChecked", Named(first, "directory").GetProperty("revocationStatus").GetString());
        Assert.Equal("TooYoung", Named(first, "young").GetProperty("skipReason").GetString());
        Assert.Equal("2026-06-02T12:00:00Z", Named(first, "good").GetProperty("nextCheck").GetString());

        // An hour later nothing is due: all skipped, nothing to act on.
        var later = _cli.Run("sessions", "check", "--at", "2026-06-01T13:00:00Z", "--json");
        Assert.Equal(0, later.ExitCode);
        Assert.All(Lines(later.Out), l => Assert.Equal("Skipped", l.GetProperty("verdict").GetString()));
        Assert.Equal("NotDue", Named(Lines(later.Out), "expired").GetProperty("skipReason").GetString());

        // --force ignores the interval; --name picks registered sessions.
        var forced = _cli.Run("sessions", "check", "--at", "2026-06-01T13:00:00Z", "--force", "--name", "expired");
        Assert.Equal(1, forced.ExitCode);
        Assert.Contains("Expired", forced.Out);
        Assert.Contains("Terminate", forced.Out);
        Assert.DoesNotContain("directory", forced.Out);
    }

    [Fact]
    public void Check_RevocationPolicy_PinnedLeafWithoutIssuer_IsIndeterminateNeverValid()
    {
        var pinned = _root.Issue("CN=vpn.test", At.AddDays(-1), At.AddDays(100)).WritePem(_dir.File("vpn.pem"));
        _cli.Run("sessions", "set", "--revocation-policy", "Default");
        _cli.Run("sessions", "register", "--name", "vpn", "--kind", "IPsec", "--pinned-certificate", pinned, "--established-at", "2026-05-01");

        var (code, output, _) = _cli.Run("sessions", "check", "--json");

        Assert.Equal(1, code);
        var result = Lines(output).Single();
        Assert.Equal("Indeterminate", result.GetProperty("revocationStatus").GetString());
        Assert.Equal("Indeterminate", result.GetProperty("verdict").GetString());
        Assert.Equal("Renegotiate", result.GetProperty("recommendedAction").GetString());
    }

    [Fact]
    public void Check_RealOcspResponder_RevokedPeerExitsOneWithTerminate()
    {
        // openssl ocsp signs with the current time, so this test's reference time is now.
        var now = DateTime.UtcNow;
        var at = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, DateTimeKind.Utc);
        var cli = new CliRunner(_dir.File("home-ocsp"), now: at);
        var port = FreePort.Next();
        var url = $"http://127.0.0.1:{port}/";
        var ca = TestPki.CreateRoot("CN=CLI Sessions OCSP CA", at.AddYears(-1), at.AddYears(5));
        var good = ca.Issue("CN=good.ocsp.test", at.AddDays(-30), at.AddDays(365), o => o.Ocsp(url));
        var revoked = ca.Issue("CN=revoked.ocsp.test", at.AddDays(-30), at.AddDays(365), o => o.Ocsp(url));
        using var responder = OpenSslOcspResponder.Start(_dir.Path, ca, ca, new OcspIndex().Valid(good).Revoked(revoked, at.AddDays(-1), "keyCompromise"), nextUpdateMinutes: 60, port: port);
        using var goodPeer = TlsPeer.Start(good, _dir.Path);
        using var revokedPeer = TlsPeer.Start(revoked, _dir.Path);
        var engine = new PkiEngine(new EngineEnvironment(new PkiRevocation.Configuration.FixedClock(at), paths: new PkiRevocation.Configuration.PkiRevocationPaths(_dir.File("home-ocsp"))));
        Assert.False(engine.Policies.Set(new PkiRevocation.Revocation.RevocationPolicy { Name = "Ocsp", Methods = [PkiRevocation.Revocation.RevocationMethod.Ocsp], CheckInterval = TimeSpan.FromHours(3) }).IsFailure);
        Assert.Equal(0, cli.Run("sessions", "set", "--revocation-policy", "Ocsp", "--kinds", "Other").ExitCode);
        var established = at.AddHours(-7).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        cli.Run("sessions", "register", "--name", "good", "--kind", "Other", "--endpoint", goodPeer.Endpoint, "--established-at", established);
        cli.Run("sessions", "register", "--name", "revoked", "--kind", "Other", "--endpoint", revokedPeer.Endpoint, "--established-at", established);

        var (code, output, error) = cli.Run("sessions", "check", "--json");

        Assert.Equal("", error);
        Assert.Equal(1, code);
        var lines = Lines(output);
        Assert.Equal("NotRevoked", Named(lines, "good").GetProperty("revocationStatus").GetString());
        Assert.Equal("None", Named(lines, "good").GetProperty("recommendedAction").GetString());
        Assert.Equal("Revoked", Named(lines, "revoked").GetProperty("revocationStatus").GetString());
        Assert.Equal("Terminate", Named(lines, "revoked").GetProperty("recommendedAction").GetString());
        Assert.Contains(Named(lines, "revoked").GetProperty("revocationSteps").EnumerateArray(), s => s.GetString()!.Contains("OCSP decided: revoked"));
        Assert.Equal("03:00:00", Named(lines, "good").GetProperty("checkInterval").GetString());
    }

    [Theory]
    [InlineData("check", "--at", "yesterday")]
    [InlineData("check", "--name", "nope")]
    [InlineData("register", "--name", "x")]
    public void BadOptions_ExitTwo(params string[] args)
    {
        var (code, _, error) = _cli.Run(new[] { "sessions" }.Concat(args).ToArray());

        Assert.Equal(2, code);
        Assert.StartsWith("pkirev: ", error);
    }
}
