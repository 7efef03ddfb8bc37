using System.Text.Json;
using PkiRevocation.TestSupport;

namespace PkiRevocation.Cli.Tests;

/// <summary>
/// pkirev as it ships, run as a process: the NativeAOT binary that <c>dotnet publish src/PkiRevocation.Cli</c> makes for
/// this machine, published once per test run into out/test/pkirev-aot (the ILCompiler step is skipped when nothing changed
/// since the last run), and the JIT build (pkirev.dll beside the tests, run by <c>dotnet</c>) to compare it with.
/// A failed publish fails every test that asks for the binary, with the publish output.
/// </summary>
public static class PublishedPkirev
{
    private static readonly Lazy<(string Path, string Log)> Published = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The published NativeAOT pkirev.</summary>
    public static string NativeAot => Published.Value.Path;

    /// <summary>What dotnet publish printed (warnings included).</summary>
    public static string PublishLog => Published.Value.Log;

    /// <summary>Runs the NativeAOT pkirev with PKIREVOCATION_HOME set to <paramref name="home"/>.</summary>
    public static (int ExitCode, string Out, string Error) RunNativeAot(string home, params string[] args) =>
        ExternalProcess.Capture(NativeAot, args, environment: Environment(home));

    /// <summary>Runs the JIT pkirev (<c>dotnet pkirev.dll</c>) with PKIREVOCATION_HOME set to <paramref name="home"/>.</summary>
    public static (int ExitCode, string Out, string Error) RunJit(string home, params string[] args) =>
        ExternalProcess.Capture("dotnet", [Path.Combine(AppContext.BaseDirectory, "pkirev.dll"), .. args], environment: Environment(home));

    /// <summary>One parsed JSON object per non-empty line of <paramref name="output"/> (the CLI tests' one parser).</summary>
    public static List<JsonElement> JsonLines(string output) => CliRunner.JsonLines(output);

    private static Dictionary<string, string?> Environment(string home) => new() { ["PKIREVOCATION_HOME"] = home };

    private static (string Path, string Log) Publish()
    {
        var output = System.IO.Path.Combine(Tools.RepoRoot, "out", "test", "pkirev-aot");
        if (Directory.Exists(output)) Directory.Delete(output, recursive: true); // a stale pkirev.dll would pass for the binary
        var project = System.IO.Path.Combine(Tools.RepoRoot, "src", "PkiRevocation.Cli", "PkiRevocation.Cli.csproj");
        // No MSBuild node or compiler server may outlive the publish: it would hold the output pipe open.
        var (code, log, error) = ExternalProcess.Capture("dotnet",
            ["publish", project, "-o", output, "-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false"],
            environment: new Dictionary<string, string?> { ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0", ["MSBUILDDISABLENODEREUSE"] = "1" },
            timeout: TimeSpan.FromMinutes(15));
        if (code != 0) throw new InvalidOperationException($"dotnet publish src/PkiRevocation.Cli exited {code}:\n{log}{error}");
        var binary = System.IO.Path.Combine(output, OperatingSystem.IsWindows() ? "pkirev.exe" : "pkirev");
        if (!File.Exists(binary)) throw new InvalidOperationException($"dotnet publish made no {binary}:\n{log}");
        if (File.Exists(System.IO.Path.Combine(output, "pkirev.dll")))
            throw new InvalidOperationException("dotnet publish made pkirev.dll: not a NativeAOT build.");
        return (binary, log + error);
    }
}
