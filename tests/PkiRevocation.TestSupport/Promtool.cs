using System.Diagnostics;
using System.Text;

namespace PkiRevocation.TestSupport;

/// <summary>Prometheus's promtool (Debian's prometheus package, which .ci/run installs): parses and lints metrics text.</summary>
public static class Promtool
{
    public static string Path => File.Exists("/usr/bin/promtool") ? "/usr/bin/promtool" : "promtool";

    /// <summary>promtool check metrics on <paramref name="text"/>: its exit code and everything it said (empty when all is well).</summary>
    public static (int ExitCode, string Output) CheckMetrics(string text)
    {
        var info = new ProcessStartInfo(Path) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("check");
        info.ArgumentList.Add("metrics");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start promtool.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.BaseStream.Write(new UTF8Encoding(false).GetBytes(text));
        process.StandardInput.Close();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("promtool check metrics did not finish.");
        }

        return (process.ExitCode, (stdout.Result + stderr.Result).Trim());
    }
}
