using System.Globalization;
using System.Text.RegularExpressions;
using PkiRevocation.Diagnostics;

namespace PkiRevocation.Cli;

/// <summary>
/// Every duration option of pkirev (--check-interval, --max-crl-age, --max-age, --notification-frequency,
/// --validity-check-frequency, --minimum-session-age) is read here: short forms ("90s", "30m", "4h", "7d", "1d12h",
/// "1.5h"), .NET TimeSpan text ("04:00:00", "1.00:00:00") or "0". What no TimeSpan can hold is out of range, never
/// "not a duration" and never an OverflowException; the option's own range is the engine's to check, as for the cmdlets
/// (which bind a TimeSpan), so both front ends give the same answer.
/// </summary>
public static class DurationText
{
    private const string Number = @"\d+(?:\.\d+)?";

    private static readonly Regex Short = new($@"^(?:(?<d>{Number})d)?(?:(?<h>{Number})h)?(?:(?<m>{Number})m)?(?:(?<s>{Number})s)?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>How a text reads as a duration.</summary>
    public enum Reading
    {
        Duration,
        NotADuration,
        OutOfRange,
    }

    /// <summary>Reads <paramref name="text"/>; <paramref name="value"/> is set only for <see cref="Reading.Duration"/>. Negative durations are not durations.</summary>
    public static Reading Read(string? text, out TimeSpan value)
    {
        value = default;
        var trimmed = (text ?? "").Trim();
        if (trimmed == "0") return Reading.Duration;
        var match = Short.Match(trimmed);
        if (trimmed.Length > 0 && match.Success)
        {
            var seconds = Part(match, "d") * 86400 + Part(match, "h") * 3600 + Part(match, "m") * 60 + Part(match, "s");
            if (seconds * TimeSpan.TicksPerSecond >= TimeSpan.MaxValue.Ticks) return Reading.OutOfRange;
            value = TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
            return Reading.Duration;
        }

        if (!trimmed.Contains(':')) return Reading.NotADuration;
        try
        {
            value = TimeSpan.Parse(trimmed, CultureInfo.InvariantCulture);
            return value < TimeSpan.Zero ? Reading.NotADuration : Reading.Duration;
        }
        catch (OverflowException)
        {
            return Reading.OutOfRange;
        }
        catch (FormatException)
        {
            return Reading.NotADuration;
        }
    }

    public static bool TryParse(string? text, out TimeSpan value) => Read(text, out value) == Reading.Duration;

    /// <summary>
    /// The value of a duration option: null when not given; false, with an InvalidArgument line naming the option, when
    /// the text is not a duration or is beyond any TimeSpan (the message gives <paramref name="maximum"/>, the longest
    /// the option takes).
    /// </summary>
    public static bool TryOption(string? text, string option, TimeSpan maximum, CliContext context, out TimeSpan? value)
    {
        value = null;
        if (text == null) return true;
        switch (Read(text, out var parsed))
        {
            case Reading.Duration:
                value = parsed;
                return true;
            case Reading.OutOfRange:
                context.WriteError(ErrorIds.InvalidArgument, $"{option} '{text}' is out of range: give at most {Math.Floor(maximum.TotalDays):0} days.");
                return false;
            default:
                context.WriteError(ErrorIds.InvalidArgument, $"{option} '{text}' is not a duration (e.g. 90s, 30m, 4h, 7d, 1d12h or 04:00:00).");
                return false;
        }
    }

    private static double Part(Match match, string name) => match.Groups[name].Success ? double.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
}
