using System.Text.Json;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Cli.Tests;

/// <summary>
/// The front end of the CRL fail-closed rules of issue 11 (items 4, 5, 6, 7, 9, 11): CRLs and certificates built byte by
/// byte (the same DER as the engine's CrlFailClosedTests), saved to files and checked as an admin would,
/// <c>pkirev crl --crl … --issuer … --cert … --at …</c> and <c>pkirev revocation --method crl --crl …</c>; a delta
/// CRL also through the certificate's Freshest CRL on 127.0.0.1. Reference time pinned at 2030-06-02.
/// </summary>
public sealed class CrlFailClosedCommandTests : IDisposable
{
    private static readonly DateTime At = new(2030, 6, 2, 0, 0, 0, DateTimeKind.Utc);
    private const string AtText = "2030-06-02T00:00:00Z";
    private static readonly TestCertificate Ca = TestPki.CreateRoot("CN=CLI CRL Fail Closed CA", At);

    private readonly TempDirectory _dir = new("cli-crl-fail-closed");
    private readonly CliRunner _cli;
    private readonly string _caPem;

    public CrlFailClosedCommandTests()
    {
        _cli = new CliRunner(_dir.File("home"), now: At);
        _caPem = Ca.WritePem(_dir.File("ca.pem"));
    }

    public void Dispose() => _dir.Dispose();

    private string Write(string name, byte[] der)
    {
        var path = _dir.File(name);
        File.WriteAllBytes(path, der);
        return path;
    }

    private string Leaf(long serial) => Ca.Issue($"CN=leaf {serial}", At.AddYears(-1), At.AddYears(1), o => o.WithSerial(serial)).WritePem(_dir.File($"leaf-{serial}.pem"));

    private string RawLeaf(byte[] serialContent, string name, bool v1 = false) =>
        Write(name, RawCertificate.Build(Ca, serialContent, $"CN={name}", At.AddYears(-1), At.AddYears(1), v1));

    private static byte[] Crl(IEnumerable<byte[]> entries, params byte[][] extensions) =>
        RawCrl.Build(Ca, entries, RawCrl.Utc(At.AddDays(-1)), RawCrl.Utc(At.AddDays(6)), [RawCrl.CrlNumber(3), .. extensions]);

    private static byte[] Delta(int baseNumber, int number, params long[] revoked) =>
        RawCrl.Build(Ca, revoked.Select(s => RawCrl.Entry(s)), RawCrl.Utc(At.AddHours(-2)), RawCrl.Utc(At.AddDays(1)), RawCrl.CrlNumber(number), RawCrl.DeltaIndicator(baseNumber));

    private (int ExitCode, List<JsonElement> Results, string Error) Run(params string[] args)
    {
        var (code, output, error) = _cli.Run([.. args, "--at", AtText, "--no-cache", "--json"]);
        return (code, CliRunner.JsonLines(output), error);
    }

    private (int ExitCode, List<JsonElement> Results, string Error) CheckCrl(string crl, params string[] certificates) =>
        Run(["crl", "--crl", crl, "--issuer", _caPem, .. certificates.SelectMany(c => new[] { "--cert", c })]);

    private (int ExitCode, List<JsonElement> Results, string Error) CheckRevocation(string crl, string certificate) =>
        Run("revocation", "--method", "crl", "--crl", crl, "--issuer", _caPem, "--cert", certificate);

    private static string Status(JsonElement result) => result.GetProperty("status").GetString()!;

    private static string Reason(JsonElement result) => result.GetProperty("failureReason").GetString()!;

    private static string[] Steps(JsonElement result) => result.GetProperty("steps").EnumerateArray().Select(s => s.GetString()!).ToArray();

    // Item 4: a delta CRL whose BaseCRLNumber is newer than the complete CRL's number.

    [Theory]
    [InlineData(9, "Revoked")]
    [InlineData(10, "Indeterminate")]
    public void Crl_DeltaOnNewerBase_RevokedWhenItListsTheSerial_ElseIndeterminateOutOfDate(long listed, string expected)
    {
        var complete = Write("complete.crl", Crl([])); // number 3, nothing listed
        var delta = Write("delta.crl", Delta(baseNumber: 5, number: 6, listed));

        var (code, results, error) = Run("crl", "--crl", complete, "--delta", delta, "--issuer", _caPem, "--cert", Leaf(9));

        Assert.Equal("", error);
        Assert.Equal(1, code);
        var result = Assert.Single(results);
        Assert.Equal(expected, Status(result));
        Assert.Contains(Steps(result), s => s.Contains("is newer than the complete CRL's number 03, so") && s.Contains("is out of date"));
        if (expected == "Indeterminate") Assert.Contains("out of date", Reason(result));
    }

    [Theory]
    [InlineData(9, "Revoked")]
    [InlineData(10, "Indeterminate")]
    public void Revocation_DeltaOnNewerBaseFromTheFreshestCrlUrl_IsNotNotRevoked(long listed, string expected)
    {
        using var server = new StaticHttpServer();
        server.Set("ca.crl", Crl([])); // the distribution point still serves complete CRL 3
        server.Set("ca-delta.crl", Delta(baseNumber: 5, number: 6, listed));
        var leaf = Ca.Issue("CN=dp leaf 9", At.AddYears(-1), At.AddYears(1), o => o.WithSerial(9).Crl(server.Url("ca.crl")).FreshestCrl(server.Url("ca-delta.crl")))
            .WritePem(_dir.File("dp-leaf.pem"));

        var (code, results, error) = Run("revocation", "--method", "crl", "--issuer", _caPem, "--cert", leaf, "--timeout", "5");

        Assert.Equal("", error);
        Assert.Equal(1, code);
        var result = Assert.Single(results);
        Assert.Equal(expected, Status(result));
        if (expected == "Indeterminate") Assert.Contains("out of date", Reason(result));
        Assert.Contains(server.Log, l => l.StartsWith("GET /ca-delta.crl"));
    }

