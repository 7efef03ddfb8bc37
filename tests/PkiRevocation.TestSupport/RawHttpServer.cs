using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PkiRevocation.TestSupport;

/// <summary>
/// A deliberately dumb HTTP/1.1 server on 127.0.0.1 for faults a real server will not produce: it reads one request
/// per connection and writes back exactly the bytes the test chose (or nothing at all, keeping the connection open).
/// </summary>
public sealed class RawHttpServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<RawHttpRequest, byte[]?> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = new();
    private readonly Task _loop;
    private int _requests;

    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2? _serverCertificate;
    private readonly bool _requireClientCertificate;
    private readonly List<System.Security.Cryptography.X509Certificates.X509Certificate2> _clientCertificates = new();

    /// <param name="respond">The raw response for a request (status line, headers, body); null: never answer.</param>
    public RawHttpServer(Func<RawHttpRequest, byte[]?> respond) : this(respond, null, false) { }

    /// <summary>HTTPS when <paramref name="serverCertificate"/> (with its private key) is given; optionally asks for a client certificate.</summary>
    public RawHttpServer(Func<RawHttpRequest, byte[]?> respond, System.Security.Cryptography.X509Certificates.X509Certificate2? serverCertificate, bool requireClientCertificate)
    {
        _respond = respond;
        _serverCertificate = serverCertificate;
        _requireClientCertificate = requireClientCertificate;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(AcceptLoop);
    }

    public int Port { get; }

    public string Url => $"{(_serverCertificate != null ? "https" : "http")}://127.0.0.1:{Port}/";

    /// <summary>The client certificates presented in TLS handshakes (HTTPS only).</summary>
    public IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> ClientCertificates { get { lock (_clientCertificates) return _clientCertificates.ToList(); } }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The last TLS handshake failure on the server side (HTTPS only), for diagnostics.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>A complete HTTP response with Content-Length.</summary>
    public static byte[] Response(int status, string reason, string contentType, byte[] body, params string[] headers)
    {
        var head = new StringBuilder($"HTTP/1.1 {status} {reason}\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n");
        foreach (var header in headers) head.Append(header).Append("\r\n");
        head.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body];
    }

    public static byte[] OcspResponse(byte[] der) => Response(200, "OK", "application/ocsp-response", der);

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }

            lock (_clients) _clients.Add(client);
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        try
        {
            Stream stream = client.GetStream();
            if (_serverCertificate != null)
            {
                var tls = new System.Net.Security.SslStream(stream, false);
                await tls.AuthenticateAsServerAsync(new System.Net.Security.SslServerAuthenticationOptions
                {
                    ServerCertificate = _serverCertificate,
                    ClientCertificateRequired = _requireClientCertificate,
                    RemoteCertificateValidationCallback = (_, _, _, _) => true,
                }, _stop.Token);
                if (tls.RemoteCertificate != null) lock (_clientCertificates) _clientCertificates.Add(new System.Security.Cryptography.X509Certificates.X509Certificate2(tls.RemoteCertificate));
                stream = tls;
            }

            var request = await RawHttpRequest.ReadAsync(stream, _stop.Token);
            if (request == null) return;
            Interlocked.Increment(ref _requests);
            var response = _respond(request);
            if (response == null)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
                return;
            }

            await stream.WriteAsync(response, _stop.Token);
            await stream.FlushAsync(_stop.Token);
            if (stream is System.Net.Security.SslStream ssl) await ssl.ShutdownAsync();
            client.Client.Shutdown(SocketShutdown.Send);
            await Task.Delay(200, _stop.Token);
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
        }
        catch (SocketException)
        {
        }
        catch (Exception ex)
        {
            // TLS handshake failures and the like: the connection is dropped, the test can look at why.
            LastError = ex;
        }
        finally
        {
            client.Dispose();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_clients) foreach (var client in _clients) client.Dispose();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
