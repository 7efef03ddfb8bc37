using System.Globalization;
using System.Text.RegularExpressions;

namespace PkiRevocation.Cli;

/// <summary>Durations on the command line: TimeSpan text ("1.00:00:00", "12:00:00") or short forms ("24h", "7d", "30m", "90s", "1d12h").</summary>
public static class DurationText
{
    private static readonly Regex Short = new(@"^(?:(?<d>\d+)d)?(?:(?<h>\d+)h)?(?:(?<m>\d+)m)?(?:(?<s>\d+)s)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0) return false;
        var match = Short.Match(trimmed);
        if (match.Success && match.Length > 0)
        {
            try
            {
                value = TimeSpan.FromDays(Part(match, "d")) + TimeSpan.FromHours(Part(match, "h")) + TimeSpan.FromMinutes(Part(match, "m")) + TimeSpan.FromSeconds(Part(match, "s"));
                return true;
            }
            catch (OverflowException) { return false; }
        }

        return trimmed.Contains(':') && TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out value);
    }

    private static double Part(Match match, string name) => match.Groups[name].Success ? double.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
}
