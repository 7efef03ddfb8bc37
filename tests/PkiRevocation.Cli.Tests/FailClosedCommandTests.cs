using System.Text.Json;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Ocsp;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Cli.Tests;

/// <summary>
/// The front end of the fail-closed rules: a CRL of another CA (pkirev crl, pkirev revocation), several SingleResponses
/// for one CertID (pkirev ocsp on every path), the maximum CRL age (--max-age, policy set --max-crl-age). Real OpenSSL
/// CAs; OCSP responses served on 127.0.0.1. Reference time pinned at 2030-06-02 12:00.
/// </summary>
public sealed class FailClosedCommandTests : IDisposable
{
    private static readonly DateTime At = new(2030, 6, 2, 12, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _dir = new("cli-fail-closed");
    private readonly OpenSslCa _ca;
    private readonly string _good;
    private readonly string _crl;
    private readonly CliRunner _cli;

    public FailClosedCommandTests()
    {
        _ca = new OpenSslCa(Directory.CreateDirectory(_dir.File("ca1")).FullName);
        var revoked = _ca.Issue("revoked", []); // serial 1000
        _good = _ca.Issue("good", []);
        _ca.Revoke(revoked, "keyCompromise");
        _crl = _dir.File("ca1.crl");
        File.WriteAllBytes(_crl, _ca.Der(_ca.GenerateCrl(At.AddDays(-1), At.AddDays(5))));
        _cli = new CliRunner(_dir.File("home"), now: At);
    }

    public void Dispose() => _dir.Dispose();

    private static List<JsonElement> Lines(string output) => CliRunner.JsonLines(output);

    // Item 1: the CRL's issuer must be the certificate's issuer.

    [Fact]
    public void Crl_LeafOfAnotherCaWithTheSameNameAndARevokedSerial_IsIndeterminateIssuerMismatch()
    {
        var twinCa = new OpenSslCa(Directory.CreateDirectory(_dir.File("ca1-twin")).FullName); // same name, another key
        var twin = twinCa.Issue("twin", []); // serial 1000 as well: listed on CA 1's CRL

        var (code, output, error) = _cli.Run("crl", "--crl", _crl, "--issuer", _ca.CertificatePath, "--cert", twin, "--json");

        Assert.Equal("", error);
        Assert.Equal(1, code);
        var result = Lines(output).Single();
        Assert.Equal("Indeterminate", result.GetProperty("status").GetString());
        Assert.StartsWith("IssuerMismatch:", result.GetProperty("failureReason").GetString());
    }

    [Fact]
    public void Crl_LeafOfAnotherCa_IsIndeterminateNotNotRevoked_AndRevocationAfterIssuerNotFoundToo()
    {
        var other = new OpenSslCa(Directory.CreateDirectory(_dir.File("ca2")).FullName, "/CN=PkiRevocation Other CA");
        var leaf = other.Issue("other", []);

        var crl = _cli.Run("crl", "--crl", _crl, "--issuer", _ca.CertificatePath, "--cert", leaf, "--json");
        var revocation = _cli.Run("revocation", "--cert", leaf, "--issuer", _ca.CertificatePath, "--crl", _crl, "--timeout", "2", "--json");

        Assert.Equal(1, crl.ExitCode);
        Assert.StartsWith("IssuerMismatch:", Lines(crl.Out).Single().GetProperty("failureReason").GetString());
        Assert.Equal(1, revocation.ExitCode);
        var result = Lines(revocation.Out).Single();
        Assert.Equal("Indeterminate", result.GetProperty("status").GetString());
        Assert.Contains("IssuerNotFound", result.GetProperty("failureReason").GetString());
        Assert.Contains("CRL: IssuerMismatch", result.GetProperty("failureReason").GetString());
    }

    // Item 2: good and revoked for one CertID in one signed response: revoked, on every path.

    [Theory]
    [InlineData("--sha256")]
    [InlineData("--get")]
    [InlineData("--no-nonce")]
    [InlineData("--batch")]
    public void Ocsp_GoodThenRevokedForOneCertId_IsRevokedOnEveryPath(string option)
    {
        var ca = TestPki.CreateRoot("CN=CLI Fail Closed OCSP CA", At);
        var leaf = ca.Issue("CN=leaf.cli-fail-closed.test", At.AddDays(-30), At.AddDays(300), o => o.WithSerial(0x5001));
        var other = ca.Issue("CN=other.cli-fail-closed.test", At.AddDays(-30), At.AddDays(300), o => o.WithSerial(0x5002));
        var hash = new Org.BouncyCastle.Asn1.X509.AlgorithmIdentifier(
            option == "--sha256" ? Org.BouncyCastle.Asn1.Nist.NistObjectIdentifiers.IdSha256 : Org.BouncyCastle.Asn1.Oiw.OiwObjectIdentifiers.IdSha1,
            Org.BouncyCastle.Asn1.DerNull.Instance);
        var generator = new BasicOcspRespGenerator(new RespID(ca.Bc.SubjectDN));
        generator.AddResponse(new CertificateID(hash, ca.Bc, leaf.Bc.SerialNumber), CertificateStatus.Good, At.AddMinutes(-5), At.AddHours(1), null);
        generator.AddResponse(new CertificateID(hash, ca.Bc, other.Bc.SerialNumber), CertificateStatus.Good, At.AddMinutes(-5), At.AddHours(1), null);
        generator.AddResponse(new CertificateID(hash, ca.Bc, leaf.Bc.SerialNumber), new RevokedStatus(At.AddDays(-1), 1), At.AddMinutes(-5), At.AddHours(1), null);
        var basic = generator.Generate(new Asn1SignatureFactory(TestPki.SignatureAlgorithm(ca.Keys.Private), ca.Keys.Private), null, At.AddMinutes(-5));
        var der = new OCSPRespGenerator().Generate(OCSPRespGenerator.Successful, basic).GetEncoded();
        using var server = new RawHttpServer(_ => RawHttpServer.OcspResponse(der));
        var args = new List<string> { "ocsp", "--cert", leaf.WritePem(_dir.File("leaf.pem")), "--issuer", ca.WritePem(_dir.File("ocsp-ca.pem")), "--url", server.Url, "--json", option };
        if (option == "--batch") args.AddRange(["--cert", other.WritePem(_dir.File("other.pem"))]);

        var (code, output, error) = _cli.Run(args.ToArray());

        Assert.Equal("", error);
        Assert.Equal(1, code);
        var lines = Lines(output);
        Assert.Equal("Revoked", lines[0].GetProperty("status").GetString());
        Assert.Contains(lines[0].GetProperty("steps").EnumerateArray(), s => s.GetString()!.Contains("the worst decides (revoked)"));
        if (option == "--batch") Assert.Equal("Good", lines[1].GetProperty("status").GetString());
    }

    // Item 8: a maximum CRL age (the CRL here is one day old, its nextUpdate five days ahead).

    [Fact]
    public void Crl_MaxAge_StaleWhenOlder_NotRevokedWhenYounger_BadInputWhenNotAnInterval()
    {
        var young = _cli.Run("crl", "--crl", _crl, "--issuer", _ca.CertificatePath, "--cert", _good, "--max-age", "12h", "--json");
        var old = _cli.Run("crl", "--crl", _crl, "--issuer", _ca.CertificatePath, "--cert", _good, "--max-age", "2d", "--json");
        var none = _cli.Run("crl", "--crl", _crl, "--issuer", _ca.CertificatePath, "--cert", _good, "--json");
        var bad = _cli.Run("crl", "--crl", _crl, "--issuer", _ca.CertificatePath, "--cert", _good, "--max-age", "soon");

        Assert.Equal(1, young.ExitCode);
        var stale = Lines(young.Out).Single();
        Assert.Equal("Indeterminate", stale.GetProperty("status").GetString());
        Assert.Contains("older than the maximum CRL age 12:00:00", stale.GetProperty("failureReason").GetString());
        Assert.Equal(0, old.ExitCode);
        Assert.Equal(0, none.ExitCode);
        Assert.Equal(2, bad.ExitCode);
        Assert.StartsWith("pkirev: InvalidArgument: --max-age 'soon'", bad.Error);
    }

    [Fact]
    public void Policy_MaxCrlAge_SetShownAppliedOverriddenAndRemoved()
    {
        var set = _cli.Run("policy", "set", "Young", "--method", "crl", "--max-crl-age", "12h", "--json");
        var byPolicy = _cli.Run("revocation", "--cert", _good, "--issuer", _ca.CertificatePath, "--crl", _crl, "--policy", "Young", "--json");
        var overridden = _cli.Run("revocation", "--cert", _good, "--issuer", _ca.CertificatePath, "--crl", _crl, "--policy", "Young", "--max-age", "2d", "--json");
        var shown = _cli.Run("policy", "show", "Young");
        var cleared = _cli.Run("policy", "set", "Young", "--max-crl-age", "0", "--json");
        var tooShort = _cli.Run("policy", "set", "Young", "--max-crl-age", "10s");

        Assert.Equal(0, set.ExitCode);
        Assert.Equal("12:00:00", Lines(set.Out).Single().GetProperty("maxCrlAge").GetString());
        Assert.Equal(1, byPolicy.ExitCode);
        Assert.Contains("maximum CRL age", Lines(byPolicy.Out).Single().GetProperty("failureReason").GetString());
        Assert.Equal(0, overridden.ExitCode);
        Assert.Contains("MaxCrlAge", shown.Out);
        Assert.Contains("12:00:00", shown.Out);
        Assert.Equal(JsonValueKind.Null, Lines(cleared.Out).Single().GetProperty("maxCrlAge").ValueKind);
        Assert.Equal(2, tooShort.ExitCode);
        Assert.StartsWith("pkirev: PolicyInvalid: ", tooShort.Error);
    }
}
