using System.CommandLine;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;

namespace PkiRevocation.Cli;

/// <summary>Options every command shares: --at (reference time) and --json.</summary>
public static class CommonOptions
{
    public static Option<string?> At() => new("--at") { Description = "Reference time (ISO-8601, e.g. 2026-11-21T12:00:00Z); decisions are replayed as of then. Default: now." };

    public static Option<bool> Json() => new("--json") { Description = "Write one JSON object per line (camelCase properties, ISO-8601 UTC dates)." };

    /// <summary>Parses --at; on bad text writes the error and returns false.</summary>
    public static bool TryGetAt(ParseResult parseResult, Option<string?> option, CliContext context, out DateTime? at)
    {
        at = null;
        var text = parseResult.GetValue(option);
        if (text == null) return true;
        if (ReferenceTime.TryParse(text, out var value))
        {
            at = value;
            return true;
        }

        context.WriteError(ErrorIds.ReferenceTimeInvalid, $"--at '{text}' is not an ISO-8601 time (e.g. 2026-11-21 or 2026-11-21T12:00:00Z).");
        return false;
    }
}
