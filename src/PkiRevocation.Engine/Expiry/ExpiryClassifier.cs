using System;

namespace PkiRevocation.Expiry
{
    /// <summary>
    /// The expiry decision. RFC 5280 4.1.2.5: a certificate is valid from notBefore through notAfter, both
    /// inclusive, to the second. Expiring means valid now with notAfter no later than the window's end.
    /// </summary>
    public static class ExpiryClassifier
    {
        public const int DefaultWindowDays = 30;

        public static ExpiryStatus Classify(DateTime notBefore, DateTime notAfter, DateTime at, int windowDays = DefaultWindowDays)
        {
            // Certificate times have whole seconds; so does the decision (x509-limbo rfc5280::validity::*-fractional).
            at = TruncateToSecond(at);
            if (at < notBefore) return ExpiryStatus.NotYetValid;
            if (at > notAfter) return ExpiryStatus.Expired;
            // In ticks, capped: at.AddDays(windowDays) throws past year 9999 ("Value to add was out of range").
            var window = Math.Min(Math.Max(windowDays, 0), 3_660_000L) * TimeSpan.TicksPerDay;
            return notAfter.Ticks - at.Ticks <= window ? ExpiryStatus.Expiring : ExpiryStatus.Valid;
        }

        public static DateTime TruncateToSecond(DateTime value) => new DateTime(value.Ticks - value.Ticks % TimeSpan.TicksPerSecond, value.Kind);

        /// <summary>Whole days from the reference time to notAfter, rounded down: 0 on the last day, negative once expired.</summary>
        public static int DaysRemaining(DateTime notAfter, DateTime at) => (int)Math.Floor((notAfter - at).TotalDays);

        /// <summary>True for what needs attention: expired, expiring within the window, or not yet valid.</summary>
        public static bool IsFinding(ExpiryStatus status) => status != ExpiryStatus.Valid;
    }
}
