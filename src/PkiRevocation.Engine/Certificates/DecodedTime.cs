using System;
using System.Collections.Generic;

namespace PkiRevocation.Certificates
{
    /// <summary>A certificate or CRL time read leniently from its DER text, with every RFC 5280 violation found.</summary>
    public sealed class DecodedTime
    {
        internal DecodedTime(DateTime? value, IReadOnlyList<TimeEncodingViolation> violations)
        {
            Value = value;
            Violations = violations;
        }

        /// <summary>The instant in UTC, or null when the text is not a time at all.</summary>
        public DateTime? Value { get; }

        public IReadOnlyList<TimeEncodingViolation> Violations { get; }
    }
}
