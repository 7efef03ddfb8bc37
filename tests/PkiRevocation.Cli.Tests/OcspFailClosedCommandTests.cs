using System.Text.Json;
using Org.BouncyCastle.Asn1;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Cli.Tests;

/// <summary>
/// The front end of the OCSP fail-closed rules of issue 11 (items 3, 10, 11): crafted responses saved to a file and
/// verified offline as an admin would, <c>pkirev ocsp --cert … --issuer … --response crafted.der --at …</c>.
/// The same DER as the engine's OcspFailClosedTests. Reference time pinned at 2030-06-02 12:00.
/// </summary>
public sealed class OcspFailClosedCommandTests : IDisposable
{
    private static readonly DateTime At = new(2030, 6, 2, 12, 0, 0, DateTimeKind.Utc);
    private const string AtText = "2030-06-02T12:00:00Z";
    private static readonly TestCertificate Ca = TestPki.CreateRoot("CN=CLI OCSP Fail Closed CA", At);
    private static readonly TestCertificate Leaf = Ca.Issue("CN=leaf.cli-ocsp-fail-closed.test", At.AddDays(-30), At.AddDays(300), o => o.WithSerial(0x6001));

    private readonly TempDirectory _dir = new("cli-ocsp-fail-closed");
    private readonly CliRunner _cli;
    private readonly string _caPem;
    private readonly string _leafPem;

