using System.Text.Json;
using PkiRevocation.Configuration;

namespace PkiRevocation.Cli.Tests;

/// <summary>Runs pkirev in-process with captured output, a pinned clock and a temporary PKIREVOCATION_HOME.</summary>
public sealed class CliRunner
{
    private readonly string _home;
    private readonly IClock _clock;

    public CliRunner(string home, DateTime? now = null)
    {
        _home = home;
        _clock = now.HasValue ? new FixedClock(now.Value) : SystemClock.Instance;
    }

    public (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext(output, error, () => new PkiEngine(new EngineEnvironment(clock: _clock, paths: new PkiRevocationPaths(_home))));
        var code = CliApp.RunAsync(args, context).GetAwaiter().GetResult();
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>The objects of --json output: one JSON object per line.</summary>
    public static List<JsonElement> JsonLines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
}
