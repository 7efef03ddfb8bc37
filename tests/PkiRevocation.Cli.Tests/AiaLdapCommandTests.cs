using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Cli.Tests;

/// <summary>
/// pkirev with no --issuer and the issuer in no store: the certificate's own AIA caIssuers and ldap:// CRL
/// distribution point (slapd holding an AD-CS-shaped CA object, an http server for caIssuers), `openssl ocsp` as
/// the responder. Reference time: the test's start (openssl stamps responses with the current time).
/// </summary>
public sealed class AiaLdapCommandTests : IDisposable
{
    private readonly DateTime _at = DateTime.UtcNow;
    private readonly TempDirectory _dir = new("pkirev-cli-aia");
    private readonly StaticHttpServer _http = new();
    private readonly AdCsDirectory _directory = new("CLI Issuing CA", "PKI01", FreePort.Next());
    private readonly TestCertificate _ca;
    private readonly TestCertificate _leaf;
    private readonly string _leafPem;
    private readonly int _ocspPort = FreePort.Next();
    private readonly CliRunner _cli;

    public AiaLdapCommandTests()
    {
        _ca = TestPki.CreateRoot("CN=CLI Issuing CA, DC=pki, DC=test", _at);
        // As AD CS writes them: ldap first, then http (the http CRL is not published, so the CRL comes from LDAP).
        _leaf = _ca.Issue("CN=leaf.cli.test", _at.AddDays(-10), _at.AddDays(100), o => o
            .Ocsp($"http://127.0.0.1:{_ocspPort}/")
            .CaIssuers(_directory.CaIssuersUrl, _http.Url("ca.cer"))
            .Crl(_directory.CrlUrl, _http.Url("ca.crl")));
        _http.Set("ca.cer", _ca.Der);
        _leafPem = _leaf.WritePem(_dir.File("leaf.pem"));
        _cli = new CliRunner(_dir.File("home"));
    }

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Ocsp_NoIssuerGiven_IssuerFetchedFromAia_GoodExitZero_NoAiaFetchIssuerNotFound()
    {
        using var responder = OpenSslOcspResponder.Start(_dir.Path, _ca, _ca, new OcspIndex().Valid(_leaf), nextUpdateMinutes: 60, port: _ocspPort);

        var (code, output, error) = _cli.Run("ocsp", "--cert", _leafPem, "--at", _at.ToString("o"), "--json");
        var (offCode, offOutput, _) = _cli.Run("ocsp", "--cert", _leafPem, "--at", _at.ToString("o"), "--no-aia-fetch", "--json");

        Assert.True(code == 0, output + error);
        Assert.Contains("\"status\":\"Good\"", output);
        Assert.Contains($"AIA caIssuers {_http.Url("ca.cer")} (fetched; used only as the issuer that signed this certificate", output);
        Assert.Equal(1, offCode);
        Assert.Contains("\"failureReason\":\"IssuerNotFound\"", offOutput);
    }

    [Fact]
    public void Revocation_MethodsCrl_DecidesThroughLdapDistributionPointServedBySlapd()
    {
        using var slapd = _directory.Start(_dir.Path, [_ca.Der], TestCrl.Build(_ca, _at.AddHours(-1), _at.AddDays(7), number: 3));

        var (code, output, error) = _cli.Run("revocation", "--cert", _leafPem, "--methods", "crl", "--at", _at.ToString("o"), "--steps");

        Assert.True(code == 0, output + error);
        Assert.Contains("NotRevoked", output);
        Assert.Contains($"CRL: {_directory.CrlUrl}: LDAP 127.0.0.1:{_directory.Port}, anonymous bind", output);
        Assert.Contains("CRL decided: not revoked", output);
        Assert.Contains("GET /ca.crl 404", _http.Log);
    }
}
