using System.Text.Json;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Cli.Tests;

/// <summary>pkirev expiry over a folder of generated certificates: statuses, JSON shape, time-encoding violations, exit codes.</summary>
public class ExpiryCommandTests : IDisposable
{
    private static readonly DateTime At = new(2026, 11, 21, 0, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _dir = new();
    private readonly string _certs;
    private readonly CliRunner _cli;

    public ExpiryCommandTests()
    {
        _certs = Directory.CreateDirectory(_dir.File("certs")).FullName;
        _cli = new CliRunner(_dir.File("home"), now: At);
        var root = TestPki.CreateRoot("CN=CLI Root", At);
        root.Issue("CN=expired.example", At.AddDays(-90), At.AddDays(-2)).WritePem(Path.Combine(_certs, "expired.pem"));
        root.Issue("CN=expiring.example", At.AddDays(-90), At.AddDays(12)).WriteDer(Path.Combine(_certs, "expiring.cer"));
        root.Issue("CN=valid.example", At.AddDays(-90), At.AddDays(200)).WritePem(Path.Combine(_certs, "valid.crt"));
        root.Issue("CN=notyet.example", At.AddDays(3), At.AddDays(20)).WritePem(Path.Combine(_certs, "notyet.pem"));
        var odd = root.Issue("CN=badtime.example", At.AddDays(-1), At.AddDays(25));
        File.WriteAllBytes(Path.Combine(_certs, "badtime.der"), odd.WithRawValidity(0x18, "20261120000000.5Z", 0x17, "2612160000Z"));
    }

    public void Dispose() => _dir.Dispose();

    private static List<JsonElement> Lines(string output) => CliRunner.JsonLines(output);

    private static JsonElement Find(List<JsonElement> lines, string cn) => lines.Single(l => l.GetProperty("subject").GetString() == "CN=" + cn);

    [Fact]
    public void Expiry_FolderWithinDays30Json_GivesEachStatusAndViolations()
    {
        var (code, output, error) = _cli.Run("expiry", "--path", _certs, "--within-days", "30", "--json");
        Assert.Equal("", error);
        Assert.Equal(1, code); // something expired or expiring
        var lines = Lines(output);
        Assert.Equal(4, lines.Count); // valid.example (200 days) is outside the window
        Assert.Equal("Expired", Find(lines, "expired.example").GetProperty("status").GetString());
        Assert.Equal(-2, Find(lines, "expired.example").GetProperty("daysRemaining").GetInt32());
        Assert.Equal("Expiring", Find(lines, "expiring.example").GetProperty("status").GetString());
        Assert.Equal("NotYetValid", Find(lines, "notyet.example").GetProperty("status").GetString());
        var bad = Find(lines, "badtime.example");
        Assert.Equal("Expiring", bad.GetProperty("status").GetString());
        var violations = bad.GetProperty("timeEncodingViolations").EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.Equal(3, violations.Count);
        Assert.Contains(violations, v => v!.StartsWith("notAfter: seconds missing"));
        Assert.Equal("2026-12-16T00:00:00Z", bad.GetProperty("notAfter").GetString());
        Assert.Equal("Valid", Find(lines, "expired.example").GetProperty("timeEncoding").GetString());
    }

    [Fact]
    [Trait("Category", "RequiresLinuxPeers")] // promtool: Debian's prometheus package, which .ci/run installs
    public void Expiry_FormatOpenMetrics_GivesGaugesPerCertificate_ThatPromtoolAccepts()
    {
        var (code, output, error) = _cli.Run("expiry", "--path", _certs, "--format", "openmetrics");

        Assert.Equal("", error);
        Assert.Equal(1, code);
        Assert.Equal((0, ""), Promtool.CheckMetrics(output));
        var notAfter = output.Split('\n').Where(l => l.StartsWith("pkirev_certificate_not_after_timestamp_seconds{", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, notAfter.Count);
        Assert.Contains(notAfter, l => l.Contains("subject=\"CN=expiring.example\"") && l.EndsWith(" " + new DateTimeOffset(At.AddDays(12)).ToUnixTimeSeconds()));
        Assert.Contains("status=\"NotYetValid\"} 1\n", output);
        Assert.Matches("pkirev_certificate_time_encoding_violations\\{subject=\"CN=badtime.example\"[^}]*\\} 3\n", output);
        Assert.EndsWith("# EOF\n", output);
    }

    [Fact]
    public void Expiry_FolderJsonWithoutWindow_ListsAllFourStatuses()
    {
        var (code, output, _) = _cli.Run("expiry", "--path", _certs, "--json");
        Assert.Equal(1, code);
        var lines = Lines(output);
        Assert.Equal(5, lines.Count);
        Assert.Equal("Valid", Find(lines, "valid.example").GetProperty("status").GetString());
        var first = lines[0];
        foreach (var name in new[] { "subject", "issuer", "serialNumber", "thumbprint", "notBefore", "notAfter", "daysRemaining", "status", "source", "timeEncoding", "timeEncodingViolations", "referenceTime", "certificate" })
            Assert.True(first.TryGetProperty(name, out _), $"missing {name}");
        Assert.Equal("2026-11-21T00:00:00Z", first.GetProperty("referenceTime").GetString());
    }

    [Fact]
    public void Expiry_OnlyValidCertificates_ExitsZero()
    {
        var (code, output, _) = _cli.Run("expiry", "--path", Path.Combine(_certs, "valid.crt"));
        Assert.Equal(0, code);
        Assert.Contains("valid.example", output);
        Assert.Contains("Status", output); // a table for people
    }

    [Fact]
    public void Expiry_At_ReplaysAtAnotherReferenceTime()
    {
        var (code, output, _) = _cli.Run("expiry", "--path", Path.Combine(_certs, "valid.crt"), "--at", "2027-06-10T00:00:00Z", "--json");
        Assert.Equal(1, code);
        Assert.Equal("Expired", Lines(output).Single().GetProperty("status").GetString());
    }

    [Fact]
    public void Expiry_Strict_ReportsTheViolationOnStderrAndGoesOn()
    {
        var (code, output, error) = _cli.Run("expiry", "--path", _certs, "--strict", "--json");
        Assert.Equal(2, code);
        Assert.Contains("pkirev: TimeEncodingViolation:", error);
        Assert.Contains("badtime.example", error);
        Assert.Equal(4, Lines(output).Count);
    }

    [Fact]
    public void Expiry_BadInputs_OneStderrLineEachAndExitTwo()
    {
        var (code, output, error) = _cli.Run("expiry", "--path", _dir.File("missing.pem"), "--path", Path.Combine(_certs, "valid.crt"), "--endpoint", "nohost", "--json");
        Assert.Equal(2, code);
        var errors = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, errors.Length);
        Assert.StartsWith("pkirev: EndpointInvalid:", errors[0]);
        Assert.StartsWith("pkirev: PathNotFound:", errors[1]);
        Assert.DoesNotContain("   at ", error); // no stack trace
        Assert.Single(Lines(output));
    }

    [Theory]
    [InlineData("--at", "yesterday")]
    [InlineData("--within-days", "-3")]
    [InlineData("--no-such-option", "x")]
    public void Expiry_BadOptions_ExitTwo(string option, string value)
    {
        var (code, _, error) = _cli.Run("expiry", "--path", _certs, option, value);
        Assert.Equal(2, code);
        Assert.StartsWith("pkirev: ", error);
    }
}
