using System;
using System.Globalization;

namespace PkiRevocation.Configuration
{
    /// <summary>Helpers for reference times given by users (-At, --at).</summary>
    public static class ReferenceTime
    {
        /// <summary>The earliest reference time taken (-At, --at): far enough from DateTime.MinValue that no check underflows.</summary>
        public static readonly DateTime Earliest = new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        /// <summary>The latest reference time taken: far enough from DateTime.MaxValue that adding any allowed interval stays representable.</summary>
        public static readonly DateTime Latest = new DateTime(9000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        /// <summary>Null when <paramref name="utc"/> lies between <see cref="Earliest"/> and <see cref="Latest"/>; otherwise why it is refused.</summary>
        public static string? OutOfRange(DateTime utc) =>
            utc >= Earliest && utc < Latest ? null
                : $"The reference time {utc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)} is out of range: give a time from {Earliest:yyyy-MM-dd} to before {Latest:yyyy-MM-dd}.";

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
