namespace PkiRevocation.TestSupport;

/// <summary>
/// A real directory server on 127.0.0.1: Debian slapd (package slapd) in the foreground with a generated slapd.conf,
/// either plain LDAP with StartTLS presenting a generated certificate (<see cref="Start"/>), or a directory holding
/// entries (<see cref="StartDirectory"/>, e.g. an <see cref="AdCsDirectory"/>). Runs as the current user (root in CI containers).
/// </summary>
public sealed class LdapPeer : IDisposable
{
    private readonly ExternalProcess _process;

    private LdapPeer(ExternalProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>ldap://127.0.0.1:port (StartTLS).</summary>
    public string Endpoint => $"ldap://127.0.0.1:{Port}";

    public string Output => _process.Output;

    /// <summary>Starts slapd presenting <paramref name="certificate"/> and its issuers (the root too with <paramref name="includeRoot"/>).</summary>
    public static LdapPeer Start(TestCertificate certificate, string directory, bool includeRoot = false)
    {
        var folder = Directory.CreateDirectory(System.IO.Path.Combine(directory, "slapd-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var cert = certificate.WriteChainPem(System.IO.Path.Combine(folder, "server.pem"), includeRoot);
        var key = certificate.WriteKeyPem(System.IO.Path.Combine(folder, "server.key"));
        var conf = System.IO.Path.Combine(folder, "slapd.conf");
        File.WriteAllText(conf, string.Join("\n",
            "include /etc/ldap/schema/core.schema",
            $"pidfile {System.IO.Path.Combine(folder, "slapd.pid")}",
            $"argsfile {System.IO.Path.Combine(folder, "slapd.args")}",
            $"TLSCertificateFile {cert}",
            $"TLSCertificateKeyFile {key}",
            ""));
        var port = FreePort.Next();
        // -d 0 keeps slapd in the foreground (killed with the test) without debug output.
        var process = ExternalProcess.StartListening(port, Tools.Slapd, new[] { "-d", "0", "-f", conf, "-h", $"ldap://127.0.0.1:{port}/" }, folder);
        return new LdapPeer(process, port);
    }

    /// <summary>
    /// Starts slapd on 127.0.0.1:<paramref name="port"/> (plain LDAP, anonymous reads) with an mdb database for
    /// <paramref name="suffix"/> loaded with <paramref name="entries"/> (slapadd before start), core and cosine schemas.
    /// </summary>
    public static LdapPeer StartDirectory(string directory, int port, string suffix, IEnumerable<LdapEntry> entries)
    {
        var folder = Directory.CreateDirectory(System.IO.Path.Combine(directory, "slapd-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var data = Directory.CreateDirectory(System.IO.Path.Combine(folder, "db")).FullName;
        var conf = System.IO.Path.Combine(folder, "slapd.conf");
        File.WriteAllText(conf, string.Join("\n",
            "include /etc/ldap/schema/core.schema",
            "include /etc/ldap/schema/cosine.schema",
            $"pidfile {System.IO.Path.Combine(folder, "slapd.pid")}",
            $"argsfile {System.IO.Path.Combine(folder, "slapd.args")}",
            "modulepath /usr/lib/ldap",
            "moduleload back_mdb",
            "database mdb",
            $"suffix \"{suffix}\"",
            $"rootdn \"CN=admin,{suffix}\"",
            $"directory {data}",
            "maxsize 67108864",
            ""));
        var ldif = System.IO.Path.Combine(folder, "data.ldif");
        File.WriteAllText(ldif, string.Join("\n", entries.Select(e => e.ToLdif())));
        ExternalProcess.Run(Tools.Slapadd, new[] { "-f", conf, "-l", ldif }, folder);
        var process = ExternalProcess.StartListening(port, Tools.Slapd, new[] { "-d", "0", "-f", conf, "-h", $"ldap://127.0.0.1:{port}/" }, folder);
        return new LdapPeer(process, port);
    }

    public void Dispose() => _process.Dispose();
}
