using System;
using System.Globalization;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;

namespace PkiRevocation.Sessions
{
    /// <summary>
    /// A session handed over as loose fields (an Import-Csv row, calculated properties): Kind and EstablishedAt arrive as
    /// text or typed values and are parsed here, so a value that means nothing is refused by name instead of becoming
    /// Kind Other (never checked for revocation) or a missing time.
    /// </summary>
    public static class SessionInput
    {
        /// <summary>
        /// The session the fields describe, or a SessionInvalid failure naming the session and the field. An empty Kind is
        /// Other; <paramref name="establishedAt"/> may be a DateTime, a DateTimeOffset or text (round-trip, invariant, or
        /// <paramref name="culture"/>, as Export-Csv writes it); without an offset it is UTC, as everywhere in the engine.
        /// </summary>
        public static Outcome<LongLivedSession> Parse(string? name, object? kind, object? establishedAt, string? endpoint,
            string? pinnedCertificate, string[]? pinnedIssuers, CultureInfo? culture = null)
        {
            var session = new LongLivedSession
            {
                Name = name ?? "",
                Endpoint = endpoint,
                PinnedCertificate = pinnedCertificate,
                PinnedIssuers = pinnedIssuers ?? Array.Empty<string>(),
            };
            var label = string.IsNullOrWhiteSpace(name) ? (string.IsNullOrWhiteSpace(endpoint) ? "(unnamed)" : endpoint) : $"'{name}'";

            if (!TryKind(kind, out var parsedKind))
                return Invalid(session, $"The session {label} has the Kind '{kind}', which is not a session kind (use Cti, Ldap, IPsec or Other).");
            session.Kind = parsedKind;

            if (!TryTime(establishedAt, culture ?? CultureInfo.CurrentCulture, out var time))
                return Invalid(session, $"The session {label} has the EstablishedAt '{establishedAt}', which is not a date and time.");
            session.EstablishedAt = time;
            return Outcome<LongLivedSession>.Success(session);
        }

        private static bool TryKind(object? value, out SessionKind kind)
        {
            kind = SessionKind.Other;
            if (value is SessionKind typed)
            {
                kind = typed;
                return Enum.IsDefined(typeof(SessionKind), typed);
            }

            var text = value?.ToString()?.Trim() ?? "";
            if (text.Length == 0) return true;
            // Names only: Enum.TryParse would also take "7" or "1,2".
            foreach (var name in Enum.GetNames(typeof(SessionKind)))
            {
                if (!string.Equals(name, text, StringComparison.OrdinalIgnoreCase)) continue;
                kind = (SessionKind)Enum.Parse(typeof(SessionKind), name);
                return true;
            }

            return false;
        }

        private static bool TryTime(object? value, CultureInfo culture, out DateTime time)
        {
            time = default;
            switch (value)
            {
                case null:
                    return true;
                case DateTime dateTime:
                    time = dateTime == default ? default : ReferenceTime.ToUtc(dateTime);
                    return true;
                case DateTimeOffset offset:
                    time = offset.UtcDateTime;
                    return true;
            }

            var text = value.ToString()?.Trim() ?? "";
            if (text.Length == 0) return true;
            if (ReferenceTime.TryParse(text, out time)) return true;
            const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
            if (!DateTime.TryParse(text, culture, styles, out var parsed)) return false;
            time = DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
            return true;
        }

        private static InputFailure Invalid(LongLivedSession session, string message) =>
            new InputFailure(session.ToString(), ErrorIds.SessionInvalid, FailureKind.InvalidArgument, message, null, session);
    }
}
