using System.Diagnostics;
using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using PkiRevocation.Ocsp;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Ocsp;

/// <summary>What goes over the wire, and every way the wire can fail. A small raw HTTP server plays the faults OpenSSL cannot.</summary>
public sealed class OcspTransportTests : IClassFixture<OcspResponderFixture>
{
    private readonly OcspResponderFixture _pki;

    public OcspTransportTests(OcspResponderFixture pki) => _pki = pki;

    private OcspResult CheckVia(string url, Action<OcspCheckRequest>? configure = null)
    {
        var request = _pki.Request(_pki.Good);
        request.ResponderUri = new Uri(url);
        configure?.Invoke(request);
        return Assert.Single(_pki.Engine().Ocsp.Check(request).ToList());
    }

    private static void NotGood(OcspResult result, OcspFailureReason reason)
    {
        Assert.True(result.Status == OcspStatus.Indeterminate && result.FailureReason == reason,
            $"Expected Indeterminate/{reason}, got {result.Status}/{result.FailureReason}: {result.FailureMessage}");
    }

    [Fact]
    public void Check_ClosedPort_IsResponderUnreachable()
    {
        NotGood(CheckVia($"http://127.0.0.1:{FreePort.Next()}/"), OcspFailureReason.ResponderUnreachable);
    }

    [Fact]
    public void Check_ServerAcceptsAndNeverAnswers_TimesOutSoonAfterTheTimeout()
    {
        using var silent = new RawHttpServer(_ => null);
        var stopwatch = Stopwatch.StartNew();

        var result = CheckVia(silent.Url, r => r.Timeout = TimeSpan.FromSeconds(1));

        stopwatch.Stop();
        NotGood(result, OcspFailureReason.Timeout);
        Assert.Equal(1, silent.Requests);
        // The server never answers, so without the timeout this would wait for ever; the margin is for a loaded CI machine.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(6), $"Returned after {stopwatch.Elapsed}.");
    }

    [Fact]
    public void Check_Http500_IsHttpError()
    {
        using var server = new RawHttpServer(_ => RawHttpServer.Response(500, "Internal Server Error", "text/plain", "boom"u8.ToArray()));

        var result = CheckVia(server.Url);

        NotGood(result, OcspFailureReason.HttpError);
        Assert.Contains("HTTP 500", result.FailureMessage);
    }

    [Fact]
    public void Check_HtmlBody_IsMalformedResponse()
    {
        var html = Encoding.UTF8.GetBytes("<html><body>Welcome to the captive portal</body></html>");
        using var server = new RawHttpServer(_ => RawHttpServer.Response(200, "OK", "text/html", html));

        var result = CheckVia(server.Url);

        NotGood(result, OcspFailureReason.MalformedResponse);
        Assert.Contains(result.Steps, s => s.Contains("Content-Type text/html"));
    }

    [Fact]
    public void Check_FiveMebibyteBodyWithLength_IsRefused()
    {
        var body = new byte[5 * 1024 * 1024];
        using var server = new RawHttpServer(_ => RawHttpServer.OcspResponse(body));

        var result = CheckVia(server.Url);

        NotGood(result, OcspFailureReason.HttpError);
        Assert.Contains("1048576", result.FailureMessage);
    }

    [Fact]
    public void Check_FiveMebibyteBodyWithoutLength_IsRefused()
    {
        var head = "HTTP/1.0 200 OK\r\nContent-Type: application/ocsp-response\r\nConnection: close\r\n\r\n"u8.ToArray();
        using var server = new RawHttpServer(_ => [.. head, .. new byte[5 * 1024 * 1024]]);

        var result = CheckVia(server.Url);

        NotGood(result, OcspFailureReason.HttpError);
        Assert.Contains("larger than", result.FailureMessage);
    }

    [Fact]
    public void Check_Redirect_IsReportedNotFollowed()
    {
        using var target = new RawHttpServer(_ => RawHttpServer.Response(500, "Should Not Be Reached", "text/plain", []));
        using var redirecting = new RawHttpServer(_ => RawHttpServer.Response(302, "Found", "text/plain", [], "Location: " + target.Url));

        var result = CheckVia(redirecting.Url);

        NotGood(result, OcspFailureReason.HttpError);
        Assert.Contains("redirect", result.FailureMessage);
        Assert.Contains(target.Url, result.FailureMessage);
        Assert.Equal(0, target.Requests);
    }

