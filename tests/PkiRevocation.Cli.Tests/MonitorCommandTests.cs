using System.Text.Json;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Cli.Tests;

/// <summary>pkirev monitor against a real SMTP server (aiosmtpd, STARTTLS + AUTH) with a temporary PKIREVOCATION_HOME.</summary>
[Trait("Category", "RequiresLinuxPeers")] // aiosmtpd, slapd or flock: Debian packages that .ci/run installs
public sealed class MonitorCommandTests : IDisposable
{
    private static readonly DateTime T0 = new(2026, 6, 1, 8, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _dir = new();
    private readonly string _certs;
    private readonly string _passwordVariable = "PKIREV_TEST_SMTP_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private readonly CliRunner _cli;

    public MonitorCommandTests()
    {
        _certs = Directory.CreateDirectory(_dir.File("certs")).FullName;
        _cli = new CliRunner(_dir.File("home"), now: T0);
        var root = TestPki.CreateRoot("CN=CLI Monitor Root", T0);
        root.Issue("CN=expired.example", T0.AddDays(-90), T0.AddDays(-2)).WritePem(Path.Combine(_certs, "expired.pem"));
        root.Issue("CN=soon.example", T0.AddDays(-90), T0.AddDays(5)).WritePem(Path.Combine(_certs, "soon.pem"));
        root.Issue("CN=valid.example", T0.AddDays(-90), T0.AddDays(200)).WritePem(Path.Combine(_certs, "valid.pem"));
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_passwordVariable, null);
        _dir.Dispose();
    }

    private static List<JsonElement> Lines(string output) => CliRunner.JsonLines(output);

    private (int, string, string) Configure(SmtpTestServer server, params string[] extra)
    {
        Environment.SetEnvironmentVariable(_passwordVariable, server.Password);
        var args = new List<string>
        {
            "monitor", "set", "--enable-email", "--email-to", "ops@example.test;pki@example.test", "--from", "monitor@example.test",
            "--smtp-server", "127.0.0.1", "--smtp-port", server.Port.ToString(), "--smtp-security", "StartTls",
            "--user", server.User!, "--password-env", _passwordVariable, "--source", _certs, "--notification-frequency", "24h",
        };
        args.AddRange(extra);
        return _cli.Run(args.ToArray());
    }

    [Fact]
    public void Set_Show_Run_DigestArrives_SecondRunIsNotDue()
    {
        using var server = SmtpTestServer.Start();
        var (setCode, _, setError) = Configure(server);
        Assert.Equal("", setError);
        Assert.Equal(0, setCode);

        var (showCode, showOut, _) = _cli.Run("monitor", "show", "--json");
        Assert.Equal(0, showCode);
        var status = Assert.Single(Lines(showOut));
        Assert.Equal("1.00:00:00", status.GetProperty("notificationFrequency").GetString());
        Assert.Equal(2, status.GetProperty("emailTo").GetArrayLength());
        Assert.Equal("ProtectedFile", status.GetProperty("credentialKind").GetString());
        Assert.DoesNotContain(server.Password!, showOut);

        var (runCode, runOut, runError) = _cli.Run("monitor", "run", "--at", "2026-06-01T08:00:00Z", "--json");
        Assert.Equal("", runError);
        Assert.Equal(1, runCode); // certificates need attention
        var lines = Lines(runOut);
        Assert.Equal(3, lines.Count); // two certificates, then the summary
        Assert.Equal("Sent", lines[2].GetProperty("outcome").GetString());
        Assert.Equal("2026-06-01T09:00:00Z", lines[2].GetProperty("nextRun").GetString()); // soon.example is within 7 days
        Assert.All(lines.Take(2), l => Assert.True(l.GetProperty("notificationSent").GetBoolean()));
        var mail = Assert.Single(server.Messages());
        Assert.Equal(2, mail.RcptTos.Length);
        Assert.Contains("CN=soon.example", mail.Text);

        var (againCode, againOut, _) = _cli.Run("monitor", "run", "--at", "2026-06-01T08:30:00Z");
        Assert.Equal(0, againCode);
        Assert.Contains("Outcome : NotDue", againOut);
        Assert.Contains("NextRun : 2026-06-01T09:00:00Z", againOut);
        Assert.Single(server.Messages());
    }

