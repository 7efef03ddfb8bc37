using System;
using System.Globalization;

namespace PkiRevocation.Configuration
{
    /// <summary>
    /// Durations given by users: TimeSpan text ("06:00:00", "1.00:00:00") or a number with a unit: "90s", "30m", "6h",
    /// "1d", "2w" (case-insensitive; decimals allowed, e.g. "1.5h").
    /// </summary>
    public static class DurationText
    {
        public static bool TryParse(string? text, out TimeSpan value)
        {
            value = default;
            if (string.IsNullOrWhiteSpace(text)) return false;
            var trimmed = text!.Trim();
            if (trimmed.IndexOf(':') >= 0)
                return TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out value);

            var unit = char.ToLowerInvariant(trimmed[trimmed.Length - 1]);
            double scale;
            switch (unit)
            {
                case 's': scale = TimeSpan.TicksPerSecond; break;
                case 'm': scale = TimeSpan.TicksPerMinute; break;
                case 'h': scale = TimeSpan.TicksPerHour; break;
                case 'd': scale = TimeSpan.TicksPerDay; break;
                case 'w': scale = TimeSpan.TicksPerDay * 7.0; break;
                default: return false;
            }

            if (!double.TryParse(trimmed.Substring(0, trimmed.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                return false;
            var ticks = number * scale;
            if (double.IsNaN(ticks) || ticks > TimeSpan.MaxValue.Ticks) return false;
            value = TimeSpan.FromTicks((long)ticks);
            return true;
        }

        /// <summary>TimeSpan constant format ("06:00:00", "1.00:00:00"): what the files and --json write.</summary>
        public static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
    }
}
