using System.Text.Json;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Cli.Tests;

/// <summary>A generated PKI and OpenSSL's real OCSP responder, started once for the class.</summary>
public sealed class OcspCliFixture : IDisposable
{
    public OcspCliFixture()
    {
        var now = DateTime.UtcNow;
        At = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, DateTimeKind.Utc);
        Directory = new TempDirectory("pkirev-cli-ocsp");
        var port = FreePort.Next();
        Url = $"http://127.0.0.1:{port}/";
        var ca = TestPki.CreateRoot("CN=CLI OCSP CA", At.AddYears(-1), At.AddYears(5));
        var good = ca.Issue("CN=good.cli.test", At.AddDays(-10), At.AddDays(100), o => o.WithSerial(0x3001).Ocsp(Url));
        var revoked = ca.Issue("CN=revoked.cli.test", At.AddDays(-10), At.AddDays(100), o => o.WithSerial(0x3002).Ocsp(Url));
        var unknown = ca.Issue("CN=unknown.cli.test", At.AddDays(-10), At.AddDays(100), o => o.WithSerial(0x3003).Ocsp(Url));
        RevokedAt = At.AddDays(-1);
        var index = new OcspIndex().Valid(good).Revoked(revoked, RevokedAt, "keyCompromise");
        Responder = OpenSslOcspResponder.Start(Directory.Path, ca, ca, index, nextUpdateMinutes: 60, port: port);
        Ca = ca.WritePem(Directory.File("ca.pem"));
        Good = good.WritePem(Directory.File("good.pem"));
        GoodDer = good.WriteDer(Directory.File("good.cer"));
        Revoked = revoked.WritePem(Directory.File("revoked.pem"));
        Unknown = unknown.WritePem(Directory.File("unknown.pem"));
        Both = Directory.File("both.pem");
        File.WriteAllText(Both, good.Pem + revoked.Pem);
    }

    public DateTime At { get; }

    public DateTime RevokedAt { get; }

    public TempDirectory Directory { get; }

    public string Url { get; }

    public string Ca { get; }

    public string Good { get; }

    public string GoodDer { get; }

    public string Revoked { get; }

    public string Unknown { get; }

    public string Both { get; }

    public OpenSslOcspResponder Responder { get; }

    public void Dispose()
    {
        Responder.Dispose();
        Directory.Dispose();
    }
}

/// <summary>pkirev ocsp against OpenSSL's responder: statuses, JSON shape, offline replay, exit codes.</summary>
public sealed class OcspCommandTests : IClassFixture<OcspCliFixture>
{
    private readonly OcspCliFixture _pki;
    private readonly CliRunner _cli;

    public OcspCommandTests(OcspCliFixture pki)
    {
        _pki = pki;
        _cli = new CliRunner(pki.Directory.File("home"), now: pki.At);
    }

    private static List<JsonElement> Lines(string output) => CliRunner.JsonLines(output);

    [Fact]
    public void Ocsp_GoodCertificateJson_IsGoodAndExitsZero()
    {
        var (code, output, error) = _cli.Run("ocsp", "--cert", _pki.Good, "--issuer", _pki.Ca, "--json");

        Assert.Equal("", error);
        Assert.Equal(0, code);
        var line = Assert.Single(Lines(output));
        Assert.Equal("Good", line.GetProperty("status").GetString());
        Assert.Equal("Issuer", line.GetProperty("trustPath").GetString());
        Assert.Equal("Matched", line.GetProperty("nonceStatus").GetString());
        Assert.Equal("3001", line.GetProperty("serialNumber").GetString());
        Assert.Equal(JsonValueKind.Null, line.GetProperty("failureReason").ValueKind);
        Assert.EndsWith("Z", line.GetProperty("thisUpdate").GetString());
        Assert.True(line.GetProperty("steps").GetArrayLength() > 3);
    }

