using System;
using System.Formats.Asn1;
using System.Numerics;

namespace PkiRevocation.Certificates
{
    /// <summary>
    /// The values of primitive elements found by <see cref="DerReader"/>, decoded by System.Formats.Asn1's
    /// <see cref="AsnDecoder"/> under the rules the caller names, without an ASN.1 object per value. Whatever the
    /// platform refuses becomes a <see cref="FormatException"/>, the engine's one exception for bad input.
    /// Times are decoded by <see cref="TimeText"/>.
    /// </summary>
    internal static class DerDecoder
    {
        /// <summary>The dotted form of an OBJECT IDENTIFIER ("1.3.6.1.5.5.7.48.1.2").</summary>
        public static string Oid(byte[] buffer, DerElement element, AsnEncodingRules rules)
        {
            try
            {
                return AsnDecoder.ReadObjectIdentifier(element.Encoded(buffer), rules, out _);
            }
            catch (AsnContentException ex)
            {
                throw new FormatException($"Not an OBJECT IDENTIFIER at offset {element.Offset}: {ex.Message}", ex);
            }
        }

        /// <summary>Whether the element's content octets are exactly <paramref name="expected"/> (an OID compared without decoding it).</summary>
        public static bool ContentEquals(byte[] buffer, DerElement element, byte[] expected) =>
            element.Content(buffer).SequenceEqual(expected);

        /// <summary>An INTEGER (two's complement, minimal encoding).</summary>
        public static BigInteger Integer(byte[] buffer, DerElement element, AsnEncodingRules rules)
        {
            try
            {
                return AsnDecoder.ReadInteger(element.Encoded(buffer), rules, out _);
            }
            catch (AsnContentException ex)
            {
                throw new FormatException($"Not an INTEGER at offset {element.Offset}: {ex.Message}", ex);
            }
        }

        /// <summary>A non-negative ENUMERATED that fits an int (a CRLReason, a status code).</summary>
        public static int Enumerated(byte[] buffer, DerElement element, AsnEncodingRules rules)
        {
            ReadOnlySpan<byte> content;
            try
            {
                content = AsnDecoder.ReadEnumeratedBytes(element.Encoded(buffer), rules, out _);
            }
            catch (AsnContentException ex)
            {
                throw new FormatException($"Not an ENUMERATED at offset {element.Offset}: {ex.Message}", ex);
            }

            if ((content[0] & 0x80) != 0) throw new FormatException("Negative ENUMERATED.");
            if (content.Length > 4) throw new FormatException("ENUMERATED too large.");
            var value = 0;
            foreach (var b in content) value = (value << 8) | b;
            return value;
        }

        /// <summary>A BOOLEAN: one byte; under BER any non-zero value is TRUE, under DER only 0xFF.</summary>
        public static bool Boolean(byte[] buffer, DerElement element, AsnEncodingRules rules)
        {
            try
            {
                return AsnDecoder.ReadBoolean(element.Encoded(buffer), rules, out _);
            }
            catch (AsnContentException ex)
            {
                throw new FormatException($"Not a one-byte BOOLEAN at offset {element.Offset}: {ex.Message}", ex);
            }
        }

        /// <summary>The one element, of tag <paramref name="tag"/>, that <paramref name="content"/> holds (an EXPLICIT tag's content, say).</summary>
        public static DerElement Sole(DerReader content, int tag, string what)
        {
            var element = content.Read(tag);
            if (content.HasData) throw new FormatException($"Unexpected data after the {what}.");
            return element;
        }
    }
}
