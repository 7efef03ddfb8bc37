namespace PkiRevocation.TestSupport;

/// <summary>Where the real peers live. Debian paths: .ci/run installs them.</summary>
public static class Tools
{
    public const string OpenSsl = "openssl";

    /// <summary>Debian's python3, which sees python3-aiosmtpd (a pyenv python on PATH would not).</summary>
    public static string DebianPython => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public static string Slapd => File.Exists("/usr/sbin/slapd") ? "/usr/sbin/slapd" : "slapd";

    public static string Slapadd => File.Exists("/usr/sbin/slapadd") ? "/usr/sbin/slapadd" : "slapadd";

    /// <summary>The repository root (the folder holding PkiRevocation.sln).</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "PkiRevocation.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root from " + AppContext.BaseDirectory);
        }
    }

    /// <summary>shared/corpora beside the checkout (../shared), or beside a folder above it (a clone in a sub-folder of the workplace).</summary>
    public static string Corpora
    {
        get
        {
            for (var dir = Directory.GetParent(RepoRoot); dir != null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "corpora");
                if (Directory.Exists(candidate)) return candidate;
            }

            return Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "corpora"));
        }
    }
}
