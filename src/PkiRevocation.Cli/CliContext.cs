using PkiRevocation.Diagnostics;

namespace PkiRevocation.Cli;

/// <summary>What every command writes to and the engine it calls. Tests build one with their own writers and environment.</summary>
public sealed class CliContext
{
    public CliContext(TextWriter output, TextWriter error, Func<PkiEngine>? engineFactory = null)
    {
        Out = output;
        Error = error;
        EngineFactory = engineFactory ?? (() => new PkiEngine());
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public Func<PkiEngine> EngineFactory { get; }

    /// <summary>Set when any input failed; the command's exit code is then at least BadInput unless a finding decides otherwise.</summary>
    public bool HadInputFailure { get; private set; }

    /// <summary>One line on stderr: "pkirev: ErrorId: message". Never a stack trace.</summary>
    public void WriteFailure(InputFailure failure)
    {
        HadInputFailure = true;
        Error.WriteLine($"pkirev: {failure.ErrorId}: {failure.Message}");
    }

    /// <summary>The result of an outcome, or null with its failure written.</summary>
    public T? Read<T>(Outcome<T> outcome) where T : class
    {
        if (!outcome.IsFailure) return outcome.Result;
        WriteFailure(outcome.Failure!);
        return null;
    }

    public void WriteError(string errorId, string message)
    {
        HadInputFailure = true;
        Error.WriteLine($"pkirev: {errorId}: {message}");
    }
}
