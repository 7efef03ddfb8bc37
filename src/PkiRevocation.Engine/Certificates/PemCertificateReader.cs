using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.IO;
using System.Text;

namespace PkiRevocation.Certificates
{
    /// <summary>
    /// The certificates of a PEM file, read from its bytes: one pass to find the blocks, one Base64 pass per block into
    /// a reused buffer, no text copy of the file. Repeated certificates share one array (<see cref="DerInterner"/>).
    /// Reads what the earlier string-based reader read, block for block: CERTIFICATE, X509 CERTIFICATE and TRUSTED
    /// CERTIFICATE blocks (of a TRUSTED CERTIFICATE, the certificate without its trust settings), PKCS7 and CERTIFICATE
    /// CHAIN blocks through <c>pkcs7</c>; other blocks (keys, CRLs) are skipped; RFC 1421 headers are skipped; Base64
    /// as <see cref="Convert.FromBase64String(string)"/> takes it (space, tab, CR and LF ignored). Throws
    /// <see cref="FormatException"/> for a block without its END line, bad Base64 or a block that is not DER.
    /// </summary>
    internal static class PemCertificateReader
    {
        private static readonly byte[] BeginMarker = Encoding.ASCII.GetBytes("-----BEGIN ");
        private static readonly byte[] Dashes = Encoding.ASCII.GetBytes("-----");
        private static readonly byte[] EndPrefix = Encoding.ASCII.GetBytes("-----END ");
        private static readonly byte[] BlankLine = Encoding.ASCII.GetBytes("\n\n");
        private static readonly byte[] BlankLineCrLf = Encoding.ASCII.GetBytes("\r\n\r\n");
        /// <summary>How far into a file a BEGIN line makes it PEM.</summary>
        public const int SniffLength = 64 * 1024;

        /// <summary>Whether a BEGIN line starts within the first 64 KiB.</summary>
        public static bool LooksLikePem(ReadOnlySpan<byte> bytes) =>
            bytes.Slice(0, Math.Min(bytes.Length, SniffLength)).IndexOf(BeginMarker) >= 0;

        /// <summary>The certificates of PEM text held in memory.</summary>
        public static List<LoadedCertificate> Read(byte[] text, string source, Func<byte[], IEnumerable<LoadedCertificate>> pkcs7) =>
            Read(new Window(text), source, pkcs7);

        /// <summary>
        /// The certificates of a PEM stream: <paramref name="head"/> (its first bytes, already read), then the rest of
        /// <paramref name="stream"/>. Only the block being read is held, and what was read past it; more than
        /// <paramref name="limit"/> bytes in all throws <see cref="TooLargeException"/>.
        /// </summary>
        public static List<LoadedCertificate> Read(Stream stream, byte[] head, int headLength, long limit, string source, Func<byte[], IEnumerable<LoadedCertificate>> pkcs7) =>
            Read(new Window(stream, head, headLength, limit), source, pkcs7);

        private static List<LoadedCertificate> Read(Window window, string source, Func<byte[], IEnumerable<LoadedCertificate>> pkcs7)
        {
            var result = new List<LoadedCertificate>();
            var interner = new DerInterner();
            var compact = Array.Empty<byte>();
            var decoded = Array.Empty<byte>();
            var index = 0;
            while (true)
            {
                // Everything before index is done with: positions below count from the new start.
                window.Discard(index);
                var begin = window.Find(0, BeginMarker);
                if (begin < 0) break;
                var labelStart = begin + BeginMarker.Length;
                var labelEnd = window.Find(labelStart, Dashes);
                if (labelEnd < 0) break;
                var label = window.Span.Slice(labelStart, labelEnd - labelStart).ToArray();
                var end = FindEndLine(window, labelEnd, label);
                if (end < 0) throw new FormatException($"PEM block '{LabelText(label)}' has no END line");
                if (end < labelEnd + Dashes.Length) throw new FormatException($"PEM block '{LabelText(label)}' ends inside its BEGIN line");
                var body = WithoutHeaders(window.Span.Slice(labelEnd + Dashes.Length, end - labelEnd - Dashes.Length));
                index = end + EndPrefix.Length + label.Length + Dashes.Length;

                switch (Kind(label))
                {
                    case BlockKind.Certificate:
                        var length = DecodeBase64(body, ref compact, ref decoded);
                        result.Add(new LoadedCertificate(interner.Intern(FirstElement(decoded, length)), source, CertificateFormat.Pem));
                        break;
                    case BlockKind.Pkcs7:
                        var size = DecodeBase64(body, ref compact, ref decoded);
                        result.AddRange(pkcs7(new ReadOnlySpan<byte>(decoded, 0, size).ToArray()));
                        break;
                }
            }

            return result;
        }

