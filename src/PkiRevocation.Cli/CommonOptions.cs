using System.CommandLine;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;

namespace PkiRevocation.Cli;

/// <summary>Options every command shares: --at (reference time) and --json.</summary>
public static class CommonOptions
{
    public static Option<string?> At() => new("--at") { Description = "Reference time (ISO-8601, e.g. 2026-11-21T12:00:00Z); decisions are replayed as of then. Default: now." };

    public static Option<bool> Json() => new("--json") { Description = "Write one JSON object per line (camelCase properties, ISO-8601 UTC dates)." };

    /// <summary>Seconds to wait: within InputRanges' timeout range, else the error is written and false returned.</summary>
    public static bool TryTimeout(ParseResult parseResult, Option<int> option, CliContext context, out TimeSpan timeout)
    {
        var seconds = parseResult.GetValue(option);
        timeout = TimeSpan.FromSeconds(seconds);
        return TryInRange(seconds, option.Name, InputRanges.MinTimeoutSeconds, InputRanges.MaxTimeoutSeconds, "seconds", context);
    }

    /// <summary>True when <paramref name="value"/> is absent or within [min, max]; otherwise writes "--option N is out of range: give min to max unit." and returns false.</summary>
    public static bool TryInRange(int? value, string option, int min, int max, string unit, CliContext context)
    {
        var message = value.HasValue ? InputRanges.Check(option, value.Value, min, max, unit) : null;
        if (message == null) return true;
        context.WriteError(ErrorIds.InvalidArgument, message);
        return false;
    }

    /// <summary>Parses --at; on bad text writes the error and returns false.</summary>
    public static bool TryGetAt(ParseResult parseResult, Option<string?> option, CliContext context, out DateTime? at)
    {
        at = null;
        var text = parseResult.GetValue(option);
        if (text == null) return true;
        if (ReferenceTime.TryParse(text, out var value))
        {
            var outOfRange = ReferenceTime.OutOfRange(value);
            if (outOfRange != null)
            {
                context.WriteError(ErrorIds.ReferenceTimeInvalid, $"--at '{text}': {outOfRange}");
                return false;
            }

            at = value;
            return true;
        }

        context.WriteError(ErrorIds.ReferenceTimeInvalid, $"--at '{text}' is not an ISO-8601 time (e.g. 2026-11-21 or 2026-11-21T12:00:00Z).");
        return false;
    }
}
