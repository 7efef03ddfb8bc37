using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PkiRevocation.Net;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Net;

/// <summary>
/// The engine's HTTP/1.1 client against a scripted server over real sockets: framing (Content-Length, chunked, close),
/// keep-alive and its failure modes, and every malformed answer it must refuse.
/// </summary>
public sealed class PlainHttpClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static PlainHttpResponse Post(PlainHttpClient client, ScriptedHttpServer server, string body = "request", CancellationToken token = default) =>
        client.Send(new Uri(server.Url), "POST", "/ocsp", "application/ocsp-request", Encoding.ASCII.GetBytes(body), "application/ocsp-response", Timeout, token);

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static string Http11(string body, string extraHeaders = "") =>
        $"HTTP/1.1 200 OK\r\nContent-Type: application/ocsp-response; charset=binary\r\nContent-Length: {body.Length}\r\n{extraHeaders}\r\n{body}";

    [Fact]
    public void Send_Post_WritesOriginFormHostLengthTypeAndBody()
    {
        using var server = new ScriptedHttpServer((_, _, _) => Ascii(Http11("answer")));
        using var client = new PlainHttpClient(TcpConnector.Instance, 1024);

        var response = Post(client, server, "the-request-body");

        var seen = Assert.Single(server.Requests);
        Assert.Equal("POST", seen.Method);
        Assert.Equal("/ocsp", seen.Target);
        Assert.Equal($"127.0.0.1:{server.Port}", seen.Headers["Host"]);
        Assert.Equal("application/ocsp-request", seen.Headers["Content-Type"]);
        Assert.Equal("application/ocsp-response", seen.Headers["Accept"]);
        Assert.Equal("the-request-body", Encoding.ASCII.GetString(seen.Body));
        Assert.Equal(200, response.Status);
        Assert.Equal("1.1", response.Version);
        Assert.Equal("application/ocsp-response", response.ContentType);
        Assert.Equal("answer", Encoding.ASCII.GetString(response.Body!));
    }

    [Fact]
    public void Send_Ipv6Literal_ConnectsAndSendsTheBracketedHostWithPort()
    {
        using var server = new ScriptedHttpServer((_, _, _) => Ascii(Http11("v6")), address: IPAddress.IPv6Loopback);
        using var client = new PlainHttpClient(TcpConnector.Instance, 1024);

        var response = Post(client, server);

        Assert.Equal("v6", Encoding.ASCII.GetString(response.Body!));
        Assert.Equal($"[::1]:{server.Port}", Assert.Single(server.Requests).Headers["Host"]);
    }

    [Fact]
    public void Send_HostName_TriesItsAddressesUntilOneAnswers()
    {
        // "localhost" may resolve to ::1 first; the server listens on 127.0.0.1 only.
        using var server = new ScriptedHttpServer((_, _, _) => Ascii(Http11("by-name")));
        using var client = new PlainHttpClient(TcpConnector.Instance, 1024);

        var response = client.Send(new Uri($"http://localhost:{server.Port}/ocsp"), "POST", "/ocsp", "application/ocsp-request", [1], "application/ocsp-response", Timeout, default);

        Assert.Equal("by-name", Encoding.ASCII.GetString(response.Body!));
        Assert.Equal($"localhost:{server.Port}", Assert.Single(server.Requests).Headers["Host"]);
    }

    [Fact]
    public void Send_Http11KeepAlive_ReusesOneConnection()
    {
        using var server = new ScriptedHttpServer((_, _, r) => Ascii(Http11("answer-" + Encoding.ASCII.GetString(r.Body))));
        using var client = new PlainHttpClient(TcpConnector.Instance, 1024);

        var bodies = Enumerable.Range(1, 3).Select(i => Encoding.ASCII.GetString(Post(client, server, i.ToString()).Body!)).ToList();

        Assert.Equal(new[] { "answer-1", "answer-2", "answer-3" }, bodies);
        Assert.Equal(1, server.Connections);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public void Send_Http10Answers_OpenAConnectionPerRequest()
    {
        using var server = new ScriptedHttpServer((_, _, _) => Ascii("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"), closeAfterEach: true);
        using var client = new PlainHttpClient(TcpConnector.Instance, 1024);

        for (var i = 0; i < 3; i++) Assert.Equal("ok", Encoding.ASCII.GetString(Post(client, server).Body!));

        Assert.Equal(3, server.Connections);
    }

    [Fact]
    public void Send_ConnectionCloseHeader_IsNotReused()
    {
        using var server = new ScriptedHttpServer((_, _, _) => Ascii(Http11("ok", "Connection: close\r\n")), closeAfterEach: true);
        using var client = new PlainHttpClient(TcpConnector.Instance, 1024);

        Post(client, server);
        Post(client, server);

        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public void Send_ChunkedBodyWithExtensionsAndTrailer_IsReassembledAndTheConnectionKept()
    {
        const string chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 999\r\n\r\n5;ext=1\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: yes\r\n\r\n";
        using var server = new ScriptedHttpServer((_, _, _) => Ascii(chunked));
        using var client = new PlainHttpClient(TcpConnector.Instance, 1024);

        var first = Post(client, server);
        var second = Post(client, server);

        Assert.Equal("hello world", Encoding.ASCII.GetString(first.Body!));
        Assert.Null(first.ContentLength);
        Assert.Equal("hello world", Encoding.ASCII.GetString(second.Body!));
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public void Send_BodyDelimitedByClose_IsReadToTheEnd()
    {
        using var server = new ScriptedHttpServer((_, _, _) => Ascii("HTTP/1.1 200 OK\r\nContent-Type: application/ocsp-response\r\n\r\nuntil-the-close"), closeAfterEach: true);
        using var client = new PlainHttpClient(TcpConnector.Instance, 1024);

        Assert.Equal("until-the-close", Encoding.ASCII.GetString(Post(client, server).Body!));
        Post(client, server);

        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public void Send_KeptConnectionClosedByTheServer_GoesOutAgainOnANewOne()
    {
        // The server answers keep-alive, then drops the idle connection (as servers do after their keep-alive timeout).
        using var server = new ScriptedHttpServer((_, _, _) => Ascii(Http11("ok")), closeAfterEach: false, closeIdleAfter: TimeSpan.FromMilliseconds(100));
        using var client = new PlainHttpClient(TcpConnector.Instance, 1024);

        Post(client, server);
        Assert.True(server.WaitForDroppedIdle(1, TimeSpan.FromSeconds(10)), "The server never dropped the idle connection.");
        var second = Post(client, server);

        Assert.Equal("ok", Encoding.ASCII.GetString(second.Body!));
        Assert.Equal(2, server.Connections);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public void Send_InterimContinue_IsSkipped()
    {
        using var server = new ScriptedHttpServer((_, _, _) => Ascii("HTTP/1.1 100 Continue\r\n\r\n" + Http11("final")));
        using var client = new PlainHttpClient(TcpConnector.Instance, 1024);

        var response = Post(client, server);

        Assert.Equal(200, response.Status);
        Assert.Equal("final", Encoding.ASCII.GetString(response.Body!));
    }

    [Fact]
    public void Send_Redirect_ReturnsStatusAndLocationWithoutFollowing()
    {
        using var server = new ScriptedHttpServer((_, _, _) => Ascii("HTTP/1.1 302 Found\r\nLocation: http://elsewhere.invalid/\r\nContent-Length: 0\r\n\r\n"));
        using var client = new PlainHttpClient(TcpConnector.Instance, 1024);

        var response = Post(client, server);

        Assert.Equal(302, response.Status);
        Assert.Equal("Found", response.Reason);
        Assert.Equal("http://elsewhere.invalid/", response.Location);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2000\r\n\r\nshort")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7D0\r\n")]
    public void Send_BodyOverTheLimit_IsRefusedUnread(string answer)
    {
        using var server = new ScriptedHttpServer((_, _, _) => Ascii(answer), closeAfterEach: true);
        using var client = new PlainHttpClient(TcpConnector.Instance, 1000);

        Assert.Null(Post(client, server).Body);
    }

    [Fact]
    public void Send_BodyDelimitedByCloseOverTheLimit_IsRefused()
    {
        using var server = new ScriptedHttpServer((_, _, _) => Ascii("HTTP/1.0 200 OK\r\n\r\n" + new string('x', 5000)), closeAfterEach: true);
        using var client = new PlainHttpClient(TcpConnector.Instance, 1000);

        Assert.Null(Post(client, server).Body);
    }

    [Theory]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n\r\n")]
    [InlineData("HTTP/2 200\r\n\r\n")]
    [InlineData("HTTP/1.1 2x0 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n")]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\n\r\n")]
    public void Send_AnswerThatIsNotValidHttp_ThrowsProtocolViolation(string answer)
    {
        using var server = new ScriptedHttpServer((_, _, _) => Ascii(answer), closeAfterEach: true);
        using var client = new PlainHttpClient(TcpConnector.Instance, 1024);

        Assert.Throws<ProtocolViolationException>(() => Post(client, server));
    }

    [Fact]
    public void Send_HeaderLargerThan16KiB_ThrowsProtocolViolation()
    {
        using var server = new ScriptedHttpServer((_, _, _) => Ascii("HTTP/1.1 200 OK\r\nX-Big: " + new string('a', 20000) + "\r\n\r\n"), closeAfterEach: true);
        using var client = new PlainHttpClient(TcpConnector.Instance, 1024);

        var ex = Assert.Throws<ProtocolViolationException>(() => Post(client, server));
        Assert.Contains("16384", ex.Message);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly-part")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Le")]
    [InlineData("")]
    public void Send_ServerClosesMidResponse_ThrowsIOException(string answer)
    {
        using var server = new ScriptedHttpServer((_, _, _) => Ascii(answer), closeAfterEach: true);
        using var client = new PlainHttpClient(TcpConnector.Instance, 1024);

        Assert.ThrowsAny<IOException>(() => Post(client, server));
    }

    [Fact]
    public void Send_ClosedPort_ThrowsSocketException()
    {
        using var client = new PlainHttpClient(TcpConnector.Instance, 1024);
        var port = FreePort.Next();

        var ex = Assert.Throws<SocketException>(() => client.Send(new Uri($"http://127.0.0.1:{port}/"), "GET", "/", null, null, "*/*", Timeout, default));
        Assert.Equal(SocketError.ConnectionRefused, ex.SocketErrorCode);
    }

    [Fact]
    public void Send_ServerNeverAnswers_CancellationEndsTheWaitPromptly()
    {
        using var server = new ScriptedHttpServer((_, _, _) => null);
        using var client = new PlainHttpClient(TcpConnector.Instance, 1024);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var stopwatch = Stopwatch.StartNew();

        Assert.ThrowsAny<OperationCanceledException>(() => Post(client, server, token: cancellation.Token));

        // The server never answers: without the cancellation this would wait for ever. The margin is for a loaded machine.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(6), $"Returned after {stopwatch.Elapsed}.");
        Assert.Single(server.Requests);
    }

    [Fact]
    public void Send_Get_SendsNoBodyAndNoContentHeaders()
    {
        using var server = new ScriptedHttpServer((_, _, _) => Ascii(Http11("got")));
        using var client = new PlainHttpClient(TcpConnector.Instance, 1024);

        var response = client.Send(new Uri(server.Url), "GET", "/ocsp/MEMwQTA%2FMD0wOzAJBgUrDgMCGgUABBQ", null, null, "application/ocsp-response", Timeout, default);

        var seen = Assert.Single(server.Requests);
        Assert.Equal("GET", seen.Method);
        Assert.Equal("/ocsp/MEMwQTA%2FMD0wOzAJBgUrDgMCGgUABBQ", seen.Target);
        Assert.False(seen.Headers.ContainsKey("Content-Length"));
        Assert.Equal("got", Encoding.ASCII.GetString(response.Body!));
    }
}
