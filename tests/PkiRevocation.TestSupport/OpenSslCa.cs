using System.Security.Cryptography.X509Certificates;

namespace PkiRevocation.TestSupport;

/// <summary>
/// A real OpenSSL CA in a temp folder (openssl req/ca/crl): issues certificates with CRL distribution points,
/// revokes them, generates CRLs with pinned lastUpdate/nextUpdate and delta CRLs (openssl crl -gendelta).
/// </summary>
public sealed class OpenSslCa
{
    private int _crls;

    public OpenSslCa(string directory, string subject = "/CN=PkiRevocation OpenSSL Test CA", string? crlExtensions = null)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "newcerts"));
        File.WriteAllText(Path.Combine(directory, "index.txt"), "");
        File.WriteAllText(Path.Combine(directory, "serial"), "1000\n");
        File.WriteAllText(Path.Combine(directory, "crlnumber"), "01\n");
        File.WriteAllText(ConfigPath, $$"""
            [ca]
            default_ca = CA_default
            [CA_default]
            dir = .
            database = $dir/index.txt
            new_certs_dir = $dir/newcerts
            certificate = $dir/ca.pem
            private_key = $dir/ca.key
            serial = $dir/serial
            crlnumber = $dir/crlnumber
            default_md = sha256
            default_crl_days = 7
            policy = policy_any
            unique_subject = no
            copy_extensions = none
            crl_extensions = crl_ext
            [policy_any]
            commonName = supplied
            [req]
            distinguished_name = dn
            [dn]
            [v3_ca]
            basicConstraints = critical,CA:true
            keyUsage = critical,keyCertSign,cRLSign
            subjectKeyIdentifier = hash
            [crl_ext]
            authorityKeyIdentifier = keyid
            {{crlExtensions ?? ""}}
            """.Replace("            ", ""));
        Run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
            "-subj", subject, "-days", "7300", "-extensions", "v3_ca", "-config", ConfigPath);
    }

    public string Directory { get; }

    public string ConfigPath => Path.Combine(Directory, "ca.cnf");

    public string CertificatePath => Path.Combine(Directory, "ca.pem");

    public string KeyPath => Path.Combine(Directory, "ca.key");

    public X509Certificate2 Certificate => X509Certificate2.CreateFromPem(File.ReadAllText(CertificatePath));

    /// <summary>
    /// Issues an end-entity certificate named <paramref name="name"/> with the given CRL distribution points and
    /// Freshest CRL URLs (any URI scheme). Returns the PEM path.
    /// </summary>
    public string Issue(string name, IEnumerable<string> crlUrls, IEnumerable<string>? freshestUrls = null, bool ca = false)
    {
        var section = "ext_" + name;
        var lines = new List<string>
        {
            $"[{section}]",
            ca ? "basicConstraints = critical,CA:true" : "basicConstraints = critical,CA:false",
            ca ? "keyUsage = critical,keyCertSign,cRLSign" : "keyUsage = critical,digitalSignature",
            "subjectKeyIdentifier = hash",
            "authorityKeyIdentifier = keyid",
        };
        var crl = crlUrls.ToList();
        if (crl.Count > 0) lines.Add("crlDistributionPoints = " + string.Join(",", crl.Select(u => "URI:" + u)));
        var freshest = freshestUrls?.ToList() ?? new List<string>();
        if (freshest.Count > 0) lines.Add("freshestCRL = " + string.Join(",", freshest.Select(u => "URI:" + u)));
        File.AppendAllText(ConfigPath, "\n" + string.Join("\n", lines) + "\n");
        Run("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
            "-subj", "/CN=" + name, "-config", ConfigPath);
        Run("ca", "-batch", "-config", ConfigPath, "-in", name + ".csr", "-out", name + ".pem", "-extensions", section,
            "-startdate", "20250101000000Z", "-enddate", "20400101000000Z", "-notext");
        return Path.Combine(Directory, name + ".pem");
    }

    public X509Certificate2 Load(string pemPath) => X509Certificate2.CreateFromPem(File.ReadAllText(pemPath));

    /// <summary>openssl ca -revoke with a reason (keyCompromise, certificateHold via -crl_hold, ...).</summary>
    public void Revoke(string pemPath, string reason = "keyCompromise")
    {
        if (reason == "certificateHold") Run("ca", "-config", ConfigPath, "-revoke", pemPath, "-crl_hold", "holdInstructionReject");
        else Run("ca", "-config", ConfigPath, "-revoke", pemPath, "-crl_reason", reason);
    }

    /// <summary>openssl ca -gencrl with pinned times (yyyyMMddHHmmssZ). Returns the PEM path; DER bytes via <see cref="Der"/>.</summary>
    public string GenerateCrl(DateTime lastUpdate, DateTime nextUpdate)
    {
        var name = $"crl{++_crls}.pem";
        Run("ca", "-config", ConfigPath, "-gencrl", "-crl_lastupdate", Time(lastUpdate), "-crl_nextupdate", Time(nextUpdate), "-out", name);
        return Path.Combine(Directory, name);
    }

    /// <summary>openssl crl -gendelta: the delta from <paramref name="basePem"/> to <paramref name="newerPem"/>, signed by the CA.</summary>
    public string GenerateDelta(string basePem, string newerPem)
    {
        var name = $"delta{++_crls}.pem";
        Run("crl", "-in", basePem, "-gendelta", newerPem, "-key", KeyPath, "-sha256", "-out", name);
        return Path.Combine(Directory, name);
    }

    /// <summary>
    /// A delta CRL made by openssl ca -gencrl from a copy of the database in which every certificate on hold is
    /// released (reason removeFromCRL), with deltaCRLIndicator = <paramref name="baseCrlNumber"/>: what a CA
    /// publishes after lifting a hold (openssl crl -gendelta never emits removeFromCRL).
    /// </summary>
    public string GenerateReleaseDelta(int baseCrlNumber, DateTime lastUpdate, DateTime nextUpdate)
    {
        var lines = File.ReadAllLines(Path.Combine(Directory, "index.txt"))
            .Where(l => l.Contains(",holdInstruction", StringComparison.Ordinal))
            .Select(l =>
            {
                var fields = l.Split('\t');
                fields[2] = fields[2].Split(',')[0] + ",removeFromCRL";
                return string.Join("\t", fields);
            });
        File.WriteAllLines(Path.Combine(Directory, "delta-index.txt"), lines);
        var config = File.ReadAllText(ConfigPath)
            .Replace("database = $dir/index.txt", "database = $dir/delta-index.txt")
            .Replace("crl_extensions = crl_ext", "crl_extensions = delta_ext")
            + $"\n[delta_ext]\nauthorityKeyIdentifier = keyid\n2.5.29.27 = critical,DER:02:01:{baseCrlNumber:X2}\n";
        File.WriteAllText(Path.Combine(Directory, "delta.cnf"), config);
        var name = $"delta{++_crls}.pem";
        Run("ca", "-config", Path.Combine(Directory, "delta.cnf"), "-gencrl", "-crl_lastupdate", Time(lastUpdate), "-crl_nextupdate", Time(nextUpdate), "-out", name);
        return Path.Combine(Directory, name);
    }

    /// <summary>The DER of a PEM CRL.</summary>
    public byte[] Der(string pemPath)
    {
        var der = pemPath + ".der";
        Run("crl", "-in", pemPath, "-outform", "DER", "-out", der);
        return File.ReadAllBytes(der);
    }

    public string Run(params string[] arguments) => ExternalProcess.Run(Tools.OpenSsl, arguments, Directory);

    private static string Time(DateTime value) => value.ToUniversalTime().ToString("yyyyMMddHHmmss") + "Z";
}
