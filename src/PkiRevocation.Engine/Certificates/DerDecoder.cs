using System;
using System.Text;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace PkiRevocation.Certificates
{
    /// <summary>
    /// Decodes the content of primitive DER elements found by <see cref="DerReader"/>, without an ASN.1 object per
    /// value. Accepts what BouncyCastle's decoder accepts in the same places (minimal INTEGER and ENUMERATED, a
    /// one-byte BOOLEAN where any non-zero byte is TRUE) and throws <see cref="FormatException"/> on anything else.
    /// </summary>
    internal static class DerDecoder
    {
        /// <summary>The dotted form of an OBJECT IDENTIFIER ("1.3.6.1.5.5.7.48.1.2").</summary>
        public static string Oid(byte[] buffer, DerElement element)
        {
            if (element.ContentLength == 0) throw new FormatException("Empty OBJECT IDENTIFIER.");
            var end = element.ContentOffset + element.ContentLength;
            if ((buffer[end - 1] & 0x80) != 0) throw new FormatException("Truncated OBJECT IDENTIFIER.");
            var text = new StringBuilder(32);
            long value = 0;
            var first = true;
            for (var i = element.ContentOffset; i < end; i++)
            {
                var b = buffer[i];
                if (value > (long.MaxValue >> 7)) throw new FormatException("OBJECT IDENTIFIER arc too large.");
                value = (value << 7) | (uint)(b & 0x7F);
                if ((b & 0x80) != 0) continue;
                if (first)
                {
                    var top = value < 40 ? 0 : value < 80 ? 1 : 2;
                    text.Append(top).Append('.').Append(value - 40 * top);
                    first = false;
                }
                else
                {
                    text.Append('.').Append(value);
                }

                value = 0;
            }

            return text.ToString();
        }

        /// <summary>Whether the element's content octets are exactly <paramref name="expected"/> (an OID compared without decoding it).</summary>
        public static bool ContentEquals(byte[] buffer, DerElement element, byte[] expected)
        {
            if (element.ContentLength != expected.Length) return false;
            for (var i = 0; i < expected.Length; i++)
                if (buffer[element.ContentOffset + i] != expected[i]) return false;
            return true;
        }

        /// <summary>An INTEGER (two's complement, minimal encoding).</summary>
        public static BcBigInteger Integer(byte[] buffer, DerElement element)
        {
            CheckMinimal(buffer, element, "INTEGER");
            return new BcBigInteger(buffer, element.ContentOffset, element.ContentLength);
        }

        /// <summary>A non-negative ENUMERATED that fits an int (a CRLReason, a status code).</summary>
        public static int Enumerated(byte[] buffer, DerElement element)
        {
            CheckMinimal(buffer, element, "ENUMERATED");
            if ((buffer[element.ContentOffset] & 0x80) != 0) throw new FormatException("Negative ENUMERATED.");
            if (element.ContentLength > 4) throw new FormatException("ENUMERATED too large.");
            var value = 0;
            for (var i = 0; i < element.ContentLength; i++) value = (value << 8) | buffer[element.ContentOffset + i];
            return value;
        }

        /// <summary>A BOOLEAN: one byte, any non-zero value TRUE.</summary>
        public static bool Boolean(byte[] buffer, DerElement element)
        {
            if (element.ContentLength != 1) throw new FormatException("A BOOLEAN is not one byte.");
            return buffer[element.ContentOffset] != 0;
        }

        /// <summary>The one element, of tag <paramref name="tag"/>, that <paramref name="content"/> holds (an EXPLICIT tag's content, say).</summary>
        public static DerElement Sole(DerReader content, int tag, string what)
        {
            var element = content.Read(tag);
            if (content.HasData) throw new FormatException($"Unexpected data after the {what}.");
            return element;
        }

        /// <summary>
        /// A GeneralizedTime as OCSP responders send it: YYYYMMDDHHMMSSZ, optionally with one to seven digits of
        /// fractional seconds after a '.' (the precision of a DateTime, and what BouncyCastle accepted). Other forms
        /// (no seconds, a local time or an offset, a ',' separator) are not the DER RFC 6960 requires and are
        /// refused. The value is UTC.
        /// </summary>
        public static DateTime GeneralizedTime(byte[] buffer, DerElement element)
        {
            if (element.Tag != DerTag.GeneralizedTime) throw new FormatException($"Expected a GeneralizedTime, found tag 0x{element.Tag:X2}.");
            var p = element.ContentOffset;
            var length = element.ContentLength;
            if (length < 15 || buffer[p + length - 1] != (byte)'Z') throw BadTime(buffer, element);
            var year = Digits(buffer, p, 4);
            var month = Digits(buffer, p + 4, 2);
            var day = Digits(buffer, p + 6, 2);
            var hour = Digits(buffer, p + 8, 2);
            var minute = Digits(buffer, p + 10, 2);
            var second = Digits(buffer, p + 12, 2);
            long ticks = 0;
            if (length > 15)
            {
                var fractionDigits = length - 16;
                if (buffer[p + 14] != (byte)'.' || fractionDigits < 1 || fractionDigits > 7) throw BadTime(buffer, element);
                ticks = Digits(buffer, p + 15, fractionDigits);
                if (ticks < 0) throw BadTime(buffer, element);
                for (var i = fractionDigits; i < 7; i++) ticks *= 10;
            }

            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
                throw BadTime(buffer, element);
            return new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(ticks);
        }

        private static void CheckMinimal(byte[] buffer, DerElement element, string type)
        {
            if (element.ContentLength == 0) throw new FormatException($"Empty {type}.");
            if (element.ContentLength == 1) return;
            var first = buffer[element.ContentOffset];
            var second = buffer[element.ContentOffset + 1] & 0x80;
            if ((first == 0 && second == 0) || (first == 0xFF && second != 0)) throw new FormatException($"{type} not minimally encoded.");
        }

        /// <summary>The decimal value of <paramref name="count"/> ASCII digits (at most 9), or -1 when one is not a digit.</summary>
        private static int Digits(byte[] buffer, int offset, int count)
        {
            var value = 0;
            for (var i = offset; i < offset + count; i++)
            {
                var digit = buffer[i] - '0';
                if (digit < 0 || digit > 9) return -1;
                value = value * 10 + digit;
            }

            return value;
        }

        private static FormatException BadTime(byte[] buffer, DerElement element)
        {
            var chars = new char[Math.Min(element.ContentLength, 40)];
            for (var i = 0; i < chars.Length; i++)
            {
                var b = buffer[element.ContentOffset + i];
                chars[i] = b >= 0x20 && b < 0x7F ? (char)b : '?';
            }

            return new FormatException($"'{new string(chars)}' is not a GeneralizedTime YYYYMMDDHHMMSS[.fffffff]Z.");
        }
    }
}