        private enum BlockKind { Other, Certificate, Pkcs7 }

        private static BlockKind Kind(ReadOnlySpan<byte> label)
        {
            if (Is(label, "CERTIFICATE") || Is(label, "X509 CERTIFICATE") || Is(label, "TRUSTED CERTIFICATE")) return BlockKind.Certificate;
            if (Is(label, "PKCS7") || Is(label, "CERTIFICATE CHAIN")) return BlockKind.Pkcs7;
            return BlockKind.Other;
        }

        private static bool Is(ReadOnlySpan<byte> label, string name)
        {
            if (label.Length != name.Length) return false;
            for (var i = 0; i < name.Length; i++)
                if (label[i] != name[i]) return false;
            return true;
        }

        // "-----END " + label + "-----" from labelEnd on. The earlier reader compared the file as ASCII text, where every
        // byte above 0x7F reads as '?': a label holding such a byte or a '?' is compared that way (no certificate label does).
        private static int FindEndLine(Window window, int from, byte[] label)
        {
            var pattern = new byte[EndPrefix.Length + label.Length + Dashes.Length];
            EndPrefix.CopyTo(pattern, 0);
            label.CopyTo(pattern, EndPrefix.Length);
            Dashes.CopyTo(pattern, EndPrefix.Length + label.Length);
            var plain = true;
            foreach (var b in label) plain &= b < 0x80 && b != (byte)'?';
            if (plain) return window.Find(from, pattern);

            window.ReadToEnd();
            var text = window.Span;
            for (var i = from; i + pattern.Length <= text.Length; i++)
            {
                var match = true;
                for (var j = 0; j < pattern.Length && match; j++) match = AsAscii(text[i + j]) == AsAscii(pattern[j]);
                if (match) return i;
            }

            return -1;
        }

        private static byte AsAscii(byte b) => b < 0x80 ? b : (byte)'?';

        private static string LabelText(ReadOnlySpan<byte> label)
        {
            var chars = new char[label.Length];
            for (var i = 0; i < chars.Length; i++) chars[i] = (char)AsAscii(label[i]);
            return new string(chars);
        }

        // RFC 1421 headers ("Proc-Type: …") end at a blank line; the body is taken from there on, as before.
        private static ReadOnlySpan<byte> WithoutHeaders(ReadOnlySpan<byte> body)
        {
            if (body.IndexOf((byte)':') < 0) return body;
            var blank = body.IndexOf(BlankLine);
            if (blank < 0) blank = body.IndexOf(BlankLineCrLf);
            return blank < 0 ? body : body.Slice(blank);
        }

        /// <summary>Decodes Base64 text, ignoring space, tab, CR and LF as Convert does, into <paramref name="decoded"/>; returns the length.</summary>
        internal static int DecodeBase64(ReadOnlySpan<byte> text, ref byte[] compact, ref byte[] decoded)
        {
            if (compact.Length < text.Length) compact = new byte[Math.Max(text.Length, 2 * compact.Length)];
            var count = 0;
            foreach (var b in text)
                if (b != (byte)' ' && b != (byte)'\n' && b != (byte)'\r' && b != (byte)'\t') compact[count++] = b;
            if (count % 4 != 0) throw BadBase64();
            var needed = count / 4 * 3;
            if (decoded.Length < needed) decoded = new byte[Math.Max(needed, 2 * decoded.Length)];
            if (count == 0) return 0;
            // All but the last quantum in one vectorised pass; the last by hand, because Convert ignores the unused
            // low bits of a padded quantum ("QR==" is "A" to it) where Base64.DecodeFromUtf8 refuses them.
            var head = new ReadOnlySpan<byte>(compact, 0, count - 4);
            if (head.IndexOf((byte)'=') >= 0) throw BadBase64(); // padding only ends the text
            var status = Base64.DecodeFromUtf8(head, decoded, out var consumed, out var written);
            if (status != OperationStatus.Done || consumed != count - 4) throw BadBase64();
            return written + DecodeLastQuantum(compact, count - 4, decoded, written);
        }

