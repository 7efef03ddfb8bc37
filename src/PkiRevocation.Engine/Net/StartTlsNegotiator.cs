using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace PkiRevocation.Net
{
    /// <summary>Asks a plain-text server to switch to TLS (LDAP extended operation, SMTP STARTTLS).</summary>
    internal static class StartTlsNegotiator
    {
        private const string LdapStartTlsOid = "1.3.6.1.4.1.1466.20037";

        /// <summary>Returns when the server agreed; throws <see cref="StartTlsRefusedException"/> when it did not.</summary>
        public static Task NegotiateAsync(Stream stream, StartTlsProtocol protocol, CancellationToken cancellationToken) => protocol switch
        {
            StartTlsProtocol.Ldap => LdapAsync(stream, cancellationToken),
            StartTlsProtocol.Smtp => SmtpAsync(stream, cancellationToken),
            _ => Task.CompletedTask,
        };

        private static async Task LdapAsync(Stream stream, CancellationToken cancellationToken)
        {
            // LDAPMessage ::= SEQUENCE { messageID 1, extendedReq [APPLICATION 23] { requestName [0] OID text } }
            var oid = Encoding.ASCII.GetBytes(LdapStartTlsOid);
            var name = Concat(new byte[] { 0x80, (byte)oid.Length }, oid);
            var extended = Concat(new byte[] { 0x77, (byte)name.Length }, name);
            var body = Concat(new byte[] { 0x02, 0x01, 0x01 }, extended);
            var message = Concat(new byte[] { 0x30, (byte)body.Length }, body);
            await stream.WriteAsync(message, 0, message.Length, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);

            var response = await ReadBerMessageAsync(stream, cancellationToken).ConfigureAwait(false);
            var resultCode = LdapExtendedResultCode(response);
            if (resultCode != 0)
                throw new StartTlsRefusedException($"the LDAP server refused StartTLS (resultCode {resultCode})");
        }

        // Finds the resultCode (first ENUMERATED) of the ExtendedResponse [APPLICATION 24] in an LDAPMessage.
        private static int LdapExtendedResultCode(byte[] message)
        {
            var i = 0;
            ReadHeader(message, ref i, out var tag, out _);
            if (tag != 0x30) throw new StartTlsRefusedException("the server's answer is not an LDAP message");
            ReadHeader(message, ref i, out tag, out var length);
            if (tag != 0x02) throw new StartTlsRefusedException("the server's answer is not an LDAP message");
            i += length;
            ReadHeader(message, ref i, out tag, out _);
            if (tag != 0x78) throw new StartTlsRefusedException($"the server answered StartTLS with LDAP operation 0x{tag:X2}, not an extended response");
            ReadHeader(message, ref i, out tag, out length);
            if (tag != 0x0A || length < 1 || length > 4) throw new StartTlsRefusedException("the LDAP extended response has no result code");
            var code = 0;
            for (var k = 0; k < length; k++) code = (code << 8) | message[i + k];
            return code;
        }

        private static void ReadHeader(byte[] data, ref int i, out int tag, out int length)
        {
            if (i + 2 > data.Length) throw new StartTlsRefusedException("the server's LDAP answer is truncated");
            tag = data[i++];
            int first = data[i++];
            if (first < 0x80)
            {
                length = first;
                return;
            }

            var count = first & 0x7F;
            if (count == 0 || count > 3 || i + count > data.Length) throw new StartTlsRefusedException("the server's LDAP answer has a bad length");
            length = 0;
            for (var k = 0; k < count; k++) length = (length << 8) | data[i++];
        }

        private static async Task<byte[]> ReadBerMessageAsync(Stream stream, CancellationToken cancellationToken)
        {
            var header = new byte[2];
            await ReadExactlyAsync(stream, header, 0, 2, cancellationToken).ConfigureAwait(false);
            if (header[0] != 0x30)
                throw new StartTlsRefusedException($"the server's answer is not an LDAP message (first byte 0x{header[0]:X2}); is this an LDAP server?");
            int length;
            byte[] lengthBytes = Array.Empty<byte>();
            if (header[1] < 0x80)
            {
                length = header[1];
            }
            else
            {
                var count = header[1] & 0x7F;
                if (count == 0 || count > 3) throw new StartTlsRefusedException("the server's LDAP answer has a bad length");
                lengthBytes = new byte[count];
                await ReadExactlyAsync(stream, lengthBytes, 0, count, cancellationToken).ConfigureAwait(false);
                length = 0;
                foreach (var b in lengthBytes) length = (length << 8) | b;
            }

            if (length > 64 * 1024) throw new StartTlsRefusedException("the server's LDAP answer is too large");
            var content = new byte[length];
            await ReadExactlyAsync(stream, content, 0, length, cancellationToken).ConfigureAwait(false);
            return Concat(Concat(header, lengthBytes), content);
        }

        private static async Task SmtpAsync(Stream stream, CancellationToken cancellationToken)
        {
            var greeting = await ReadSmtpReplyAsync(stream, cancellationToken).ConfigureAwait(false);
            if (greeting.Code != 220) throw new StartTlsRefusedException($"the SMTP server greeted with '{greeting.Text}'");
            await WriteLineAsync(stream, "EHLO pkirevocation", cancellationToken).ConfigureAwait(false);
            var ehlo = await ReadSmtpReplyAsync(stream, cancellationToken).ConfigureAwait(false);
            if (ehlo.Code != 250) throw new StartTlsRefusedException($"the SMTP server answered EHLO with '{ehlo.Text}'");
            if (ehlo.Text.IndexOf("STARTTLS", StringComparison.OrdinalIgnoreCase) < 0)
                throw new StartTlsRefusedException("the SMTP server does not offer STARTTLS");
            await WriteLineAsync(stream, "STARTTLS", cancellationToken).ConfigureAwait(false);
            var ready = await ReadSmtpReplyAsync(stream, cancellationToken).ConfigureAwait(false);
            if (ready.Code != 220) throw new StartTlsRefusedException($"the SMTP server answered STARTTLS with '{ready.Text}'");
        }

        private static async Task WriteLineAsync(Stream stream, string line, CancellationToken cancellationToken)
        {
            var bytes = Encoding.ASCII.GetBytes(line + "\r\n");
            await stream.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        // Reads a (multi-line) SMTP reply one byte at a time, so no TLS byte that follows is swallowed.
        private static async Task<(int Code, string Text)> ReadSmtpReplyAsync(Stream stream, CancellationToken cancellationToken)
        {
            var all = new StringBuilder();
            var one = new byte[1];
            while (true)
            {
                var line = new StringBuilder();
                while (true)
                {
                    var read = await stream.ReadAsync(one, 0, 1, cancellationToken).ConfigureAwait(false);
                    if (read == 0) throw new StartTlsRefusedException("the SMTP server closed the connection");
                    if (one[0] == '\n') break;
                    if (one[0] != '\r') line.Append((char)one[0]);
                    if (line.Length > 4096) throw new StartTlsRefusedException("the SMTP server sent an over-long line");
                }

                var text = line.ToString();
                all.AppendLine(text);
                if (text.Length < 3 || !int.TryParse(text.Substring(0, 3), out var code))
                    throw new StartTlsRefusedException($"the SMTP server sent '{text}'");
                if (text.Length == 3 || text[3] == ' ') return (code, all.ToString().Trim());
            }
        }

        internal static async Task ReadExactlyAsync(Stream stream, byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            while (count > 0)
            {
                var read = await stream.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
                if (read == 0) throw new StartTlsRefusedException("the server closed the connection");
                offset += read;
                count -= read;
            }
        }

        private static byte[] Concat(byte[] a, byte[] b)
        {
            var result = new byte[a.Length + b.Length];
            Buffer.BlockCopy(a, 0, result, 0, a.Length);
            Buffer.BlockCopy(b, 0, result, a.Length, b.Length);
            return result;
        }
    }

    /// <summary>The server did not agree to switch to TLS.</summary>
    public sealed class StartTlsRefusedException : IOException
    {
        public StartTlsRefusedException(string message) : base(message) { }
    }
}
