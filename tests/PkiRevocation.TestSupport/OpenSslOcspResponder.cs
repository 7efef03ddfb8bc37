namespace PkiRevocation.TestSupport;

/// <summary>
/// OpenSSL's OCSP responder (`openssl ocsp -index … -port …`) on a free port of 127.0.0.1, signing with
/// <c>signer</c> (the CA itself or a delegated responder) for certificates of <c>ca</c>. Killed when disposed.
/// </summary>
public sealed class OpenSslOcspResponder : IDisposable
{
    private readonly ExternalProcess _process;

    private OpenSslOcspResponder(ExternalProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/";

    public string Output => _process.Output;

    /// <summary>
    /// Starts the responder. <paramref name="nextUpdateMinutes"/> sets nextUpdate (-nmin); null leaves it out.
    /// <paramref name="extraArguments"/> go to openssl as they are (-resp_key_id, -resp_no_certs, -multi 2...).
    /// </summary>
    public static OpenSslOcspResponder Start(string directory, TestCertificate ca, TestCertificate signer, OcspIndex index,
        int? nextUpdateMinutes = null, int? port = null, params string[] extraArguments)
    {
        var name = Guid.NewGuid().ToString("N")[..8];
        var indexPath = index.Write(Path.Combine(directory, $"index-{name}.txt"));
        var caPath = ca.WritePem(Path.Combine(directory, $"ca-{name}.pem"));
        var signerPath = signer.WritePem(Path.Combine(directory, $"signer-{name}.pem"));
        var keyPath = signer.WriteKeyPem(Path.Combine(directory, $"signer-{name}.key"));
        var chosen = port ?? FreePort.Next();
        var arguments = new List<string>
        {
            "ocsp", "-index", indexPath, "-port", chosen.ToString(), "-rsigner", signerPath, "-rkey", keyPath, "-CA", caPath, "-ignore_err",
        };
        if (nextUpdateMinutes.HasValue) arguments.AddRange(["-nmin", nextUpdateMinutes.Value.ToString()]);
        arguments.AddRange(extraArguments);
        var process = ExternalProcess.Start(Tools.OpenSsl, arguments, directory);
        try
        {
            WaitUntilAnswering(chosen, TimeSpan.FromSeconds(20), () => process.Output);
            return new OpenSslOcspResponder(process, chosen);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Waits until the responder answers an HTTP request. Not FreePort.WaitUntilListening: OpenSSL 3.0's responder
    /// hangs for good on a connection that closes without sending anything.
    /// </summary>
    public static void WaitUntilAnswering(int port, TimeSpan timeout, Func<string>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                client.Connect(System.Net.IPAddress.Loopback, port);
                client.ReceiveTimeout = 5000;
                var stream = client.GetStream();
                stream.Write("GET / HTTP/1.0\r\n\r\n"u8);
                var buffer = new byte[4096];
                var total = 0;
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0) total += read;
                if (total > 0) return;
            }
            catch (System.Net.Sockets.SocketException)
            {
            }
            catch (IOException)
            {
            }

            Thread.Sleep(50);
        }

        throw new TimeoutException($"The OCSP responder on 127.0.0.1:{port} did not answer within {timeout}. {diagnostics?.Invoke()}");
    }

    public void Dispose() => _process.Dispose();
}
