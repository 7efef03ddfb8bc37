namespace PkiRevocation.Certificates
{
    /// <summary>One violation of the RFC 5280 time rules, with the field and the exact text that was encoded.</summary>
    public sealed class TimeEncodingViolation
    {
        public TimeEncodingViolation(string field, TimeEncodingViolationKind kind, string encoded)
        {
            Field = field;
            Kind = kind;
            Encoded = encoded;
        }

        /// <summary>notBefore, notAfter, thisUpdate, nextUpdate, revocationDate …</summary>
        public string Field { get; }

        public TimeEncodingViolationKind Kind { get; }

        /// <summary>The time as encoded, with its ASN.1 type: "GeneralizedTime 20301231235959.5Z".</summary>
        public string Encoded { get; }

        public string Message => Kind switch
        {
            TimeEncodingViolationKind.NotGmt => "not in GMT (must end in Z)",
            TimeEncodingViolationKind.MissingSeconds => "seconds missing",
            TimeEncodingViolationKind.FractionalSeconds => "fractional seconds present",
            TimeEncodingViolationKind.GeneralizedTimeBefore2050 => "GeneralizedTime used before 2050 (UTCTime required)",
            _ => "malformed time",
        };

        public override string ToString() => $"{Field}: {Message} ({Encoded})";
    }
}
