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

    private static List<JsonElement> Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

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

    // Item 8: a maximum CRL age (the CRL here is one day old, its nextUpdate five days ahead).

}
