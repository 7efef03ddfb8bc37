using System;
using System.Globalization;

namespace PkiRevocation.Configuration
{
    /// <summary>Helpers for reference times given by users (-At, --at).</summary>
    public static class ReferenceTime
    {
        /// <summary>Resolves an optional reference time against a clock, as UTC.</summary>
        public static DateTime Resolve(DateTime? at, IClock clock) => at.HasValue ? ToUtc(at.Value) : clock.UtcNow;

        /// <summary>Unspecified kinds are taken as UTC (what an ISO-8601 time without offset means in our files and CLI).</summary>
        public static DateTime ToUtc(DateTime value) => value.Kind switch
        {
            DateTimeKind.Utc => value,
            DateTimeKind.Local => value.ToUniversalTime(),
            _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        };

        /// <summary>Parses ISO-8601 text ("2026-11-21", "2026-11-21T10:00:00Z", "2026-11-21T12:00:00+02:00"); no offset means UTC.</summary>
        public static bool TryParse(string? text, out DateTime utc)
        {
            utc = default;
            if (string.IsNullOrWhiteSpace(text)) return false;
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var value))
                return false;
            utc = value.UtcDateTime;
            return true;
        }
    }
}