    [Fact]
    public void Check_Http11ChunkedKeepAliveResponder_VerifiesEveryAnswerOverOneConnection()
    {
        // An HTTP/1.1 front (keep-alive, chunked bodies) relaying to the real OpenSSL responder: the answers are real.
        using var relay = new HttpClient();
        using var server = new ScriptedHttpServer((_, _, r) =>
        {
            using var content = new ByteArrayContent(r.Body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/ocsp-request");
            var der = relay.PostAsync(_pki.CaUrl, content).Result.Content.ReadAsByteArrayAsync().Result;
            var half = der.Length / 2;
            var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/ocsp-response\r\nTransfer-Encoding: chunked\r\n\r\n{half:x}\r\n");
            var middle = Encoding.ASCII.GetBytes($"\r\n{der.Length - half:x}\r\n");
            return [.. head, .. der.AsSpan(0, half), .. middle, .. der.AsSpan(half), .. "\r\n0\r\n\r\n"u8];
        });
        var request = _pki.Request(_pki.Good, _pki.Revoked, _pki.Unknown);
        request.ResponderUri = new Uri(server.Url);
        request.ThrottleLimit = 1;

        var results = _pki.Engine().Ocsp.Check(request).ToList();

        Assert.Equal(new[] { OcspStatus.Good, OcspStatus.Revoked, OcspStatus.Unknown }, results.Select(r => r.Status));
        Assert.All(results, r => Assert.Equal(NonceStatus.Matched, r.NonceStatus));
        Assert.Equal(1, server.Connections);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public void Check_Post_SendsOneCertIdAndA32ByteNonceAsOcspRequest()
    {
        RawHttpRequest? seen = null;
        using var server = new RawHttpServer(r => { seen = r; return RawHttpServer.OcspResponse(CraftedOcspResponse.Status(2)); });

        CheckVia(server.Url);

        Assert.NotNull(seen);
        Assert.Equal("POST", seen!.Method);
        Assert.Equal("application/ocsp-request", seen.Headers["Content-Type"]);
        var request = OcspRequest.GetInstance(Asn1Object.FromByteArray(seen.Body));
        var single = Request.GetInstance(Assert.Single(request.TbsRequest.RequestList.Cast<Asn1Encodable>()));
        Assert.Equal(_pki.Good.Bc.SerialNumber, single.ReqCert.SerialNumber.Value);
        Assert.Equal(CraftedOcspResponse.Sha1, single.ReqCert.HashAlgorithm.Algorithm.Id);
        var nonce = request.TbsRequest.RequestExtensions.GetExtension(new DerObjectIdentifier("1.3.6.1.5.5.7.48.1.2"));
        var inner = Asn1OctetString.GetInstance(Asn1Object.FromByteArray(nonce.Value.GetOctets())).GetOctets();
        Assert.True(inner.Length >= 16);
    }

    [Fact]
    public void Check_TwoRequests_SendDifferentNonces()
    {
        var bodies = new List<byte[]>();
        using var server = new RawHttpServer(r => { lock (bodies) bodies.Add(r.Body); return RawHttpServer.OcspResponse(CraftedOcspResponse.Status(3)); });

        CheckVia(server.Url);
        CheckVia(server.Url);

        Assert.Equal(2, bodies.Count);
        Assert.NotEqual(Convert.ToBase64String(bodies[0]), Convert.ToBase64String(bodies[1]));
    }

    [Fact]
    public void Check_Get_SendsBase64RequestInThePath()
    {
        RawHttpRequest? seen = null;
        using var server = new RawHttpServer(r => { seen = r; return RawHttpServer.OcspResponse(CraftedOcspResponse.Status(3)); });

        var result = CheckVia(server.Url, r => r.UseGet = true);

        Assert.Equal("GET", result.Method);
        Assert.True(seen != null, $"The server saw no request: {result.Status} {result.FailureReason} {result.FailureMessage}");
        Assert.Equal("GET", seen.Method);
        var der = Convert.FromBase64String(Uri.UnescapeDataString(seen.Target.TrimStart('/')));
        Assert.NotNull(OcspRequest.GetInstance(Asn1Object.FromByteArray(der)).TbsRequest);
    }

    [Fact]
    public void Check_GetWithBatchTooLongForGet_FallsBackToPost()
    {
        RawHttpRequest? seen = null;
        using var server = new RawHttpServer(r => { seen = r; return RawHttpServer.OcspResponse(CraftedOcspResponse.Status(3)); });
        var request = _pki.Request(_pki.Many.ToArray());
        request.ResponderUri = new Uri(server.Url);
        request.UseGet = true;
        request.Batch = true;

        var results = _pki.Engine().Ocsp.Check(request).ToList();

        Assert.Equal("POST", seen!.Method);
        Assert.All(results, r => Assert.Equal("POST", r.Method));
        Assert.Equal(_pki.Many.Count, OcspRequest.GetInstance(Asn1Object.FromByteArray(seen.Body)).TbsRequest.RequestList.Count);
    }

    [Fact]
    public void Check_WithProxy_SendsTheAbsoluteUriToTheProxy()
    {
        RawHttpRequest? seen = null;
        using var proxy = new RawHttpServer(r => { seen = r; return RawHttpServer.OcspResponse(CraftedOcspResponse.Status(3)); });

        var result = CheckVia("http://ocsp.example.invalid/responder", r => r.Proxy = new Uri(proxy.Url));

        NotGood(result, OcspFailureReason.ResponderError);
        Assert.Equal("http://ocsp.example.invalid/responder", seen!.Target);
    }

    [Fact]
    public void Check_CancelledWhileWaiting_StopsPromptly()
    {
        using var silent = new RawHttpServer(_ => null);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var request = _pki.Request(_pki.Good);
        request.ResponderUri = new Uri(silent.Url);
        request.Timeout = TimeSpan.FromSeconds(60);
        var stopwatch = Stopwatch.StartNew();

        Assert.ThrowsAny<OperationCanceledException>(() => _pki.Engine().Ocsp.Check(request, null, cancellation.Token).ToList());

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"Cancelled after {stopwatch.Elapsed}.");
    }

    [Fact]
    public void Check_HttpsResponderWithClientCertificate_PresentsIt()
    {
        var tlsCa = TestPki.CreateRoot("CN=TLS Test CA", _pki.At.AddYears(-1), _pki.At.AddYears(1));
        var serverTls = tlsCa.Issue("CN=localhost", _pki.At.AddDays(-1), _pki.At.AddDays(30), o => o.Dns("localhost"));
        var clientTls = tlsCa.Issue("CN=OCSP Client", _pki.At.AddDays(-1), _pki.At.AddDays(30));
        using var server = new RawHttpServer(_ => RawHttpServer.OcspResponse(CraftedOcspResponse.Status(3)), Pfx(serverTls), requireClientCertificate: true);
        var trustTestServer = new EngineEnvironment(clock: new PkiRevocation.Configuration.FixedClock(_pki.At), httpHandlerFactory: () => new HttpClientHandler
        {
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == serverTls.Certificate.Thumbprint,
        });
        var request = _pki.Request(_pki.Good);
        request.ResponderUri = new Uri(server.Url);
        request.ClientCertificate = Pfx(clientTls);

        var result = Assert.Single(new PkiEngine(trustTestServer).Ocsp.Check(request).ToList());

        Assert.True(result.FailureReason == OcspFailureReason.ResponderError, $"{result.FailureMessage} / server: {server.LastError}");
        Assert.Equal(clientTls.Certificate.Thumbprint, Assert.Single(server.ClientCertificates).Thumbprint);
    }

    [Fact]
    public void Check_HttpsResponderWithUntrustedCertificate_IsUnreachable()
    {
        var tlsCa = TestPki.CreateRoot("CN=Untrusted TLS CA", _pki.At.AddYears(-1), _pki.At.AddYears(1));
        var serverTls = tlsCa.Issue("CN=localhost", _pki.At.AddDays(-1), _pki.At.AddDays(30), o => o.Dns("localhost"));
        using var server = new RawHttpServer(_ => RawHttpServer.OcspResponse(CraftedOcspResponse.Status(3)), Pfx(serverTls), requireClientCertificate: false);

        var result = CheckVia(server.Url);

        NotGood(result, OcspFailureReason.ResponderUnreachable);
        Assert.Equal(0, server.Requests);
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 Pfx(TestCertificate certificate) =>
        System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(certificate.ToPfx("test"), "test");

    [Fact]
    public void BuiltRequest_IsReadByOpenSsl()
    {
        var id = CertId.Create(OcspHashAlgorithm.Sha256, _pki.Ca.Bc, _pki.Revoked.Bc.SerialNumber);
        var der = OcspRequestBuilder.Build([id, CertId.Create(OcspHashAlgorithm.Sha256, _pki.Ca.Bc, _pki.Good.Bc.SerialNumber)], OcspRequestBuilder.NewNonce());
        var path = _pki.Directory.File("built-request.der");
        File.WriteAllBytes(path, der);

        var text = ExternalProcess.Run(Tools.OpenSsl, ["ocsp", "-reqin", path, "-req_text", "-noverify"]);

        Assert.Contains("Serial Number: 1002", text);
        Assert.Contains("Serial Number: 1001", text);
        Assert.Contains("sha256", text);
        Assert.Contains("OCSP Nonce", text);
    }
}
