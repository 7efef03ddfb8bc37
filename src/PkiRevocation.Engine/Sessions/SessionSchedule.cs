using System;

namespace PkiRevocation.Sessions
{
    /// <summary>
    /// Decides, before any network traffic, what applies to a session and whether it is due.
    /// Revocation applies when a policy is named, the session's kind is in Kinds and the policy is enabled (a policy
    /// that cannot be found still applies: it ends Indeterminate, never NotRevoked). The effective interval is the
    /// policy's CheckInterval when revocation applies ("the interval of the revocation check takes precedence over the
    /// Validity Check Frequency"), ValidityCheckFrequency otherwise.
    /// </summary>
    internal static class SessionSchedule
    {
        public static SessionPlan Plan(LongLivedSession session, SessionCheckSettings settings, SessionRevocationPolicy? policy,
            DateTime? lastCheckedAt, DateTime at, bool force)
        {
            var revocationApplies = settings.RevocationAppliesTo(session.Kind) && (policy == null || policy.Enabled);
            var interval = revocationApplies && policy != null && policy.CheckInterval > TimeSpan.Zero
                ? policy.CheckInterval
                : settings.ValidityCheckFrequency;
            var plan = new SessionPlan { RevocationApplies = revocationApplies, Interval = interval };

            if (!settings.CertificateValidityCheck && !revocationApplies)
            {
                plan.SkipReason = SessionSkipReason.CheckDisabled;
                plan.Detail = "The certificate validity check is off and revocation does not apply to "
                    + (string.IsNullOrWhiteSpace(settings.RevocationPolicy) ? "any session (no revocation policy)."
                        : policy != null && !policy.Enabled ? $"any session (policy '{policy.Name}' is disabled)."
                        : $"{session.Kind} sessions (Kinds: {string.Join(", ", settings.Kinds)}).");
                return plan;
            }

            var age = at - session.EstablishedAt;
            if (age < settings.MinimumSessionAge)
            {
                plan.SkipReason = SessionSkipReason.TooYoung;
                plan.NextCheck = After(session.EstablishedAt, settings.MinimumSessionAge);
                plan.Detail = $"The session is {SessionCheckService.FormatSpan(age)} old, younger than MinimumSessionAge {SessionCheckService.FormatSpan(settings.MinimumSessionAge)}.";
                return plan;
            }

            if (!force && lastCheckedAt.HasValue && at < After(lastCheckedAt.Value, interval))
            {
                plan.SkipReason = SessionSkipReason.NotDue;
                plan.NextCheck = After(lastCheckedAt.Value, interval);
                plan.Detail = $"Checked at {lastCheckedAt.Value:yyyy-MM-dd'T'HH:mm:ss'Z'}; next due at {plan.NextCheck:yyyy-MM-dd'T'HH:mm:ss'Z'} "
                    + $"(every {SessionCheckService.FormatSpan(interval)}, {(revocationApplies && policy != null ? $"policy '{policy.Name}' CheckInterval" : "ValidityCheckFrequency")}).";
            }

            return plan;
        }

        /// <summary><paramref name="time"/> + <paramref name="interval"/>, held at DateTime.MaxValue instead of overflowing.</summary>
        public static DateTime After(DateTime time, TimeSpan interval) =>
            interval > TimeSpan.Zero && time > DateTime.MaxValue - interval ? DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc) : time + interval;
    }

    /// <summary>What applies to one session this run.</summary>
    internal sealed class SessionPlan
    {
        public bool RevocationApplies { get; set; }
        public TimeSpan Interval { get; set; }
        public SessionSkipReason SkipReason { get; set; }
        public DateTime? NextCheck { get; set; }
        public string Detail { get; set; } = "";
    }
}
