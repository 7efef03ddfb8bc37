using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PkiRevocation.Expiry;

namespace PkiRevocation.Sessions
{
    /// <summary>
    /// The enterprise parameter "Certificate Revocation and Expiry" as it applies to long-lived sessions. Persisted per
    /// scope in sessions.json; the CurrentUser settings, when present, win over the AllUsers ones.
    /// </summary>
    public sealed class SessionCheckSettings
    {
        public static readonly TimeSpan DefaultValidityCheckFrequency = TimeSpan.FromDays(1);
        public static readonly TimeSpan DefaultMinimumSessionAge = TimeSpan.FromHours(6);

        /// <summary>The longest ValidityCheckFrequency and MinimumSessionAge: ten years.</summary>
        public static readonly TimeSpan MaximumDuration = TimeSpan.FromDays(3650);

        /// <summary>"Certificate Validity Check": when false, expiry is not verified for long-lived sessions.</summary>
        public bool CertificateValidityCheck { get; set; } = true;

        /// <summary>"Validity Check Frequency": how often a session is checked when no revocation policy interval applies.</summary>
        public TimeSpan ValidityCheckFrequency { get; set; } = DefaultValidityCheckFrequency;

        /// <summary>Sessions younger than this are not long-lived and are skipped (six hours by default).</summary>
        public TimeSpan MinimumSessionAge { get; set; } = DefaultMinimumSessionAge;

        /// <summary>The revocation policy to check with; null or empty: revocation is not checked. Its CheckInterval wins over ValidityCheckFrequency.</summary>
        public string? RevocationPolicy { get; set; }

        /// <summary>The kinds of session revocation applies to: LDAP and IPsec by default; CTI (or Other) can be added.</summary>
        public SessionKind[] Kinds { get; set; } = { SessionKind.Ldap, SessionKind.IPsec };

        /// <summary>A valid certificate that expires within this many days gets RecommendedAction Renegotiate.</summary>
        public int ExpiringWithinDays { get; set; } = ExpiryClassifier.DefaultWindowDays;

        /// <summary>Every reason these settings cannot be used, each naming the setting; empty when they are fine.</summary>
        public IReadOnlyList<string> Validate()
        {
            var errors = new List<string>();
            if (ValidityCheckFrequency <= TimeSpan.Zero || ValidityCheckFrequency > MaximumDuration)
                errors.Add($"ValidityCheckFrequency must be longer than zero and at most {Format(MaximumDuration)} (got {Format(ValidityCheckFrequency)}).");
            if (MinimumSessionAge < TimeSpan.Zero || MinimumSessionAge > MaximumDuration)
                errors.Add($"MinimumSessionAge must be from zero to {Format(MaximumDuration)} (got {Format(MinimumSessionAge)}).");
            if (RevocationPolicy != null && RevocationPolicy.Trim().Length == 0)
                errors.Add("RevocationPolicy must be a policy name, or unset to turn revocation checks off.");
            if (Kinds == null)
                errors.Add("Kinds must be a list of session kinds (Cti, Ldap, IPsec, Other); use an empty list for none.");
            else
                foreach (var kind in Kinds.Where(k => !Enum.IsDefined(typeof(SessionKind), k)))
                    errors.Add($"Kinds holds '{(int)kind}', which is not a session kind (Cti, Ldap, IPsec, Other).");
            if (ExpiringWithinDays < 0 || ExpiringWithinDays > 36500)
                errors.Add($"ExpiringWithinDays must be between 0 and 36500 (got {ExpiringWithinDays}).");
            return errors;
        }

        /// <summary>True when a revocation policy is named and the kind is one revocation applies to.</summary>
        public bool RevocationAppliesTo(SessionKind kind) =>
            !string.IsNullOrWhiteSpace(RevocationPolicy) && Kinds != null && Array.IndexOf(Kinds, kind) >= 0;

        public SessionCheckSettings Clone() => new SessionCheckSettings
        {
            CertificateValidityCheck = CertificateValidityCheck,
            ValidityCheckFrequency = ValidityCheckFrequency,
            MinimumSessionAge = MinimumSessionAge,
            RevocationPolicy = RevocationPolicy,
            Kinds = (Kinds ?? Array.Empty<SessionKind>()).ToArray(),
            ExpiringWithinDays = ExpiringWithinDays,
        };

        private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
    }
}
