using System.Text.Json;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Cli.Tests;

/// <summary>
/// pkirev crl, revocation, policy and cache against a real OpenSSL CA whose CRLs a test HTTP server on 127.0.0.1
/// publishes. Reference time pinned at 2030-06-02.
/// </summary>
public sealed class RevocationCommandsTests : IDisposable
{
    private static readonly DateTime At = new(2030, 6, 2, 12, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _dir = new("cli-revocation");
    private readonly StaticHttpServer _server = new();
    private readonly OpenSslCa _ca;
    private readonly CliRunner _cli;
    private readonly string _good;
    private readonly string _revoked;
    private readonly string _crlFile;

    public RevocationCommandsTests()
    {
        _ca = new OpenSslCa(Directory.CreateDirectory(_dir.File("ca")).FullName);
        _good = _ca.Issue("good", [_server.Url("ca.crl")]);
        _revoked = _ca.Issue("revoked", [_server.Url("ca.crl")]);
        _ca.Revoke(_revoked, "keyCompromise");
        var der = _ca.Der(_ca.GenerateCrl(At.AddDays(-1), At.AddDays(5)));
        _server.Set("ca.crl", der);
        _crlFile = _dir.File("ca.crl");
        File.WriteAllBytes(_crlFile, der);
        _cli = new CliRunner(_dir.File("home"), now: At);
    }

    public void Dispose()
    {
        _server.Dispose();
        _dir.Dispose();
    }

    private static List<JsonElement> Lines(string output) => CliRunner.JsonLines(output);

    [Fact]
    public void Crl_FileWithCertsAndSerial_JsonStatusesAndExitCodeFinding()
    {
        var (code, output, error) = _cli.Run("crl", "--crl", _crlFile, "--issuer", _ca.CertificatePath, "--cert", _good, "--cert", _revoked, "--serial", "0ABC", "--json");

        Assert.Equal("", error);
        Assert.Equal(1, code);
        var lines = Lines(output);
        Assert.Equal(new[] { "NotRevoked", "Revoked", "NotRevoked" }, lines.Select(l => l.GetProperty("status").GetString()));
        Assert.Equal("KeyCompromise", lines[1].GetProperty("revocationReason").GetString());
        Assert.Equal("0ABC", lines[2].GetProperty("serialNumber").GetString());
        Assert.Equal("2030-06-01T12:00:00Z", lines[0].GetProperty("thisUpdate").GetString());
    }

    [Fact]
    public void Crl_DistributionPointOverHttp_GoodCertificateExitsZero()
    {
        var (code, output, error) = _cli.Run("crl", "--issuer", _ca.CertificatePath, "--cert", _good);

        Assert.Equal("", error);
        Assert.Equal(0, code);
        Assert.Contains("NotRevoked", output);
        Assert.Contains(_server.Url("ca.crl"), output);
    }

    [Fact]
    public void Crl_WithoutIssuer_IsBadInputWithErrorId()
    {
        var (code, _, error) = _cli.Run("crl", "--crl", _crlFile, "--cert", _good);

        Assert.Equal(2, code);
        Assert.StartsWith("pkirev: IssuerRequired: ", error);
    }

    [Fact]
    public void Crl_UnparsableCrlFile_IsBadInputNamingTheFile()
    {
        var junk = _dir.File("junk.crl");
        File.WriteAllText(junk, "not a crl");

        var (code, output, error) = _cli.Run("crl", "--crl", junk, "--issuer", _ca.CertificatePath, "--cert", _good, "--json");

        Assert.Equal(2, code);
        Assert.Contains("pkirev: CrlUnreadable: ", error);
        Assert.Contains(junk, error);
        Assert.Equal("Indeterminate", Lines(output).Single().GetProperty("status").GetString());
    }

    [Fact]
    public void Revocation_DefaultPolicy_RevokedByCrlWithPolicyAndDecidedBy()
    {
        var (code, output, error) = _cli.Run("revocation", "--cert", _revoked, "--issuer", _ca.CertificatePath, "--json");

        Assert.Equal("", error);
        Assert.Equal(1, code);
        var result = Lines(output).Single();
        Assert.Equal("Revoked", result.GetProperty("status").GetString());
        Assert.Equal("Crl", result.GetProperty("decidedBy").GetString());
        Assert.Equal("Default", result.GetProperty("policy").GetString());
        Assert.True(result.GetProperty("steps").GetArrayLength() > 2);
    }

    [Fact]
    public void Revocation_OcspResponderUp_DecidedByOcsp_ThenByCacheWhenItIsGone()
    {
        var now = DateTime.UtcNow; // openssl ocsp stamps its responses with the current time
        var ca = TestPki.CreateRoot("CN=CLI OCSP CA", now);
        var port = FreePort.Next();
        var revoked = ca.Issue("CN=revoked.example", now.AddDays(-10), now.AddDays(100), o => o.Ocsp($"http://127.0.0.1:{port}/").WithSerial(0x2002));
        var caFile = ca.WritePem(_dir.File("ocsp-ca.pem"));
        var certFile = revoked.WritePem(_dir.File("ocsp-revoked.pem"));
        var cli = new CliRunner(_dir.File("home-ocsp"), now);

        (int ExitCode, string Out, string Error) first;
        using (OpenSslOcspResponder.Start(_dir.Path, ca, ca, new OcspIndex().Revoked(revoked, now.AddDays(-1), "keyCompromise"), nextUpdateMinutes: 60, port: port))
            first = cli.Run("revocation", "--cert", certFile, "--issuer", caFile, "--methods", "ocsp", "--json");
        var second = cli.Run("revocation", "--cert", certFile, "--issuer", caFile, "--methods", "ocsp", "--json");

        Assert.Equal(1, first.ExitCode);
        var result = Lines(first.Out).Single();
        Assert.Equal("Revoked", result.GetProperty("status").GetString());
        Assert.Equal("Ocsp", result.GetProperty("decidedBy").GetString());
        Assert.Equal("KeyCompromise", result.GetProperty("revocationReason").GetString());
        Assert.Equal("Cache", Lines(second.Out).Single().GetProperty("decidedBy").GetString());
    }

    [Fact]
    public void Revocation_ServersDown_FailClosedUnlessNoneListed()
    {
        _server.Stop();

        var closed = _cli.Run("revocation", "--cert", _good, "--issuer", _ca.CertificatePath, "--methods", "ocsp,crl", "--json");
        var open = _cli.Run("revocation", "--cert", _good, "--issuer", _ca.CertificatePath, "--methods", "ocsp,crl,none", "--json");

        Assert.Equal(1, closed.ExitCode);
        Assert.Equal("Indeterminate", Lines(closed.Out).Single().GetProperty("status").GetString());
        Assert.Equal(0, open.ExitCode);
        Assert.Equal("None", Lines(open.Out).Single().GetProperty("decidedBy").GetString());
    }

    [Fact]
    public void Revocation_BadMethodsAndUnknownAs_AreBadInput()
    {
        var methods = _cli.Run("revocation", "--cert", _good, "--issuer", _ca.CertificatePath, "--methods", "ocsp,carrier-pigeon");
        var unknown = _cli.Run("revocation", "--cert", _good, "--issuer", _ca.CertificatePath, "--unknown-as", "maybe");
        var policy = _cli.Run("revocation", "--cert", _good, "--issuer", _ca.CertificatePath, "--policy", "Nope");

        Assert.Equal(2, methods.ExitCode);
        Assert.StartsWith("pkirev: InvalidArgument: --methods 'carrier-pigeon'", methods.Error);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("not-revoked", unknown.Error);
        Assert.Equal(2, policy.ExitCode);
        Assert.StartsWith("pkirev: PolicyNotFound: ", policy.Error);
    }

    [Fact]
    public void Policy_SetShowRemove_RoundTripThroughPoliciesJson()
    {
        var set = _cli.Run("policy", "set", "Partners", "--method", "crl,ocsp", "--unknown-status", "not-revoked", "--nonce", "disabled",
            "--check-interval", "30m", "--scope", "chain", "--applies-to", "issuer:CN=PkiRevocation*", "--soft-fail", "true", "--json");
        var show = _cli.Run("policy", "show", "--json");
        var selected = _cli.Run("revocation", "--cert", _good, "--issuer", _ca.CertificatePath, "--json");
        var removed = _cli.Run("policy", "remove", "Partners");
        var again = _cli.Run("policy", "remove", "Partners");

        Assert.Equal(0, set.ExitCode);
        var policy = Lines(set.Out).Single();
        Assert.Equal("00:30:00", policy.GetProperty("checkInterval").GetString());
        Assert.Equal("NotRevoked", policy.GetProperty("unknownStatus").GetString());
        Assert.Equal(new[] { "Partners", "Default" }, Lines(show.Out).Select(p => p.GetProperty("name").GetString()));
        Assert.True(File.Exists(_dir.File("home/CurrentUser/policies.json")));
        Assert.Equal("Partners", Lines(selected.Out).Single().GetProperty("policy").GetString());
        Assert.Equal(0, removed.ExitCode);
        Assert.Equal(2, again.ExitCode);
        Assert.StartsWith("pkirev: PolicyNotFound: ", again.Error);
    }

    [Fact]
    public void Policy_SetSoftFailWithNone_IsPolicyInvalid()
    {
        var (code, _, error) = _cli.Run("policy", "set", "Lax", "--method", "ocsp,none", "--soft-fail", "true");

        Assert.Equal(2, code);
        Assert.StartsWith("pkirev: PolicyInvalid: ", error);
        Assert.Contains("SoftFail", error);
        Assert.False(File.Exists(_dir.File("home/CurrentUser/policies.json")));
    }

    [Fact]
    public void Cache_ListThenClearWhatIfThenClear()
    {
        _cli.Run("crl", "--issuer", _ca.CertificatePath, "--cert", _good);

        var list = _cli.Run("cache", "list", "--json");
        var whatIf = _cli.Run("cache", "clear", "--what-if");
        var clear = _cli.Run("cache", "clear", "--kind", "crl", "--json");
        var after = _cli.Run("cache", "list", "--json");

        var entry = Lines(list.Out).Single();
        Assert.Equal(_server.Url("ca.crl"), entry.GetProperty("url").GetString());
        Assert.Equal("Crl", entry.GetProperty("kind").GetString());
        Assert.Contains("Would remove 1 entries", whatIf.Out);
        Assert.Single(Lines(clear.Out));
        Assert.Equal("", after.Out);
    }
}
