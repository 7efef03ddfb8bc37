using System;
using System.Formats.Asn1;
using System.Runtime.CompilerServices;

namespace PkiRevocation.Certificates
{
    /// <summary>
    /// A forward-only reader of TLVs over a byte array, without allocating per element: the one place the engine reads
    /// ASN.1 headers. Each header is read by System.Formats.Asn1 (<see cref="AsnDecoder.TryReadEncodedValue"/>, the
    /// reader .NET's own X.509 code uses) under the encoding rules the caller names; content stays in place, so callers
    /// see the exact encoding (time formats, signed bytes) and walk very large structures (CRLs) without an object per
    /// entry. Throws <see cref="FormatException"/> on anything the rules refuse (under DER: indefinite or non-minimal
    /// lengths), on elements that run past their container, and on tag numbers above 30, which no structure read here uses.
    /// </summary>
    internal struct DerReader
    {
        private readonly byte[] _buffer;
        private readonly int _end;
        private readonly AsnEncodingRules _rules;
        private int _position;

        public DerReader(byte[] buffer, AsnEncodingRules rules) : this(buffer, 0, buffer.Length, rules) { }

        public DerReader(byte[] buffer, int offset, int length, AsnEncodingRules rules)
        {
            if (offset < 0 || length < 0 || offset + length > buffer.Length) throw new ArgumentOutOfRangeException(nameof(length));
            _buffer = buffer;
            _position = offset;
            _end = offset + length;
            _rules = rules;
        }

        public byte[] Buffer => _buffer;

        public int Position => _position;

        public bool HasData => _position < _end;

        /// <summary>The tag byte of the next element, or -1 at the end.</summary>
        public int PeekTag() => _position < _end ? _buffer[_position] : -1;

        /// <summary>Reads the next element's header and skips its content. Returns the element.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public DerElement Read()
        {
            var element = ReadElement(_buffer, _position, _end, _rules);
            _position = element.End;
            return element;
        }

        /// <summary>Reads the next element, which must carry <paramref name="tag"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public DerElement Read(int tag)
        {
            var element = Read();
            if (element.Tag != tag) throw new FormatException($"Expected DER tag 0x{tag:X2} at offset {element.Offset}, found 0x{element.Tag:X2}.");
            return element;
        }

        /// <summary>Reads the next element if it carries <paramref name="tag"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryRead(int tag, out DerElement element)
        {
            if (PeekTag() == tag)
            {
                element = Read();
                return true;
            }

            element = default;
            return false;
        }

        /// <summary>A reader over the content of a constructed element, under the same rules.</summary>
        public DerReader Enter(DerElement element) => new DerReader(_buffer, element.ContentOffset, element.ContentLength, _rules);

        /// <summary>The element that starts at <paramref name="position"/> and must end by <paramref name="end"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static DerElement ReadElement(byte[] buffer, int position, int end, AsnEncodingRules rules)
        {
            var source = new ReadOnlySpan<byte>(buffer, position, end - position);
            if (!AsnDecoder.TryReadEncodedValue(source, rules, out _, out var contentOffset, out var contentLength, out var consumed))
                throw new FormatException(source.Length < 2
                    ? $"Truncated {rules} at offset {position}."
                    : $"The element at offset {position} is not well-formed {rules} or runs past its container.");
            int tag = buffer[position];
            if ((tag & 0x1F) == 0x1F) throw new FormatException($"Multi-byte tags are not supported (offset {position}).");
            return new DerElement(tag, position, position + contentOffset, contentLength, position + consumed);
        }
    }

    /// <summary>One element: its tag byte and where its header and content sit in the buffer.</summary>
    internal readonly struct DerElement
    {
        public DerElement(int tag, int offset, int contentOffset, int contentLength, int end)
        {
            Tag = tag;
            Offset = offset;
            ContentOffset = contentOffset;
            ContentLength = contentLength;
            End = end;
        }

        public int Tag { get; }

        public int Offset { get; }

        public int ContentOffset { get; }

        public int ContentLength { get; }

        /// <summary>Just past the element (past its end-of-contents octets, for an indefinite length under BER).</summary>
        public int End { get; }

        public int TotalLength => End - Offset;

        /// <summary>The whole element, header included: what <see cref="AsnDecoder"/>'s value readers take.</summary>
        public ReadOnlySpan<byte> Encoded(byte[] buffer) => new ReadOnlySpan<byte>(buffer, Offset, TotalLength);

        /// <summary>The content octets.</summary>
        public ReadOnlySpan<byte> Content(byte[] buffer) => new ReadOnlySpan<byte>(buffer, ContentOffset, ContentLength);

        public byte[] ToArray(byte[] buffer) => Encoded(buffer).ToArray();

        public byte[] ContentToArray(byte[] buffer) => Content(buffer).ToArray();
    }

    /// <summary>Universal tags used by the engine, as identifier octets.</summary>
    internal static class DerTag
    {
        public const int Boolean = 0x01;
        public const int Integer = 0x02;
        public const int BitString = 0x03;
        public const int OctetString = 0x04;
        public const int Null = 0x05;
        public const int ObjectIdentifier = 0x06;
        public const int Enumerated = 0x0A;
        public const int UtcTime = 0x17;
        public const int GeneralizedTime = 0x18;
        public const int Sequence = 0x30;
        public const int Set = 0x31;

        public static int ContextConstructed(int number) => 0xA0 | number;

        public static int ContextPrimitive(int number) => 0x80 | number;
    }
}
