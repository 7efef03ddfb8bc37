namespace PkiRevocation.Diagnostics
{
    /// <summary>
    /// The ranges of the numbers both front ends take (seconds to wait, requests at once, days ahead): the cmdlets
    /// declare them in ValidateRange, pkirev checks its options against them, and the engine refuses what lies outside.
    /// </summary>
    public static class InputRanges
    {
        public const int MinTimeoutSeconds = 1;
        public const int MaxTimeoutSeconds = 600;
        public const int MinThrottleLimit = 1;
        public const int MaxThrottleLimit = 64;
        public const int MinWithinDays = 0;
        public const int MaxWithinDays = 36500;

        /// <summary>Null when <paramref name="value"/> is within [min, max]; otherwise the message saying what is allowed.</summary>
        public static string? Check(string name, long value, long min, long max, string unit) =>
            value >= min && value <= max ? null : $"{name} {value} is out of range: give {min} to {max} {unit}.";
    }
}