    [Fact]
    public void Run_MetricsFile_IsWrittenForTheTextfileCollector_AndPassesPromtool()
    {
        using var server = SmtpTestServer.Start();
        Configure(server);
        var file = _dir.File("node-exporter/textfile/pkirev.prom");

        var (code, _, error) = _cli.Run("monitor", "run", "--at", "2026-06-01T08:00:00Z", "--metrics-file", file);

        Assert.Equal("", error);
        Assert.Equal(1, code);
        var text = File.ReadAllText(file);
        Assert.Equal((0, ""), Promtool.CheckMetrics(text));
        Assert.Contains("pkirev_monitor_run_info{scope=\"CurrentUser\",outcome=\"Sent\"} 1\n", text);
        Assert.Contains("pkirev_certificate_expiry_status{subject=\"CN=soon.example\"", text);
    }

    [Fact]
    public void Run_WhatIf_PrintsTheDigest_SendsNothing()
    {
        using var server = SmtpTestServer.Start();
        Configure(server);

        var (code, output, _) = _cli.Run("monitor", "run", "--what-if", "--at", "2026-06-01T08:00:00Z");

        Assert.Equal(1, code);
        Assert.Contains("Outcome : WhatIf", output);
        Assert.Contains("EXPIRED (1)", output);
        Assert.Contains("EXPIRING WITHIN 7 DAYS (1)", output);
        Assert.Empty(server.Messages());
        var (_, show, _) = _cli.Run("monitor", "show");
        Assert.Contains("NextRun               : due now", show);
    }

    [Fact]
    public void Run_ServerRejects_ExitsTwoWithTheServersAnswer()
    {
        using var server = SmtpTestServer.Start();
        Configure(server);
        server.Reject("554 5.7.1 Policy rejection for testing");

        var (code, _, error) = _cli.Run("monitor", "run", "--at", "2026-06-01T08:00:00Z");

        Assert.Equal(2, code);
        Assert.Contains("pkirev: SmtpSendFailed:", error);
        Assert.Contains("Policy rejection for testing", error);
        Assert.Empty(server.Messages());
        var (_, show, _) = _cli.Run("monitor", "show", "--json");
        Assert.Equal(2, Lines(show)[0].GetProperty("pendingNotices").GetInt32());
    }

    [Fact]
    public void TestMail_Arrives()
    {
        using var server = SmtpTestServer.Start();
        Configure(server);

        var (code, output, error) = _cli.Run("monitor", "test-mail");

        Assert.Equal("", error);
        Assert.Equal(0, code);
        Assert.StartsWith("250", output);
        Assert.Contains("Test message", Assert.Single(server.Messages()).Subject);
    }

    private void ConfigureWithoutLogin(SmtpTestServer server)
    {
        var (code, _, error) = _cli.Run("monitor", "set", "--enable-email", "--email-to", "ops@example.test", "--from", "monitor@example.test",
            "--smtp-server", "127.0.0.1", "--smtp-port", server.Port.ToString(), "--smtp-security", "StartTls", "--source", _certs);
        Assert.Equal("", error);
        Assert.Equal(0, code);
    }

    [Fact]
    public void TestMail_AccessTokenFromTheEnvironment_LogsInWithXOAuth2AsTheFromMailbox()
    {
        using var server = SmtpTestServer.Start(user: null, xoauth2: ("monitor@example.test", "ya29.cli-access-token"));
        ConfigureWithoutLogin(server);
        Environment.SetEnvironmentVariable(_passwordVariable, "ya29.cli-access-token");

        var (code, output, error) = _cli.Run("monitor", "test-mail", "--access-token-env", _passwordVariable);

        Assert.Equal("", error);
        Assert.Equal(0, code);
        Assert.StartsWith("250", output);
        Assert.Equal("monitor@example.test", Assert.Single(server.Messages()).Login);
        Assert.DoesNotContain("ya29", output);
    }

    [Fact]
    public void Run_AnotherAccessToken_ExitsTwoWith535_AndTheNoticesStayPending()
    {
        using var server = SmtpTestServer.Start(user: null, xoauth2: ("monitor@example.test", "ya29.cli-access-token"));
        ConfigureWithoutLogin(server);
        Environment.SetEnvironmentVariable(_passwordVariable, "ya29.expired-token");

        var (code, _, error) = _cli.Run("monitor", "run", "--at", "2026-06-01T08:00:00Z", "--user", "monitor@example.test", "--access-token-env", _passwordVariable);

        Assert.Equal(2, code);
        Assert.Contains("pkirev: SmtpSendFailed:", error);
        Assert.Contains("535", error);
        Assert.DoesNotContain("ya29", error);
        Assert.Empty(server.Messages());
        var (_, show, _) = _cli.Run("monitor", "show", "--json");
        Assert.Equal(2, Lines(show)[0].GetProperty("pendingNotices").GetInt32());
    }

