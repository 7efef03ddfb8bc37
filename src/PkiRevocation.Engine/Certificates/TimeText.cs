using System;

namespace PkiRevocation.Certificates
{
    /// <summary>
    /// The engine's one decoder of ASN.1 time text (the content octets of a UTCTime or GeneralizedTime). It reads
    /// leniently and reports what the text held (seconds, fraction, decimal mark, zone), so each caller applies its own
    /// rules: <see cref="TimeEncodingChecker"/> reports every RFC 5280 violation, the OCSP parser refuses what is not
    /// DER. The platform's time readers are not used here: they refuse or reinterpret (local time, offsets) exactly the
    /// encodings that have to be reported.
    /// </summary>
    internal readonly struct TimeText
    {
        private TimeText(DateTime? value, bool hasSeconds, int fractionDigits, char decimalMark, char zone)
        {
            Value = value;
            HasSeconds = hasSeconds;
            FractionDigits = fractionDigits;
            DecimalMark = decimalMark;
            Zone = zone;
        }

        /// <summary>The instant in UTC; null when the text is not a time (or no DateTime: year 0000, beyond 9999).</summary>
        public DateTime? Value { get; }

        public bool HasSeconds { get; }

        /// <summary>How many digits of fractional seconds followed the decimal mark (0: no fraction).</summary>
        public int FractionDigits { get; }

        /// <summary>'.' or ',' when there was a fraction, else '\0'.</summary>
        public char DecimalMark { get; }

        /// <summary>'Z', '+', '-', or '\0' when the text gave no zone (a local time).</summary>
        public char Zone { get; }

        /// <summary>
        /// Reads YYMMDDHHMM[SS] (UTCTime, years 50–99 meaning 19xx) or YYYYMMDDHH[MM[SS[(.|,)f+]]] (GeneralizedTime),
        /// then an optional Z or ±HHMM. Fractions count to the tick (seven digits); further digits are dropped.
        /// </summary>
        public static TimeText Parse(ReadOnlySpan<byte> text, bool generalized)
        {
            var i = 0;
            int year;
            if (generalized)
            {
                if (!Digits(text, ref i, 4, out year)) return default;
            }
            else
            {
                if (!Digits(text, ref i, 2, out var yy)) return default;
                year = yy >= 50 ? 1900 + yy : 2000 + yy;
            }

            if (!Digits(text, ref i, 2, out var month) || !Digits(text, ref i, 2, out var day) || !Digits(text, ref i, 2, out var hour)) return default;
            var minute = 0;
            var second = 0;
            var hasSeconds = false;
            var fractionDigits = 0;
            var mark = '\0';
            long fractionTicks = 0;
            if (i < text.Length && IsDigit(text[i]))
            {
                if (!Digits(text, ref i, 2, out minute)) return default;
                if (i < text.Length && IsDigit(text[i]))
                {
                    if (!Digits(text, ref i, 2, out second)) return default;
                    hasSeconds = true;
                    if (i < text.Length && (text[i] == '.' || text[i] == ','))
                    {
                        mark = (char)text[i];
                        var start = ++i;
                        while (i < text.Length && IsDigit(text[i]))
                        {
                            if (i - start < 7) fractionTicks = fractionTicks * 10 + (text[i] - '0');
                            i++;
                        }

                        fractionDigits = i - start;
                        if (fractionDigits == 0) return default;
                        for (var k = fractionDigits; k < 7; k++) fractionTicks *= 10;
                    }
                }
            }
            else if (!generalized)
            {
                return default; // UTCTime always has minutes
            }

            var zone = '\0';
            var offset = TimeSpan.Zero;
            if (i < text.Length)
            {
                zone = (char)text[i];
                if (zone == 'Z')
                {
                    i++;
                }
                else if (zone == '+' || zone == '-')
                {
                    i++;
                    if (!Digits(text, ref i, 2, out var oh) || !Digits(text, ref i, 2, out var om) || oh > 23 || om > 59) return default;
                    offset = new TimeSpan(oh, om, 0);
                    if (zone == '-') offset = -offset;
                }
                else
                {
                    return default;
                }
            }

            if (i != text.Length) return default;
            // Year 0000 is valid GeneralizedTime text but no DateTime (years 1 to 9999): not a usable time, like 31 February.
            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return default;
            var ticks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks + fractionTicks - offset.Ticks;
            // An offset can move 0001-01-01 or 9999-12-31 out of range.
            if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks) return default;
            return new TimeText(new DateTime(ticks, DateTimeKind.Utc), hasSeconds, fractionDigits, mark, zone);
        }

        private static bool IsDigit(byte c) => c >= '0' && c <= '9';

        private static bool Digits(ReadOnlySpan<byte> text, ref int i, int count, out int value)
        {
            value = 0;
            if (i + count > text.Length) return false;
            for (var k = 0; k < count; k++)
            {
                var c = text[i + k];
                if (!IsDigit(c)) return false;
                value = value * 10 + (c - '0');
            }

            i += count;
            return true;
        }
    }
}
