namespace PkiRevocation.Certificates
{
    /// <summary>How a certificate or CRL time breaks RFC 5280 4.1.2.5 / 5.1.2.4 (GMT, with seconds, no fraction; UTCTime through 2049).</summary>
    public enum TimeEncodingViolationKind
    {
        /// <summary>No trailing Z: local time or an explicit offset instead of GMT.</summary>
        NotGmt,
        /// <summary>Seconds left out (YYMMDDHHMMZ, YYYYMMDDHHMMZ).</summary>
        MissingSeconds,
        /// <summary>Fractional seconds present.</summary>
        FractionalSeconds,
        /// <summary>GeneralizedTime used for a date before 2050, where UTCTime is required.</summary>
        GeneralizedTimeBefore2050,
        /// <summary>Not a time at all: wrong tag, characters or calendar values.</summary>
        Malformed,
    }
}