    [Fact]
    public void AccessTokenEnv_WithPasswordEnv_OrUnset_ExitsTwoBeforeSending()
    {
        var (code, _, error) = _cli.Run("monitor", "test-mail", "--access-token-env", "PKIREV_TEST_UNSET_" + Guid.NewGuid().ToString("N"));
        Assert.Equal(2, code);
        Assert.Contains("--access-token-env: the environment variable", error);

        var (code2, _, error2) = _cli.Run("monitor", "run", "--user", "u", "--password-env", "A", "--access-token-env", "B");
        Assert.Equal(2, code2);
        Assert.Contains("exclude each other", error2);
    }

    [Fact]
    public void Set_BadAddressOrDuration_ExitsTwo_NothingSaved()
    {
        var (code, _, error) = _cli.Run("monitor", "set", "--email-to", "ops@example.test;not-an-address", "--enable-email", "--from", "m@example.test", "--smtp-server", "mail.example.test");
        Assert.Equal(2, code);
        Assert.StartsWith("pkirev: MonitorSettingsInvalid:", error);
        Assert.Contains("'not-an-address' is not an e-mail address", error);

        var (code2, _, error2) = _cli.Run("monitor", "set", "--notification-frequency", "soon");
        Assert.Equal(2, code2);
        Assert.Contains("--notification-frequency 'soon' is not a duration", error2);

        var (_, show, _) = _cli.Run("monitor", "show", "--json");
        Assert.False(Lines(show)[0].GetProperty("configured").GetBoolean());
    }

    [Fact]
    public void Set_UserWithoutPasswordEnv_ExitsTwo()
    {
        var (code, _, error) = _cli.Run("monitor", "set", "--user", "someone");
        Assert.Equal(2, code);
        Assert.Contains("--password-env", error);
    }

    [Fact]
    public void Set_BooleanOptions_TakeTrueFalse_AndAlone()
    {
        Assert.Equal(0, _cli.Run("monitor", "set", "--source", _certs, "--enabled", "false").Item1);
        var (_, show, _) = _cli.Run("monitor", "show", "--json");
        Assert.False(Lines(show)[0].GetProperty("enabled").GetBoolean());
        Assert.Equal(0, _cli.Run("monitor", "set", "--enabled").Item1);
        (_, show, _) = _cli.Run("monitor", "show", "--json");
        Assert.True(Lines(show)[0].GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public void Restart_And_Schedule()
    {
        Assert.Equal(0, _cli.Run("monitor", "set", "--source", _certs).Item1);
        var (code, output, _) = _cli.Run("monitor", "restart", "--at", "2026-06-01T10:00:00Z", "--json");
        Assert.Equal(0, code);
        Assert.Equal("2026-06-02T10:00:00Z", Lines(output)[0].GetProperty("nextRun").GetString());

        var (scheduleCode, schedule, _) = _cli.Run("monitor", "schedule", "--pkirev-path", "/opt/pkirev/pkirev", "--scope", "AllUsers");
        Assert.Equal(0, scheduleCode);
        Assert.Contains("0 * * * * ", schedule);
        Assert.Contains("/opt/pkirev/pkirev monitor run --scope AllUsers", schedule);
        Assert.Contains("OnCalendar=hourly", schedule);
    }

    [Theory]
    [InlineData("1.00:00:00", 24 * 60)]
    [InlineData("12:00:00", 12 * 60)]
    [InlineData("24h", 24 * 60)]
    [InlineData("7d", 7 * 24 * 60)]
    [InlineData("30m", 30)]
    [InlineData("1d12h", 36 * 60)]
    [InlineData("1.5h", 90)]
    [InlineData("0", 0)]
    public void DurationText_AcceptsTimeSpanAndShortForms(string text, int minutes)
    {
        Assert.True(DurationText.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMinutes(minutes), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("24")]
    [InlineData("h")]
    [InlineData("-1d")]
    [InlineData("-01:00:00")]
    [InlineData("NaNh")]
    [InlineData("1w")]
    public void DurationText_RejectsOtherText(string text) => Assert.Equal(DurationText.Reading.NotADuration, DurationText.Read(text, out _));

    [Theory]
    [InlineData("99999999999d")]
    [InlineData("10675200d")]
    [InlineData("10675200.00:00:00")]
    [InlineData("99999999999999999999999999999999999999999999999999s")]
    public void DurationText_BeyondAnyTimeSpan_IsOutOfRange(string text) => Assert.Equal(DurationText.Reading.OutOfRange, DurationText.Read(text, out _));
}
