using System;

namespace PkiRevocation.Crl
{
    /// <summary>Tolerances for CRL freshness.</summary>
    internal sealed class CrlValidationOptions
    {
        /// <summary>Allowed clock difference on thisUpdate and nextUpdate.</summary>
        public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>How long a CRL without nextUpdate is taken as fresh after its thisUpdate.</summary>
        public TimeSpan MaxAgeWithoutNextUpdate { get; set; } = TimeSpan.FromDays(7);

        /// <summary>A CRL whose thisUpdate is older than this at the reference time is stale, even before its nextUpdate; null: no limit.</summary>
        public TimeSpan? MaxCrlAge { get; set; }
    }
}