        private static int DecodeLastQuantum(byte[] text, int at, byte[] output, int outputAt)
        {
            int a = Sextet(text[at]), b = Sextet(text[at + 1]);
            if (a < 0 || b < 0) throw BadBase64();
            output[outputAt] = (byte)((a << 2) | (b >> 4));
            if (text[at + 2] == (byte)'=')
            {
                if (text[at + 3] != (byte)'=') throw BadBase64();
                return 1;
            }

            var c = Sextet(text[at + 2]);
            if (c < 0) throw BadBase64();
            output[outputAt + 1] = (byte)((b << 4) | (c >> 2));
            if (text[at + 3] == (byte)'=') return 2;
            var d = Sextet(text[at + 3]);
            if (d < 0) throw BadBase64();
            output[outputAt + 2] = (byte)((c << 6) | d);
            return 3;
        }

        private static int Sextet(byte c)
        {
            if (c >= 'A' && c <= 'Z') return c - 'A';
            if (c >= 'a' && c <= 'z') return c - 'a' + 26;
            if (c >= '0' && c <= '9') return c - '0' + 52;
            if (c == '+') return 62;
            if (c == '/') return 63;
            return -1;
        }

        private static FormatException BadBase64() =>
            new FormatException("The input is not a valid Base-64 string as it contains a non-base 64 character, more than two padding characters, or an illegal character among the padding characters.");

        // An OpenSSL TRUSTED CERTIFICATE is the certificate followed by its trust settings: keep the certificate.
        private static ReadOnlySpan<byte> FirstElement(byte[] der, int length)
        {
            var reader = new DerReader(der, 0, length, AsnEncodingRules.DER);
            var element = reader.Read(DerTag.Sequence);
            return new ReadOnlySpan<byte>(der, 0, element.TotalLength);
        }
        /// <summary>Thrown when a PEM stream runs past its limit.</summary>
        internal sealed class TooLargeException : Exception
        {
            public TooLargeException(long limit) : base($"more than {limit} bytes") => Limit = limit;

            public long Limit { get; }
        }

        /// <summary>Reading the stream itself failed (the IOException inside), as opposed to its content being bad.</summary>
        internal sealed class ReadFailedException : Exception
        {
            public ReadFailedException(IOException inner) : base(inner.Message, inner) { }
        }

        /// <summary>
        /// The part of the text not yet done with: bytes from the last <see cref="Discard"/> point to as far as a search
        /// has needed. A search that finds nothing reads on, to the end of the stream if need be (what searching the
        /// whole text found, this finds).
        /// </summary>
        private sealed class Window
        {
            private const int Chunk = 64 * 1024;
            private readonly Stream? _stream;
            private readonly long _limit;
            private byte[] _buffer;
            private int _start;
            private int _end;
            private long _total;
            private bool _atEnd;

            public Window(byte[] text)
            {
                _buffer = text;
                _end = text.Length;
                _atEnd = true;
            }

            public Window(Stream stream, byte[] head, int headLength, long limit)
            {
                _stream = stream;
                _limit = limit;
                _buffer = head.Length > 0 ? head : new byte[Chunk]; // the head's array, grown only when a search needs more
                _end = headLength;
                _total = headLength;
            }

            public ReadOnlySpan<byte> Span => new ReadOnlySpan<byte>(_buffer, _start, _end - _start);

            public void Discard(int count) => _start += count;

            /// <summary>Where <paramref name="value"/> first occurs at or after <paramref name="from"/>, or -1.</summary>
            public int Find(int from, ReadOnlySpan<byte> value)
            {
                var searched = from;
                while (true)
                {
                    var at = Span.Slice(searched).IndexOf(value);
                    if (at >= 0) return searched + at;
                    if (_atEnd) return -1;
                    // A match may straddle what is held and what comes next.
                    searched = Math.Max(from, _end - _start - value.Length + 1);
                    Fill();
                }
            }

            public void ReadToEnd()
            {
                while (!_atEnd) Fill();
            }

            private void Fill()
            {
                if (_start > 0)
                {
                    // Move what is still needed to the front (the block being read is never discarded while it is read).
                    Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                    _end -= _start;
                    _start = 0;
                }

                if (_end == _buffer.Length) Array.Resize(ref _buffer, Math.Max(Chunk, _buffer.Length * 2));
                int read;
                try { read = _stream!.Read(_buffer, _end, _buffer.Length - _end); }
                catch (IOException ex) { throw new ReadFailedException(ex); }
                if (read == 0)
                {
                    _atEnd = true;
                    return;
                }

                _end += read;
                _total += read;
                if (_total > _limit) throw new TooLargeException(_limit);
            }
        }
    }
}
