using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Cli.Tests;

/// <summary>
/// Inputs that used to break more than themselves (issue 11, items 12-17): each fails alone with
/// "pkirev: ErrorId: message" naming it, exit 2, and every other input is still reported.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private static readonly DateTime At = new(2026, 11, 21, 0, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _dir = new("pkirev-cli-bad");
    private readonly CliRunner _cli;
    private readonly TestCertificate _root = TestPki.CreateRoot("CN=Bad Input Root", At);
    private readonly string _good;
    private readonly string _ca;
    private readonly NamedPipes _pipes = new();

    public BadInputTests()
    {
        _cli = new CliRunner(_dir.File("home"), now: At);
        _good = _root.Issue("CN=good.example", At.AddDays(-1), At.AddDays(300)).WritePem(_dir.File("good.pem"));
        _ca = _root.WritePem(_dir.File("ca.pem"));
    }

    public void Dispose()
    {
        _pipes.Dispose();
        _dir.Dispose();
    }

    private string Fifo(string name) => _pipes.Create(_dir.File(name));

    private (int ExitCode, string Out, string Error) RunWithoutHanging(params string[] args) => NamedPipes.WithoutHanging(() => _cli.Run(args));

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public void Expiry_NamedPipeAndDevZeroAmongGood_EachRefusedAloneAndTheGoodOneReported()
    {
        var fifo = Fifo("pipe.pem");

        var (code, output, error) = RunWithoutHanging("expiry", "--path", fifo, "--path", "/dev/zero", "--path", _good, "--json");

        Assert.Equal(2, code);
        var errors = Lines(error);
        Assert.Equal(2, errors.Length);
        Assert.StartsWith($"pkirev: NotARegularFile: The certificate file '{fifo}' is a named pipe", errors[0]);
        Assert.StartsWith("pkirev: NotARegularFile: The certificate file '/dev/zero' is a character device", errors[1]);
        Assert.Contains("good.example", Assert.Single(Lines(output)));
    }

    [Fact]
    public void Ocsp_ResponseFromDevZeroOrAPipe_IsRefusedNamingIt()
    {
        var fifo = Fifo("pipe.der");
        foreach (var response in new[] { "/dev/zero", fifo })
        {
            var (code, _, error) = RunWithoutHanging("ocsp", "--cert", _good, "--issuer", _ca, "--response", response);

            Assert.Equal(2, code);
            Assert.StartsWith($"pkirev: NotARegularFile: The OCSP response '{response}' is", error);
        }
    }

    [Fact]
    public void Crl_CrlFromAPipe_IsCrlUnreadableAndTheCertificateStillGetsAResult()
    {
        var fifo = Fifo("pipe.crl");

        var (code, output, error) = RunWithoutHanging("crl", "--crl", fifo, "--issuer", _ca, "--cert", _good, "--no-cache");

        Assert.Equal(2, code);
        Assert.StartsWith($"pkirev: CrlUnreadable: The CRL '{fifo}' cannot be used: The CRL '{fifo}' is a named pipe", error);
        Assert.Contains("Indeterminate", output);
    }

    [Fact]
    public void Ocsp_CertificateFileOverTheLimit_IsFileTooLargeSayingWhichLimit()
    {
        var huge = _dir.File("huge.pem");
        using (var stream = new FileStream(huge, FileMode.CreateNew)) stream.SetLength(8L * 1024 * 1024 + 1);

        var (code, _, error) = _cli.Run("ocsp", "--cert", huge, "--issuer", _ca);

        Assert.Equal(2, code);
        Assert.StartsWith($"pkirev: FileTooLarge: The certificate file '{huge}' is larger than the 8 MiB allowed for certificate files", error);
    }

    [Fact]
    public void Expiry_NotAfterInYearZero_FailsForThatFileAloneNamingIt()
    {
        // notAfter GeneralizedTime 00001231235959Z: a valid encoding of a year DateTime cannot hold.
        var certs = Directory.CreateDirectory(_dir.File("certs")).FullName;
        var bad = Path.Combine(certs, "year0.der");
        File.WriteAllBytes(bad, _root.Issue("CN=year0.example", At.AddDays(-1), At.AddDays(30)).WithRawValidity(0x17, "261120000000Z", 0x18, "00001231235959Z"));
        File.Copy(_good, Path.Combine(certs, "good.pem"));

        foreach (var args in new[] { new[] { "expiry", "--path", bad, "--path", _good, "--json" }, new[] { "expiry", "--path", certs, "--json" } })
        {
            var (code, output, error) = _cli.Run(args);

            Assert.Equal(2, code);
            var line = Assert.Single(Lines(error));
            Assert.StartsWith($"pkirev: NotACertificate: A certificate in '{bad}' cannot be decoded: the validity period cannot be decoded: notAfter: ", line);
            Assert.Contains(bad, line);
            Assert.Contains("GeneralizedTime 00001231235959Z", line);
            Assert.Contains("good.example", Assert.Single(Lines(output)));
        }
    }

    [Fact]
    public void MonitorRun_SourceWithATimeInYearZero_StillReportsTheOtherCertificates()
    {
        var certs = Directory.CreateDirectory(_dir.File("monitored")).FullName;
        var bad = Path.Combine(certs, "year0.der");
        File.WriteAllBytes(bad, _root.Issue("CN=year0.example", At.AddDays(-1), At.AddDays(30)).WithRawValidity(0x17, "261120000000Z", 0x18, "00001231235959Z"));
        _root.Issue("CN=soon.example", At.AddDays(-90), At.AddDays(5)).WritePem(Path.Combine(certs, "soon.pem"));
        var (setCode, _, setError) = _cli.Run("monitor", "set", "--source", certs);
        Assert.True(setCode == 0, setError);

        var (code, output, error) = _cli.Run("monitor", "run", "--what-if", "--force", "--json");

        Assert.Equal(2, code);
        Assert.StartsWith($"pkirev: NotACertificate: A certificate in '{bad}' cannot be decoded", Assert.Single(Lines(error)));
        Assert.Contains(Lines(output), l => l.Contains("soon.example"));
    }

    [Fact]
    public void SessionsRegister_FarFutureEstablishedAt_IsRefused()
    {
        var (code, _, error) = _cli.Run("sessions", "register", "--name", "vpn-1", "--kind", "IPsec", "--pinned-certificate", _good, "--established-at", "9999-12-31T23:59:59Z");

        Assert.Equal(2, code);
        Assert.StartsWith("pkirev: SessionInvalid: The session 'vpn-1' has EstablishedAt 9999-12-31T23:59:59Z, in the future", error);
        Assert.Contains("vpn-1", error);
        Assert.DoesNotContain("vpn-1", _cli.Run("sessions", "list").Out);
    }

    [Fact]
    public void SessionsCheck_AStoredFarFutureSession_FailsAloneAndTheHealthyOneIsChecked()
    {
        Assert.Equal(0, _cli.Run("sessions", "register", "--name", "a-good", "--kind", "IPsec", "--pinned-certificate", _good, "--established-at", "2026-11-19T00:00:00Z").ExitCode);
        var file = Path.Combine(_dir.File("home"), "CurrentUser", "sessions.json");
        // As registered before EstablishedAt was checked: a second session, established 9999-12-31, straight into the file.
        var document = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!;
        var sessions = document["sessions"]!.AsArray();
        var future = sessions[0]!.DeepClone();
        future["name"] = "b-future";
        future["establishedAt"] = "9999-12-31T23:59:59Z";
        sessions.Add(future);
        File.WriteAllText(file, document.ToJsonString());

        var (code, output, error) = _cli.Run("sessions", "check", "--force", "--json");

        Assert.Equal(2, code);
        Assert.StartsWith("pkirev: SessionInvalid: The session 'b-future' has EstablishedAt 9999-12-31T23:59:59Z", Assert.Single(Lines(error)));
        Assert.Contains("\"a-good\"", Assert.Single(Lines(output)));
    }

    [Fact]
    public void PolicySet_AfterAWriterWasKilled_RemovesItsTemporaryFile()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir.File("home"), "CurrentUser")).FullName;
        var leftover = Path.Combine(folder, ".policies.json." + Guid.NewGuid().ToString("N") + ".tmp");
        File.WriteAllText(leftover, "{\"policies\": [");

        var (code, _, error) = _cli.Run("policy", "set", "P1", "--method", "ocsp,crl");

        Assert.True(code == 0, error);
        Assert.False(File.Exists(leftover));
    }

    [Theory]
    [InlineData("99999999999d", "InvalidArgument", "is out of range")]
    [InlineData("NaNh", "InvalidArgument", "is not a duration")]
    [InlineData("400d", "PolicyInvalid", "CheckInterval")]
    public void PolicySet_CheckIntervalOutOfRange_IsAClearErrorNotACrash(string value, string errorId, string says)
    {
        var (code, _, error) = _cli.Run("policy", "set", "P1", "--check-interval", value);

        Assert.Equal(2, code);
        Assert.StartsWith($"pkirev: {errorId}: ", error);
        Assert.Contains(says, error);
    }

    // Item 13: every duration option is read by one parser (DurationText): what no TimeSpan holds is out of range,
    // named with the option and the longest it takes, not "not a duration" and not an OverflowException.

    [Theory]
    [InlineData("monitor set", "--notification-frequency", "99999999999d", 365)]
    [InlineData("monitor set", "--notification-frequency", "10675200.00:00:00", 365)]
    [InlineData("sessions set", "--validity-check-frequency", "99999999999d", 3650)]
    [InlineData("sessions set", "--minimum-session-age", "99999999999d", 3650)]
    [InlineData("sessions set", "--minimum-session-age", "99999999999999999999999999999999999999999999999999s", 3650)]
    [InlineData("policy set P1", "--check-interval", "99999999999d", 366)]
    [InlineData("policy set P1", "--max-crl-age", "9999999999999999999999h", 366)]
    [InlineData("crl", "--max-age", "99999999999d", 10675199)]
    [InlineData("revocation", "--max-age", "99999999999d", 10675199)]
    public void DurationOption_BeyondAnyTimeSpan_IsOutOfRangeNamingTheOptionAndItsMaximum(string command, string option, string value, int maximumDays)
    {
        string[] args = [.. command.Split(' '), option, value];
        if (command is "crl" or "revocation") args = [.. args, "--cert", _good, "--issuer", _ca];

        var (code, output, error) = _cli.Run(args);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"pkirev: InvalidArgument: {option} '{value}' is out of range: give at most {maximumDays} days.", error.Trim());
        var stored = Path.Combine(_dir.File("home"), "CurrentUser");
        Assert.False(Directory.Exists(stored) && Directory.EnumerateFiles(stored, "*.json").Any(), "nothing is saved");
    }

    [Theory]
    [InlineData("monitor set", "--notification-frequency", "400d", "MonitorSettingsInvalid", "365.00:00:00")]
    [InlineData("sessions set", "--validity-check-frequency", "3651d", "SessionSettingsInvalid", "ValidityCheckFrequency")]
    [InlineData("policy set P1", "--max-crl-age", "367d", "PolicyInvalid", "366 days")]
    public void DurationOption_ATimeSpanBeyondTheOptionsRange_IsTheEnginesRangeError(string command, string option, string value, string errorId, string says)
    {
        var (code, _, error) = _cli.Run([.. command.Split(' '), option, value]);

        Assert.Equal(2, code);
        Assert.StartsWith($"pkirev: {errorId}: ", error);
        Assert.Contains(says, error);
    }

    [Theory]
    [InlineData("monitor set", "--notification-frequency", "soon")]
    [InlineData("sessions set", "--minimum-session-age", "-1d")]
    [InlineData("policy set P1", "--check-interval", "30")]
    [InlineData("crl", "--max-age", "1w")]
    public void DurationOption_NotADuration_SaysSoNamingTheOption(string command, string option, string value)
    {
        var (code, _, error) = _cli.Run([.. command.Split(' '), option, value]);

        Assert.Equal(2, code);
        Assert.Equal($"pkirev: InvalidArgument: {option} '{value}' is not a duration (e.g. 90s, 30m, 4h, 7d, 1d12h or 04:00:00).", error.Trim());
    }

    // Item 17: the smaller gaps.

    [Fact]
    public void Crl_NegativeSerial_IsSerialNumberInvalidNotCheckedAs05()
    {
        var crl = _dir.File("ca.crl");
        File.WriteAllBytes(crl, TestCrl.Build(_root, At.AddDays(-1), At.AddDays(6), 1));

        var (code, output, error) = _cli.Run("crl", "--crl", crl, "--issuer", _ca, "--serial", "-5", "--json");

        Assert.Equal(2, code);
        Assert.StartsWith("pkirev: SerialNumberInvalid: '-5' is negative", error);
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData("expiry", "--timeout", "0")]
    [InlineData("expiry", "--throttle-limit", "-1")]
    [InlineData("ocsp", "--timeout", "-3")]
    [InlineData("ocsp", "--throttle-limit", "0")]
    [InlineData("crl", "--timeout", "0")]
    [InlineData("revocation", "--timeout", "-1")]
    [InlineData("sessions", "--timeout", "0")]
    public void ZeroOrNegativeTimeoutOrThrottleLimit_IsRefusedSayingTheRange(string command, string option, string value)
    {
        var args = command switch
        {
            "expiry" => new[] { "expiry", "--path", _good },
            "ocsp" => new[] { "ocsp", "--cert", _good, "--issuer", _ca },
            "crl" => new[] { "crl", "--cert", _good, "--issuer", _ca },
            "revocation" => new[] { "revocation", "--cert", _good, "--issuer", _ca },
            _ => new[] { "sessions", "check" },
        };

        var (code, output, error) = _cli.Run([.. args, option, value]);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        var range = option == "--timeout" ? "1 to 600 seconds" : "1 to 64 at once";
        Assert.Equal($"pkirev: InvalidArgument: {option} {value} is out of range: give {range}.", error.Trim());
    }

    [Theory]
    [InlineData("random")]
    [InlineData("ftp://example.invalid/ca.crl")]
    public void Revocation_CrlThatCannotBeUsed_PrintsCrlUnreadableAndStillTheResult(string crl)
    {
        if (crl == "random")
        {
            crl = _dir.File("random.crl");
            File.WriteAllBytes(crl, Enumerable.Range(0, 300).Select(i => (byte)(i * 37 + 11)).ToArray());
        }

        var (code, output, error) = _cli.Run("revocation", "--cert", _good, "--issuer", _ca, "--crl", crl, "--method", "crl", "--no-cache", "--json");

        Assert.Equal(2, code);
        Assert.StartsWith($"pkirev: CrlUnreadable: The CRL '{crl}' cannot be used: ", Assert.Single(Lines(error)));
        Assert.Contains("\"Indeterminate\"", Assert.Single(Lines(output)));
    }

    [Fact]
    public void Crl_FtpUrl_IsNotReadAsARelativePath()
    {
        var (code, _, error) = _cli.Run("crl", "--cert", _good, "--issuer", _ca, "--crl", "ftp://example.invalid/ca.crl", "--no-cache");

        Assert.Equal(2, code);
        Assert.StartsWith("pkirev: CrlUnreadable: The CRL 'ftp://example.invalid/ca.crl' cannot be used: the URL scheme 'ftp' is not supported", error);
        Assert.DoesNotContain("ftp:/example", error);
    }

    [Fact]
    public void Revocation_WithoutArguments_SaysWhatToGive()
    {
        var (code, output, error) = _cli.Run("revocation");

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("pkirev: NoSource: Give --cert", error);
    }

    [Theory]
    [InlineData("expiry", "--within-days", "99999999", "pkirev: InvalidArgument: --within-days 99999999 is out of range: give 0 to 36500 days.")]
    [InlineData("expiry", "--within-days", "abc", "pkirev: InvalidArgument: Cannot parse argument 'abc' for option '--within-days' as a whole number.")]
    [InlineData("expiry", "--timeout", "x", "pkirev: InvalidArgument: Cannot parse argument 'x' for option '--timeout' as a whole number.")]
    [InlineData("crl", "--crl", "http://127.0.0.1:99999/ca.crl", "pkirev: CrlUnreadable: The CRL 'http://127.0.0.1:99999/ca.crl' cannot be used: not a valid URL")]
    [InlineData("revocation", "--crl", "http://127.0.0.1:99999/ca.crl", "pkirev: CrlUnreadable: The CRL 'http://127.0.0.1:99999/ca.crl' cannot be used: not a valid URL")]
    public void NoDotNetInternalsReachTheUser(string command, string option, string value, string expected)
    {
        var args = command == "expiry" ? new[] { "expiry", "--path", _good } : new[] { command, "--cert", _good, "--issuer", _ca, "--no-cache" };
        if (command == "revocation") args = [.. args, "--method", "crl"];

        var (code, _, error) = _cli.Run([.. args, option, value]);

        Assert.Equal(2, code);
        Assert.StartsWith(expected, Lines(error)[0]);
        Assert.DoesNotContain("System.", error);
        Assert.DoesNotContain("Value to add", error);
        Assert.DoesNotContain("Invalid URI", error);
    }

    [Theory]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    public void ReferenceTimeNoCheckCanRepresent_IsReferenceTimeInvalidNotADotNetMessage(string at)
    {
        var crl = _dir.File("ca.crl");
        File.WriteAllBytes(crl, TestCrl.Build(_root, At.AddDays(-1), At.AddDays(6), 1));

        var (code, output, error) = _cli.Run("crl", "--crl", crl, "--issuer", _ca, "--cert", _good, "--at", at);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith($"pkirev: ReferenceTimeInvalid: --at '{at}': The reference time {at} is out of range: give a time from 1900-01-01 to before 9000-01-01.", error);
    }
}
