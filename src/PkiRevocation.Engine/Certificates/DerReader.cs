using System;

namespace PkiRevocation.Certificates
{
    /// <summary>
    /// A forward-only reader of DER TLVs over a byte array, without allocating per element. Used where we must
    /// see the exact encoding (time formats) or walk very large structures (CRLs) without an object per entry.
    /// Throws <see cref="FormatException"/> on anything that is not well-formed definite-length DER.
    /// </summary>
    internal struct DerReader
    {
        private readonly byte[] _buffer;
        private readonly int _end;
        private int _position;

        public DerReader(byte[] buffer) : this(buffer, 0, buffer.Length) { }

        public DerReader(byte[] buffer, int offset, int length)
        {
            if (offset < 0 || length < 0 || offset + length > buffer.Length) throw new ArgumentOutOfRangeException(nameof(length));
            _buffer = buffer;
            _position = offset;
            _end = offset + length;
        }

        public byte[] Buffer => _buffer;

        public int Position => _position;

        public bool HasData => _position < _end;

        /// <summary>The tag byte of the next element, or -1 at the end.</summary>
        public int PeekTag() => _position < _end ? _buffer[_position] : -1;

        /// <summary>Reads the next element's header and skips its content. Returns the element.</summary>
        public DerElement Read()
        {
            var element = ReadHeader();
            _position = element.ContentOffset + element.ContentLength;
            return element;
        }

        /// <summary>Reads the next element, which must carry <paramref name="tag"/>.</summary>
        public DerElement Read(int tag)
        {
            var element = Read();
            if (element.Tag != tag) throw new FormatException($"Expected DER tag 0x{tag:X2} at offset {element.Offset}, found 0x{element.Tag:X2}.");
            return element;
        }

        /// <summary>Reads the next element if it carries <paramref name="tag"/>.</summary>
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

        /// <summary>A reader over the content of a constructed element.</summary>
        public DerReader Enter(DerElement element) => new DerReader(_buffer, element.ContentOffset, element.ContentLength);

        private DerElement ReadHeader()
        {
            var start = _position;
            if (_end - _position < 2) throw new FormatException($"Truncated DER at offset {start}.");
            int tag = _buffer[_position++];
            if ((tag & 0x1F) == 0x1F) throw new FormatException($"Multi-byte DER tags are not supported (offset {start}).");
            int first = _buffer[_position++];
            long length;
            if (first < 0x80)
            {
                length = first;
            }
            else
            {
                var count = first & 0x7F;
                if (count == 0) throw new FormatException($"Indefinite length is not DER (offset {start}).");
                if (count > 4) throw new FormatException($"DER length too large (offset {start}).");
                if (_end - _position < count) throw new FormatException($"Truncated DER length at offset {start}.");
                length = 0;
                for (var i = 0; i < count; i++) length = (length << 8) | _buffer[_position++];
            }

            if (length > _end - _position) throw new FormatException($"DER element at offset {start} runs past its container.");
            return new DerElement(tag, start, _position, (int)length);
        }
    }

    /// <summary>One DER element: its tag and where its header and content sit in the buffer.</summary>
    internal readonly struct DerElement
    {
        public DerElement(int tag, int offset, int contentOffset, int contentLength)
        {
            Tag = tag;
            Offset = offset;
            ContentOffset = contentOffset;
            ContentLength = contentLength;
        }

        public int Tag { get; }

        public int Offset { get; }

        public int ContentOffset { get; }

        public int ContentLength { get; }

        public int TotalLength => ContentOffset - Offset + ContentLength;

        public byte[] ToArray(byte[] buffer)
        {
            var copy = new byte[TotalLength];
            Array.Copy(buffer, Offset, copy, 0, copy.Length);
            return copy;
        }

        public byte[] ContentToArray(byte[] buffer)
        {
            var copy = new byte[ContentLength];
            Array.Copy(buffer, ContentOffset, copy, 0, copy.Length);
            return copy;
        }
    }

    /// <summary>DER universal tags used by the engine.</summary>
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
