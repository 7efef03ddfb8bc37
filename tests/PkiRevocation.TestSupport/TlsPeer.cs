namespace PkiRevocation.TestSupport;

/// <summary>A real TLS server on 127.0.0.1: `openssl s_server` presenting a generated certificate (and its issuers).</summary>
public sealed class TlsPeer : IDisposable
{
    private readonly ExternalProcess _process;

    private TlsPeer(ExternalProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>tls://127.0.0.1:port</summary>
    public string Endpoint => $"tls://127.0.0.1:{Port}";

    public string Output => _process.Output;

    /// <summary>Starts s_server with <paramref name="certificate"/>'s key; the issuers (not the root) are sent as the chain.</summary>
    public static TlsPeer Start(TestCertificate certificate, string directory)
    {
        var name = "peer-" + Guid.NewGuid().ToString("N")[..8];
        var cert = certificate.WritePem(System.IO.Path.Combine(directory, name + ".pem"));
        var key = certificate.WriteKeyPem(System.IO.Path.Combine(directory, name + ".key"));
        var arguments = new List<string> { "s_server", "-accept", "127.0.0.1:PORT", "-cert", cert, "-key", key, "-quiet", "-naccept", "1000" };
        if (certificate.Issuer != null)
        {
            var chain = System.IO.Path.Combine(directory, name + "-chain.pem");
            File.WriteAllText(chain, certificate.Issuer.Pem);
            arguments.AddRange(new[] { "-cert_chain", chain });
        }

        var port = FreePort.Next();
        arguments[2] = $"127.0.0.1:{port}";
        return new TlsPeer(ExternalProcess.StartListening(port, Tools.OpenSsl, arguments, directory), port);
    }

    /// <summary>Starts s_server with a certificate and key from files (e.g. issued by openssl ca); <paramref name="chainPem"/> is sent after the leaf.</summary>
    public static TlsPeer Start(string certificatePem, string keyPem, string? chainPem, string directory)
    {
        var port = FreePort.Next();
        var arguments = new List<string> { "s_server", "-accept", $"127.0.0.1:{port}", "-cert", certificatePem, "-key", keyPem, "-quiet", "-naccept", "1000" };
        if (chainPem != null) arguments.AddRange(new[] { "-cert_chain", chainPem });
        return new TlsPeer(ExternalProcess.StartListening(port, Tools.OpenSsl, arguments, directory), port);
    }

    public void Dispose() => _process.Dispose();
}