    // Item 5: revokedCertificates present as an empty SEQUENCE: the CRL is refused, by name.

    [Fact]
    public void Crl_EmptyRevokedCertificatesSequence_IsCrlUnreadable()
    {
        var crl = Write("empty-list.crl", RawCrl.Build(Ca, [], RawCrl.Utc(At.AddDays(-1)), RawCrl.Utc(At.AddDays(6)), emptyRevokedList: true, RawCrl.CrlNumber(3)));

        var crlRun = CheckCrl(crl, Leaf(9));
        var revocationRun = CheckRevocation(crl, Leaf(9));

        foreach (var (code, results, error) in new[] { crlRun, revocationRun })
        {
            Assert.Equal(2, code);
            Assert.StartsWith("pkirev: CrlUnreadable: ", error);
            Assert.Contains("revokedCertificates", error);
            Assert.Contains(crl, error);
            Assert.Equal("Indeterminate", Status(Assert.Single(results)));
        }
    }

    // Item 6: an issuingDistributionPoint that is an empty SEQUENCE is malformed: the CRL is refused, by name.

    [Fact]
    public void Crl_EmptyIssuingDistributionPointSequence_IsCrlUnreadableMalformed()
    {
        var crl = Write("empty-idp.crl", Crl([], RawCrl.Idp(Der.Sequence())));

        foreach (var (code, results, error) in new[] { CheckCrl(crl, Leaf(9)), CheckRevocation(crl, Leaf(9)) })
        {
            Assert.Equal(2, code);
            Assert.StartsWith($"pkirev: CrlUnreadable: The CRL '{crl}' cannot be used", error);
            Assert.Contains("issuingDistributionPoint extension is an empty SEQUENCE", error);
            var result = Assert.Single(results);
            Assert.Equal("Indeterminate", Status(result));
        }
    }

    // Item 7: onlyContainsUserCerts does not cover a v1 certificate (no basicConstraints: it may be a CA).

    [Fact]
    public void Crl_OnlyContainsUserCertsAgainstV1Certificate_IsIndeterminate_V3IsNotRevoked()
    {
        var crl = Write("users.crl", Crl([], RawCrl.Idp(Der.Sequence(Der.Tlv(0x81, [0xFF])))));
        var v1 = RawLeaf([0x09], "v1-leaf.der", v1: true);
        var v3 = RawLeaf([0x0A], "v3-leaf.der");

        var (code, results, error) = CheckCrl(crl, v1, v3);

        Assert.Equal("", error);
        Assert.Equal(1, code);
        Assert.Equal(2, results.Count);
        Assert.Equal("Indeterminate", Status(results[0]));
        Assert.Contains("v1", Reason(results[0]));
        Assert.Equal("NotRevoked", Status(results[1]));
    }

    // Item 9: a listed serial whose revocationDate is a GeneralizedTime before 2050 is still revoked.

    [Fact]
    public void Crl_ListedWithGeneralizedTimeRevocationDateBefore2050_IsRevokedWithTheViolationInSteps()
    {
        var crl = Write("gt.crl", Crl([RawCrl.RawEntry([0x09], Der.GeneralizedTime("20300101000000Z"))]));

        foreach (var (code, results, error) in new[] { CheckCrl(crl, Leaf(9)), CheckRevocation(crl, Leaf(9)) })
        {
            Assert.Equal("", error);
            Assert.Equal(1, code);
            var result = Assert.Single(results);
            Assert.Equal("Revoked", Status(result));
            Assert.Equal("2030-01-01T00:00:00Z", result.GetProperty("revocationTime").GetString());
            Assert.Contains(Steps(result), s => s.Contains("revocationDate") && s.Contains("GeneralizedTime"));
        }
    }

    // Item 11: a negative serial is matched by its exact bytes, with the encoding violation in Steps.

    [Fact]
    public void Crl_NegativeSerial_MatchedByExactBytesWithTheViolationInSteps()
    {
        var negative = RawLeaf([0xFF, 0x09], "negative.der");
        var positive = RawLeaf([0x00, 0xFF, 0x09], "positive-twin.der");
        var crl = Write("negative.crl", Crl([RawCrl.RawEntry([0xFF, 0x09], RawCrl.Utc(At.AddDays(-10)))]));

        var (code, results, error) = CheckCrl(crl, negative, positive);
        var revocation = CheckRevocation(crl, negative);

        Assert.Equal("", error);
        Assert.Equal(1, code);
        Assert.Equal(2, results.Count);
        Assert.Equal("Revoked", Status(results[0]));
        Assert.Contains(Steps(results[0]), s => s.Contains("is a negative INTEGER") && s.Contains("exact bytes"));
        Assert.Equal("NotRevoked", Status(results[1]));
        Assert.Equal(1, revocation.ExitCode);
        Assert.Equal("Revoked", Status(Assert.Single(revocation.Results)));
        Assert.Contains(Steps(revocation.Results[0]), s => s.Contains("is a negative INTEGER"));
    }
}
