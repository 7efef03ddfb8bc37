using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace PkiRevocation.Certificates
{
    /// <summary>
    /// Checks certificate and CRL times against RFC 5280 4.1.2.5 and 5.1.2.4: UTCTime YYMMDDHHMMSSZ for dates
    /// through 2049, GeneralizedTime YYYYMMDDHHMMSSZ from 2050; always GMT (Z), always with seconds, never with
    /// fractional seconds. Reads the raw DER, so it sees what a strict verifier sees.
    /// </summary>
    public static class TimeEncodingChecker
    {
        /// <summary>Decodes and checks the validity period of a DER certificate. Throws FormatException when the DER is not a certificate.</summary>
        public static CertificateValidityTimes CheckCertificate(byte[] certificateDer)
        {
            if (certificateDer == null) throw new ArgumentNullException(nameof(certificateDer));
            var outer = new DerReader(certificateDer);
            var certificate = outer.Read(DerTag.Sequence);
            var inCertificate = outer.Enter(certificate);
            var tbs = inCertificate.Read(DerTag.Sequence);
            var inTbs = inCertificate.Enter(tbs);
            inTbs.TryRead(DerTag.ContextConstructed(0), out _); // version
            inTbs.Read(DerTag.Integer);                       // serialNumber
            inTbs.Read(DerTag.Sequence);                      // signature
            inTbs.Read(DerTag.Sequence);                      // issuer
            var validity = inTbs.Read(DerTag.Sequence);
            var inValidity = inTbs.Enter(validity);
            var notBefore = Decode("notBefore", certificateDer, inValidity.Read());
            var notAfter = Decode("notAfter", certificateDer, inValidity.Read());
            return new CertificateValidityTimes(notBefore, notAfter);
        }

        /// <summary>Decodes one time value: <paramref name="tag"/> is 0x17 (UTCTime) or 0x18 (GeneralizedTime), <paramref name="content"/> its bytes.</summary>
        public static DecodedTime Decode(string field, int tag, byte[] content) => Decode(field, tag, content, 0, content.Length);

        internal static DecodedTime Decode(string field, byte[] buffer, DerElement element) =>
            Decode(field, element.Tag, buffer, element.ContentOffset, element.ContentLength);

        internal static DecodedTime Decode(string field, int tag, byte[] buffer, int offset, int length)
        {
            var text = Encoding.ASCII.GetString(buffer, offset, length);
            var violations = new List<TimeEncodingViolation>(1);
            string typeName;
            if (tag == DerTag.UtcTime) typeName = "UTCTime";
            else if (tag == DerTag.GeneralizedTime) typeName = "GeneralizedTime";
            else
            {
                violations.Add(new TimeEncodingViolation(field, TimeEncodingViolationKind.Malformed, $"tag 0x{tag:X2} {text}"));
                return new DecodedTime(null, violations);
            }

            var encoded = typeName + " " + text;
            void Add(TimeEncodingViolationKind kind) => violations.Add(new TimeEncodingViolation(field, kind, encoded));

            var value = Parse(text, tag == DerTag.GeneralizedTime, out var hadSeconds, out var hadFraction, out var zone);
            if (value == null)
            {
                Add(TimeEncodingViolationKind.Malformed);
                return new DecodedTime(null, violations);
            }

            if (zone != 'Z') Add(TimeEncodingViolationKind.NotGmt);
            if (!hadSeconds) Add(TimeEncodingViolationKind.MissingSeconds);
            if (hadFraction) Add(TimeEncodingViolationKind.FractionalSeconds);
            if (tag == DerTag.GeneralizedTime && value.Value.Year < 2050) Add(TimeEncodingViolationKind.GeneralizedTimeBefore2050);
            return new DecodedTime(value, violations);
        }

        // Lenient parse of both forms, noting what was present: seconds, fraction, zone ('Z', '+', '-' or '\0' for none).
        private static DateTime? Parse(string text, bool generalized, out bool hadSeconds, out bool hadFraction, out char zone)
        {
            hadSeconds = false;
            hadFraction = false;
            zone = '\0';
            var i = 0;
            int year;
            if (generalized)
            {
                if (!Digits(text, ref i, 4, out year)) return null;
            }
            else
            {
                if (!Digits(text, ref i, 2, out var yy)) return null;
                year = yy >= 50 ? 1900 + yy : 2000 + yy;
            }

            if (!Digits(text, ref i, 2, out var month) || !Digits(text, ref i, 2, out var day) || !Digits(text, ref i, 2, out var hour)) return null;
            var minute = 0;
            var second = 0;
            var fraction = 0.0;
            if (i < text.Length && char.IsDigit(text[i]))
            {
                if (!Digits(text, ref i, 2, out minute)) return null;
                if (i < text.Length && char.IsDigit(text[i]))
                {
                    if (!Digits(text, ref i, 2, out second)) return null;
                    hadSeconds = true;
                    if (i < text.Length && (text[i] == '.' || text[i] == ','))
                    {
                        hadFraction = true;
                        var start = ++i;
                        while (i < text.Length && char.IsDigit(text[i])) i++;
                        if (i == start) return null;
                        fraction = double.Parse("0." + text.Substring(start, i - start), CultureInfo.InvariantCulture);
                    }
                }
            }
            else if (!generalized)
            {
                return null; // UTCTime always has minutes
            }

            var offset = TimeSpan.Zero;
            if (i < text.Length)
            {
                zone = text[i];
                if (zone == 'Z')
                {
                    i++;
                }
                else if (zone == '+' || zone == '-')
                {
                    i++;
                    if (!Digits(text, ref i, 2, out var oh) || !Digits(text, ref i, 2, out var om) || oh > 23 || om > 59) return null;
                    offset = new TimeSpan(oh, om, 0);
                    if (zone == '-') offset = -offset;
                }
                else
                {
                    return null;
                }
            }

            if (i != text.Length) return null;
            // Year 0000 is valid GeneralizedTime text but no DateTime (years 1 to 9999): not a usable time, like 31 February.
            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return null;
            var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks((long)(fraction * TimeSpan.TicksPerSecond));
            var ticks = local.Ticks - offset.Ticks; // an offset can move 0001-01-01 or 9999-12-31 out of range
            if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks) return null;
            return new DateTime(ticks, DateTimeKind.Utc);
        }

        private static bool Digits(string text, ref int i, int count, out int value)
        {
            value = 0;
            if (i + count > text.Length) return false;
            for (var k = 0; k < count; k++)
            {
                var c = text[i + k];
                if (c < '0' || c > '9') return false;
                value = value * 10 + (c - '0');
            }

            i += count;
            return true;
        }
    }
}