    [Fact]
    public void Ocsp_PemWithGoodAndRevoked_ChecksEachAndExitsOne()
    {
        var (code, output, _) = _cli.Run("ocsp", "--cert", _pki.Both, "--issuer", _pki.Ca, "--json");

        Assert.Equal(1, code);
        var lines = Lines(output);
        Assert.Equal(2, lines.Count);
        Assert.Equal("Good", lines[0].GetProperty("status").GetString());
        Assert.Equal("Revoked", lines[1].GetProperty("status").GetString());
        Assert.Equal("KeyCompromise", lines[1].GetProperty("revocationReason").GetString());
        Assert.Equal(_pki.RevokedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), lines[1].GetProperty("revocationTime").GetString());
    }

    [Fact]
    public void Ocsp_UnknownSerial_IsUnknownAndExitsOne()
    {
        var (code, output, _) = _cli.Run("ocsp", "--cert", _pki.Unknown, "--issuer", _pki.Ca, "--json");

        Assert.Equal(1, code);
        Assert.Equal("Unknown", Assert.Single(Lines(output)).GetProperty("status").GetString());
    }

    [Fact]
    public void Ocsp_DerSha256GetNoNonce_IsGood()
    {
        var (code, output, _) = _cli.Run("ocsp", "--cert", _pki.GoodDer, "--issuer", _pki.Ca, "--sha256", "--get", "--no-nonce", "--json");

        Assert.Equal(0, code);
        var line = Assert.Single(Lines(output));
        Assert.Equal("GET", line.GetProperty("method").GetString());
        Assert.Equal("Sha256", line.GetProperty("hashAlgorithm").GetString());
        Assert.Equal("NotSent", line.GetProperty("nonceStatus").GetString());
    }

    [Fact]
    public void Ocsp_BatchWithUrl_AnswersAllFromOneResponse()
    {
        var (code, output, _) = _cli.Run("ocsp", "--cert", _pki.Both, "--cert", _pki.Unknown, "--issuer", _pki.Ca, "--url", _pki.Url, "--batch", "--json");

        Assert.Equal(1, code);
        var lines = Lines(output);
        Assert.Equal(["Good", "Revoked", "Unknown"], lines.Select(l => l.GetProperty("status").GetString()));
        Assert.Single(lines.Select(l => l.GetProperty("rawResponse").GetString()).Distinct());
    }

    [Fact]
    public void Ocsp_DeadUrl_IsIndeterminateUnreachable()
    {
        var (code, output, _) = _cli.Run("ocsp", "--cert", _pki.Good, "--issuer", _pki.Ca, "--url", $"http://127.0.0.1:{FreePort.Next()}/", "--timeout", "2", "--json");

        Assert.Equal(1, code);
        var line = Assert.Single(Lines(output));
        Assert.Equal("Indeterminate", line.GetProperty("status").GetString());
        Assert.Equal("ResponderUnreachable", line.GetProperty("failureReason").GetString());
    }

    [Fact]
    public void Ocsp_SavedResponse_ReplaysOfflineAndGoesStaleAfterNextUpdate()
    {
        var (_, output, _) = _cli.Run("ocsp", "--cert", _pki.Revoked, "--issuer", _pki.Ca, "--json");
        var saved = _pki.Directory.File("saved-response.der");
        File.WriteAllBytes(saved, Convert.FromBase64String(Assert.Single(Lines(output)).GetProperty("rawResponse").GetString()!));

        var (fresh, freshOut, _) = _cli.Run("ocsp", "--cert", _pki.Revoked, "--issuer", _pki.Ca, "--response", saved, "--at", _pki.At.AddMinutes(30).ToString("o"), "--json");
        var (stale, staleOut, _) = _cli.Run("ocsp", "--cert", _pki.Revoked, "--issuer", _pki.Ca, "--response", saved, "--at", _pki.At.AddHours(3).ToString("o"), "--json");

        Assert.Equal(1, fresh);
        Assert.Equal("Revoked", Assert.Single(Lines(freshOut)).GetProperty("status").GetString());
        Assert.Equal("Offline", Assert.Single(Lines(freshOut)).GetProperty("method").GetString());
        Assert.Equal(1, stale);
        Assert.Equal("Stale", Assert.Single(Lines(staleOut)).GetProperty("failureReason").GetString());
    }

    [Fact]
    public void Ocsp_TextOutput_ShowsStatusTable()
    {
        var (code, output, _) = _cli.Run("ocsp", "--cert", _pki.Good, "--issuer", _pki.Ca);

        Assert.Equal(0, code);
        Assert.Contains("Status", output);
        Assert.Contains("Good", output);
        Assert.Contains("CN=good.cli.test", output);
    }

    [Fact]
    public void Ocsp_MissingCertificateFile_ExitsTwoWithErrorId()
    {
        var (code, _, error) = _cli.Run("ocsp", "--cert", _pki.Directory.File("nope.pem"), "--issuer", _pki.Ca);

        Assert.Equal(2, code);
        Assert.StartsWith("pkirev: PathNotFound:", error);
    }

    [Fact]
    public void Ocsp_BadReferenceTime_ExitsTwo()
    {
        var (code, _, error) = _cli.Run("ocsp", "--cert", _pki.Good, "--at", "yesterday");

        Assert.Equal(2, code);
        Assert.Contains("ReferenceTimeInvalid", error);
    }

    [Fact]
    public void Ocsp_NoNonceWithRequireNonce_ExitsTwo()
    {
        var (code, _, error) = _cli.Run("ocsp", "--cert", _pki.Good, "--no-nonce", "--require-nonce");

        Assert.Equal(2, code);
        Assert.Contains("InvalidArgument", error);
    }

    [Fact]
    public void Ocsp_WithoutCert_ExitsTwo()
    {
        var (code, _, error) = _cli.Run("ocsp", "--issuer", _pki.Ca);

        Assert.Equal(2, code);
        Assert.Contains("InvalidArgument", error);
    }

    [Fact]
    public void Ocsp_FileWithAnUndecodableCertificate_ReportsItChecksTheOthersAndExitsTwo()
    {
        // A CERTIFICATE block holding SEQUENCE { INTEGER 1 } (not a certificate) between two good certificates.
        var bad = _pki.Directory.File("good-bad-revoked.pem");
        File.WriteAllText(bad, File.ReadAllText(_pki.Good) + "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n" + File.ReadAllText(_pki.Revoked));

        var (code, output, error) = _cli.Run("ocsp", "--cert", bad, "--issuer", _pki.Ca, "--json");

        Assert.Equal(2, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"pkirev: NotACertificate: A certificate in '{bad}' cannot be decoded: ", line);
        var lines = Lines(output);
        Assert.Equal(3, lines.Count);
        Assert.Equal("Good", lines[0].GetProperty("status").GetString());
        Assert.Equal("Indeterminate", lines[1].GetProperty("status").GetString());
        Assert.Equal("MalformedCertificate", lines[1].GetProperty("failureReason").GetString());
        Assert.Equal("Revoked", lines[2].GetProperty("status").GetString());
    }

    [Fact]
    public void Ocsp_MissingIssuerFile_ExitsTwoBeforeCheckingAnything()
    {
        var (code, output, error) = _cli.Run("ocsp", "--cert", _pki.Good, "--issuer", _pki.Directory.File("no-such-issuer.pem"), "--json");

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("PathNotFound", error);
    }

    [Fact]
    public void Ocsp_ManyCertificatesInOnePem_SubjectIssuerSerialAndCertificateAsThePlatformGivesThem()
    {
        var (code, output, _) = _cli.Run("ocsp", "--cert", _pki.Both, "--issuer", _pki.Ca, "--json");

        Assert.Equal(1, code);
        var lines = Lines(output);
        var expected = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(_pki.Revoked));
        Assert.Equal(expected.Subject, lines[1].GetProperty("subject").GetString());
        Assert.Equal(expected.Issuer, lines[1].GetProperty("issuer").GetString());
        Assert.Equal(expected.SerialNumber, lines[1].GetProperty("serialNumber").GetString());
        Assert.Equal(Convert.ToBase64String(expected.RawData), lines[1].GetProperty("certificate").GetString());
        Assert.Equal("CN=good.cli.test", lines[0].GetProperty("subject").GetString());
    }

    [Fact]
    public void Ocsp_Proxy_SendsTheRequestToTheProxyWithTheResponderUrl()
    {
        PkiRevocation.TestSupport.RawHttpRequest? seen = null;
        using var proxy = new PkiRevocation.TestSupport.RawHttpServer(r => { seen = r; return PkiRevocation.TestSupport.RawHttpServer.Response(503, "Service Unavailable", "text/plain", "busy"u8.ToArray()); });

        var (code, output, _) = _cli.Run("ocsp", "--cert", _pki.Good, "--issuer", _pki.Ca, "--url", "http://ocsp.example.invalid/responder", "--proxy", proxy.Url, "--json");

        Assert.Equal(1, code);
        Assert.Equal("http://ocsp.example.invalid/responder", seen!.Target);
        var line = Assert.Single(Lines(output));
        Assert.Equal("HttpError", line.GetProperty("failureReason").GetString());
    }

    [Fact]
    public void Ocsp_ProxyNotAUrl_ExitsTwo()
    {
        var (code, output, error) = _cli.Run("ocsp", "--cert", _pki.Good, "--issuer", _pki.Ca, "--proxy", "not a url");

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("--proxy", error);
    }
}