    public OcspFailClosedCommandTests()
    {
        _cli = new CliRunner(_dir.File("home"), now: At);
        _caPem = Ca.WritePem(_dir.File("ca.pem"));
        _leafPem = Leaf.WritePem(_dir.File("leaf.pem"));
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>pkirev ocsp on a saved response; the one JSON result and the exit code.</summary>
    private (int ExitCode, JsonElement Result) Offline(string certificate, byte[] response, string name)
    {
        var path = _dir.File(name);
        File.WriteAllBytes(path, response);
        var (code, output, error) = _cli.Run("ocsp", "--cert", certificate, "--issuer", _caPem, "--response", path, "--at", AtText, "--json");
        Assert.Equal("", error);
        return (code, Assert.Single(CliRunner.JsonLines(output)));
    }

    private static string[] Steps(JsonElement result) => result.GetProperty("steps").EnumerateArray().Select(s => s.GetString()!).ToArray();

    private static void AssertStatus(string status, string? reason, JsonElement result) =>
        Assert.True(result.GetProperty("status").GetString() == status && result.GetProperty("failureReason").GetString() == reason,
            $"Expected {status}/{reason}, got {result}");

    // Item 3: a response produced (or with a thisUpdate) before its signer was valid is refused.

    [Theory]
    [InlineData("producedAt")]
    [InlineData("thisUpdate")]
    public void Ocsp_ResponseFromBeforeTheDelegatedResponderWasValid_IsUnauthorizedResponder(string field)
    {
        var delegated = Ca.Issue($"CN=Late Delegated Responder {field}", At.AddHours(-1), At.AddDays(30), o => o.OcspSigning());
        // One of the two times three hours before the responder's notBefore, the other within its validity.
        var early = At.AddHours(-3);
        var timely = At.AddMinutes(-30);
        var crafted = field == "producedAt"
            ? new CraftedOcspResponse(delegated, timely) { ProducedAt = early, NextUpdate = At.AddHours(1) }
            : new CraftedOcspResponse(delegated, early) { ProducedAt = timely, NextUpdate = At.AddHours(1) };

        var (code, result) = Offline(_leafPem, crafted.Good(Ca, Leaf).Build(), "early.der");

        Assert.Equal(1, code);
        AssertStatus("Indeterminate", "UnauthorizedResponder", result);
        Assert.Contains(field, result.GetProperty("failureMessage").GetString());
        Assert.Contains(Steps(result), s => s.Contains(field) && s.Contains("not valid"));
    }

    [Fact]
    public void Ocsp_ResponseFromBeforeTheTrustedResponderWasValid_IsUnauthorizedResponder()
    {
        var trusted = TestPki.CreateRoot("CN=CLI Late Trusted Responder", At.AddHours(-1), At.AddDays(30));
        var response = _dir.File("early-trusted.der");
        File.WriteAllBytes(response, new CraftedOcspResponse(trusted, At.AddMinutes(-30)) { ProducedAt = At.AddHours(-3), NextUpdate = At.AddHours(1) }.Good(Ca, Leaf).Build());

        var (code, output, error) = _cli.Run("ocsp", "--cert", _leafPem, "--issuer", _caPem, "--response", response, "--at", AtText,
            "--trusted-responder", trusted.WritePem(_dir.File("trusted.pem")), "--json");

        Assert.Equal("", error);
        Assert.Equal(1, code);
        var result = Assert.Single(CliRunner.JsonLines(output));
        AssertStatus("Indeterminate", "UnauthorizedResponder", result);
        Assert.Contains(Steps(result), s => s.StartsWith("Trusted responder") && s.Contains("not valid at the response's producedAt"));
    }

    [Fact]
    public void Ocsp_ResponseProducedWhileTheDelegatedResponderWasValid_IsGood()
    {
        var delegated = Ca.Issue("CN=Timely Delegated Responder", At.AddHours(-1), At.AddDays(30), o => o.OcspSigning());

        var (code, result) = Offline(_leafPem, new CraftedOcspResponse(delegated, At.AddMinutes(-30)).Good(Ca, Leaf).Build(), "timely.der");

        Assert.Equal(0, code);
        AssertStatus("Good", null, result);
    }

    // Item 10: the CT SCT list marked critical in a SingleResponse is known; another critical extension is not.

    [Fact]
    public void Ocsp_CriticalSctListInSingleResponse_IsGood_AnotherCriticalExtensionIsIndeterminate()
    {
        var sct = new CraftedOcspResponse(Ca, At.AddMinutes(-5)) { IncludeSigner = false }.Good(Ca, Leaf);
        sct.SingleExtensions.Add(("1.3.6.1.4.1.11129.2.4.5", true, new DerOctetString(new byte[] { 0x00, 0x00 })));
        var unknown = new CraftedOcspResponse(Ca, At.AddMinutes(-5)) { IncludeSigner = false }.Good(Ca, Leaf);
        unknown.SingleExtensions.Add(("1.2.3.4.5", true, DerNull.Instance));

        var (sctCode, sctResult) = Offline(_leafPem, sct.Build(), "sct.der");
        var (unknownCode, unknownResult) = Offline(_leafPem, unknown.Build(), "unknown-critical.der");

        Assert.Equal(0, sctCode);
        AssertStatus("Good", null, sctResult);
        Assert.Contains(Steps(sctResult), s => s.Contains("Certificate Transparency"));
        Assert.Equal(1, unknownCode);
        AssertStatus("Indeterminate", "UnhandledCriticalExtension", unknownResult);
    }

    // Item 11: serials encoded against DER are matched by their exact bytes, with the violation in Steps.

    private string RawLeaf(byte[] serialContent, string name)
    {
        var path = _dir.File(name);
        File.WriteAllBytes(path, RawCertificate.Build(Ca, serialContent, $"CN={name}.cli-ocsp-fail-closed.test", At.AddDays(-30), At.AddDays(300)));
        return path;
    }

    private static byte[] GoodFor(byte[] serialContent) =>
        CraftedOcspResponse.Sign(CraftedOcspResponse.RawGoodResponseData(Ca, CraftedOcspResponse.RawCertId(Ca, serialContent), At), Ca.Keys.Private, null);

    [Fact]
    public void Ocsp_NegativeSerial_IsDecidedWithTheViolationInSteps()
    {
        var (code, result) = Offline(RawLeaf([0xFF, 0x09], "negative.der"), GoodFor([0xFF, 0x09]), "negative-response.der");

        Assert.Equal(0, code);
        AssertStatus("Good", null, result);
        Assert.Contains(Steps(result), s => s.Contains("is a negative INTEGER") && s.Contains("exact bytes"));
    }

    [Fact]
    public void Ocsp_NonMinimalSerial_MatchedByExactBytesOnly()
    {
        var padded = RawLeaf([0x00, 0x09], "padded.der");

        var (exactCode, exact) = Offline(padded, GoodFor([0x00, 0x09]), "exact-response.der");
        var (minimalCode, minimal) = Offline(padded, GoodFor([0x09]), "minimal-response.der");

        Assert.Equal(0, exactCode);
        AssertStatus("Good", null, exact);
        Assert.Contains(Steps(exact), s => s.Contains("not minimally encoded"));
        Assert.Equal(1, minimalCode);
        AssertStatus("Indeterminate", "NoMatchingResponse", minimal);
    }
}
