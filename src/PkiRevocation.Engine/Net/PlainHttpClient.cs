using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace PkiRevocation.Net
{
    /// <summary>
    /// HTTP/1.1 (RFC 9112) over plain TCP for small request/response exchanges such as OCSP (RFC 6960 A.1): one request
    /// written in one send, the response framed by Content-Length, chunked transfer coding or the server's close.
    /// Connections are kept for reuse only after an HTTP/1.1 answer that keeps them alive and was read to its exact end;
    /// an HTTP/1.0 server (OpenSSL's responder) gets a connection per request and no idle connection is ever opened in
    /// advance. A kept connection the server has closed meanwhile is detected before anything was received and the
    /// request goes out again on a new one. Redirects are returned, never followed; bodies over the limit are refused
    /// unread. The caller's token bounds everything (connect included): cancelling it aborts the connection.
    /// Over 400 lines because framing, keep-alive and the pool of kept connections share one connection's state (what
    /// was read, whether it may be reused); split, that state would have to travel between files.
    /// </summary>
    /// <remarks>Thread-safe. Proxies and TLS are not handled here: callers use HttpClient for those.</remarks>
    internal sealed class PlainHttpClient : IDisposable
    {
        private const int MaxHeadBytes = 16 * 1024;
        private const int MaxIdlePerServer = 16;
        private static readonly long IdleLimit = Stopwatch.Frequency * 4; // servers commonly drop idle connections after 5 s or more

        private readonly ITcpConnector _tcp;
        private readonly int _maxBodyBytes;
        private readonly ConcurrentDictionary<string, ConcurrentStack<Connection>> _idle = new ConcurrentDictionary<string, ConcurrentStack<Connection>>(StringComparer.OrdinalIgnoreCase);

        public PlainHttpClient(ITcpConnector tcp, int maxBodyBytes)
        {
            _tcp = tcp ?? throw new ArgumentNullException(nameof(tcp));
            _maxBodyBytes = maxBodyBytes;
        }

        /// <summary>
        /// Sends <paramref name="method"/> <paramref name="target"/> (origin form: path and query, escaped) to the http
        /// URI's server and waits for the answer, on the calling thread (blocking I/O: callers run it on their own
        /// threads; per request it costs a fraction of the CPU of asynchronous sockets). Throws SocketException or
        /// IOException for network failures, ProtocolViolationException for a response that is not HTTP,
        /// OperationCanceledException when <paramref name="cancellationToken"/> fires (the caller's deadline). Each
        /// blocking read and write is also bounded by <paramref name="timeout"/>, should closing the connection not end it.
        /// </summary>
        public PlainHttpResponse Send(Uri server, string method, string target, string? contentType, byte[]? content, string accept, TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (!string.Equals(server.Scheme, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase)) throw new ArgumentException($"'{server}' is not an http URI.", nameof(server));
            var host = server.IdnHost;
            var key = host + ":" + server.Port.ToString(CultureInfo.InvariantCulture);
            var message = Encode(method, target, HostHeader(server), contentType, content, accept);

            var stack = _idle.GetOrAdd(key, _ => new ConcurrentStack<Connection>());
            while (stack.TryPop(out var kept))
            {
                if (Stopwatch.GetTimestamp() - kept.IdleSince > IdleLimit)
                {
                    kept.Dispose();
                    continue;
                }

                var reused = Exchange(kept, stack, message, method, reused: true, timeout, cancellationToken);
                if (reused != null) return reused;
            }

            var stream = _tcp.Connect(host, server.Port, cancellationToken);
            var response = Exchange(new Connection(stream), stack, message, method, reused: false, timeout, cancellationToken);
            return response ?? throw new IOException($"{key} closed the connection without answering.");
        }

        public void Dispose()
        {
            foreach (var stack in _idle.Values)
                while (stack.TryPop(out var connection)) connection.Dispose();
        }

        private static string HostHeader(Uri server)
        {
            var host = server.HostNameType == UriHostNameType.IPv6 ? "[" + server.IdnHost + "]" : server.IdnHost;
            return server.IsDefaultPort ? host : host + ":" + server.Port.ToString(CultureInfo.InvariantCulture);
        }

        private static byte[] Encode(string method, string target, string host, string? contentType, byte[]? content, string accept)
        {
            var head = new StringBuilder(256);
            head.Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\nHost: ").Append(host).Append("\r\nAccept: ").Append(accept).Append("\r\n");
            if (content != null)
            {
                if (contentType != null) head.Append("Content-Type: ").Append(contentType).Append("\r\n");
                head.Append("Content-Length: ").Append(content.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
            }

            head.Append("\r\n");
            var headBytes = Encoding.ASCII.GetBytes(head.ToString());
            if (content == null) return headBytes;
            var message = new byte[headBytes.Length + content.Length];
            Buffer.BlockCopy(headBytes, 0, message, 0, headBytes.Length);
            Buffer.BlockCopy(content, 0, message, headBytes.Length, content.Length);
            return message;
        }

        /// <summary>The response; null only when a reused connection turned out closed before anything was received.</summary>
        private PlainHttpResponse? Exchange(Connection connection, ConcurrentStack<Connection> idle, byte[] message, string method, bool reused, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var keep = false;
            PlainHttpResponse? response = null;
            try
            {
                // Blocking calls do not watch tokens: closing the connection is what ends a wait.
                using (cancellationToken.Register(() => connection.Dispose()))
                {
                    if (connection.Stream.CanTimeout)
                        connection.Stream.ReadTimeout = connection.Stream.WriteTimeout = (int)Math.Min(int.MaxValue, Math.Max(1, timeout.TotalMilliseconds));
                    try
                    {
                        connection.Stream.Write(message, 0, message.Length);
                    }
                    catch (Exception ex) when (reused && IsStale(ex, cancellationToken))
                    {
                        return null;
                    }

                    var reader = new ResponseReader(connection, _maxBodyBytes);
                    try
                    {
                        response = reader.Read(method, reused);
                    }
                    catch (Exception ex) when (reused && !reader.Received && IsStale(ex, cancellationToken))
                    {
                        return null;
                    }

                    keep = response != null && reader.Reusable;
                }

                cancellationToken.ThrowIfCancellationRequested();
                return response;
            }
            catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            finally
            {
                if (keep && !cancellationToken.IsCancellationRequested && idle.Count < MaxIdlePerServer)
                {
                    connection.IdleSince = Stopwatch.GetTimestamp();
                    idle.Push(connection);
                }
                else
                {
                    connection.Dispose();
                }
            }
        }

        private static bool IsStale(Exception ex, CancellationToken cancellationToken) =>
            !cancellationToken.IsCancellationRequested && (ex is IOException || ex is SocketException || ex is ObjectDisposedException || ex is StaleConnectionException);

        /// <summary>A reused connection gave end-of-stream before the first byte of a response.</summary>
        private sealed class StaleConnectionException : IOException
        {
            public StaleConnectionException() : base("The connection was closed before a response began.") { }
        }

        private sealed class Connection : IDisposable
        {
            public Connection(Stream stream) => Stream = stream;

            public Stream Stream { get; }

            /// <summary>Bytes received but not consumed are Buffer[Start..End).</summary>
            public byte[] Buffer { get; set; } = new byte[4096];

            public int Start { get; set; }

            public int End { get; set; }

            public long IdleSince { get; set; }

            public void Dispose() => Stream.Dispose();
        }

        /// <summary>Reads one response (skipping interim 1xx answers) from a connection's buffered bytes and stream.</summary>
        private sealed class ResponseReader
        {
            private readonly Connection _connection;
            private readonly int _maxBodyBytes;

            public ResponseReader(Connection connection, int maxBodyBytes)
            {
                _connection = connection;
                _maxBodyBytes = maxBodyBytes;
            }

            /// <summary>At least one byte of a response arrived.</summary>
            public bool Received { get; private set; }

            /// <summary>The response was read to its framed end, nothing follows it, and the server keeps the connection.</summary>
            public bool Reusable { get; private set; }

            public PlainHttpResponse Read(string method, bool reused)
            {
                while (true)
                {
                    var head = ReadHead(reused);
                    var response = new PlainHttpResponse();
                    var headers = ParseHead(head, response);
                    if (response.Status >= 100 && response.Status < 200)
                    {
                        if (response.Status == 101) throw new ProtocolViolationException("The server switched protocols (HTTP 101), which was not asked for.");
                        continue;
                    }

                    var keepAlive = response.Version == "1.1" && !HasToken(headers.Connection, "close");
                    if (method == "HEAD" || response.Status == 204 || response.Status == 304)
                    {
                        response.Body = new byte[0];
                        Reusable = keepAlive && _connection.Start == _connection.End;
                        return response;
                    }

                    if (headers.TransferEncoding != null)
                    {
                        if (!HasToken(headers.TransferEncoding, "chunked")) throw new ProtocolViolationException($"Unsupported Transfer-Encoding '{headers.TransferEncoding}'.");
                        response.Body = ReadChunked();
                        Reusable = keepAlive && response.Body != null && _connection.Start == _connection.End;
                        return response;
                    }

                    if (response.ContentLength.HasValue)
                    {
                        if (response.ContentLength.Value > _maxBodyBytes) return response; // Body null: refused unread
                        response.Body = ReadExact((int)response.ContentLength.Value);
                        Reusable = keepAlive && _connection.Start == _connection.End;
                        return response;
                    }

                    response.Body = ReadToEnd();
                    return response;
                }
            }

            private int Fill()
            {
                var c = _connection;
                if (c.Start > 0 && c.Start == c.End) c.Start = c.End = 0;
                if (c.End == c.Buffer.Length)
                {
                    if (c.Start > 0)
                    {
                        System.Buffer.BlockCopy(c.Buffer, c.Start, c.Buffer, 0, c.End - c.Start);
                        c.End -= c.Start;
                        c.Start = 0;
                    }
                    else
                    {
                        var larger = new byte[c.Buffer.Length * 2];
                        System.Buffer.BlockCopy(c.Buffer, 0, larger, 0, c.End);
                        c.Buffer = larger;
                    }
                }

                var read = c.Stream.Read(c.Buffer, c.End, c.Buffer.Length - c.End);
                if (read > 0) Received = true;
                c.End += read;
                return read;
            }

            /// <summary>The header section (status line and fields, without the blank line), as ASCII.</summary>
            private string ReadHead(bool reused)
            {
                var c = _connection;
                var scanned = c.Start;
                while (true)
                {
                    for (var i = scanned; i < c.End; i++)
                    {
                        if (c.Buffer[i] != (byte)'\n') continue;
                        // A blank line ends the head: "\n\n" or "\n\r\n".
                        var blank = i + 1 < c.End && c.Buffer[i + 1] == (byte)'\n' ? i + 2
                                  : i + 2 < c.End && c.Buffer[i + 1] == (byte)'\r' && c.Buffer[i + 2] == (byte)'\n' ? i + 3 : -1;
                        if (blank < 0) continue;
                        var head = Encoding.ASCII.GetString(c.Buffer, c.Start, i - c.Start);
                        c.Start = blank;
                        return head;
                    }

                    if (c.End - c.Start >= MaxHeadBytes) throw new ProtocolViolationException($"The response header is larger than {MaxHeadBytes} bytes.");
                    var before = c.End - c.Start;
                    var read = Fill();
                    scanned = c.Start + Math.Max(0, before - 2);
                    if (read == 0)
                    {
                        if (before == 0 && reused) throw new StaleConnectionException();
                        throw new IOException(before == 0 ? "The server closed the connection without answering." : "The server closed the connection in the middle of the response header.");
                    }
                }
            }

            private static Fields ParseHead(string head, PlainHttpResponse response)
            {
                var lines = head.Replace("\r\n", "\n").Split('\n');
                var status = lines[0];
                // HTTP-version SP status-code [SP reason-phrase]
                if (status.Length < 12 || !status.StartsWith("HTTP/1.", StringComparison.Ordinal) || status[8] != ' '
                    || !int.TryParse(status.Substring(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code) || (status.Length > 12 && status[12] != ' '))
                    throw new ProtocolViolationException($"Not an HTTP/1.x status line: '{Printable(status)}'.");
                response.Version = status.Substring(5, 3);
                response.Status = code;
                response.Reason = status.Length > 13 ? status.Substring(13).Trim() : "";

                var fields = new Fields();
                for (var i = 1; i < lines.Length; i++)
                {
                    var line = lines[i];
                    var colon = line.IndexOf(':');
                    if (colon <= 0) throw new ProtocolViolationException($"A malformed header line: '{Printable(line)}'.");
                    var name = line.Substring(0, colon).Trim();
                    var value = line.Substring(colon + 1).Trim();
                    switch (name.ToLowerInvariant())
                    {
                        case "content-length":
                            if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || (response.ContentLength.HasValue && response.ContentLength.Value != length))
                                throw new ProtocolViolationException($"An invalid Content-Length '{Printable(value)}'.");
                            response.ContentLength = length;
                            break;
                        case "content-type":
                            var semicolon = value.IndexOf(';');
                            response.ContentType = (semicolon >= 0 ? value.Substring(0, semicolon) : value).Trim();
                            break;
                        case "location":
                            response.Location = value;
                            break;
                        case "connection":
                            fields.Connection = fields.Connection == null ? value : fields.Connection + "," + value;
                            break;
                        case "transfer-encoding":
                            fields.TransferEncoding = fields.TransferEncoding == null ? value : fields.TransferEncoding + "," + value;
                            break;
                    }
                }

                // RFC 9112 6.3: Transfer-Encoding overrides Content-Length.
                if (fields.TransferEncoding != null) response.ContentLength = null;
                return fields;
            }

            private byte[] ReadExact(int length)
            {
                var c = _connection;
                var body = new byte[length];
                var have = Math.Min(length, c.End - c.Start);
                System.Buffer.BlockCopy(c.Buffer, c.Start, body, 0, have);
                c.Start += have;
                while (have < length)
                {
                    var read = c.Stream.Read(body, have, length - have);
                    if (read == 0) throw new IOException($"The server closed the connection after {have} of the {length} bytes it announced.");
                    have += read;
                }

                return body;
            }

            /// <summary>A body delimited by the server closing the connection; null when it exceeds the limit.</summary>
            private byte[]? ReadToEnd()
            {
                var c = _connection;
                using (var body = new MemoryStream())
                {
                    while (true)
                    {
                        body.Write(c.Buffer, c.Start, c.End - c.Start);
                        c.Start = c.End = 0;
                        if (body.Length > _maxBodyBytes) return null;
                        if (Fill() == 0) return body.ToArray();
                    }
                }
            }

            /// <summary>A chunked body (RFC 9112 7.1), trailers skipped; null when it exceeds the limit.</summary>
            private byte[]? ReadChunked()
            {
                using (var body = new MemoryStream())
                {
                    while (true)
                    {
                        var line = ReadLine();
                        var semicolon = line.IndexOf(';');
                        var sizeText = (semicolon >= 0 ? line.Substring(0, semicolon) : line).Trim();
                        if (sizeText.Length == 0 || sizeText.Length > 8 || !int.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
                            throw new ProtocolViolationException($"An invalid chunk size '{Printable(line)}'.");
                        if (size == 0) break;
                        if (body.Length + size > _maxBodyBytes) return null;
                        var chunk = ReadExact(size);
                        body.Write(chunk, 0, chunk.Length);
                        if (ReadLine().Length != 0) throw new ProtocolViolationException("A chunk is longer than its size says.");
                    }

                    while (ReadLine().Length != 0)
                    {
                        // trailer fields: not used
                    }

                    return body.ToArray();
                }
            }

            private string ReadLine()
            {
                var c = _connection;
                while (true)
                {
                    for (var i = c.Start; i < c.End; i++)
                    {
                        if (c.Buffer[i] != (byte)'\n') continue;
                        var end = i > c.Start && c.Buffer[i - 1] == (byte)'\r' ? i - 1 : i;
                        var line = Encoding.ASCII.GetString(c.Buffer, c.Start, end - c.Start);
                        c.Start = i + 1;
                        return line;
                    }

                    if (c.End - c.Start >= MaxHeadBytes) throw new ProtocolViolationException($"A chunk-size or trailer line is longer than {MaxHeadBytes} bytes.");
                    if (Fill() == 0) throw new IOException("The server closed the connection in the middle of a chunked body.");
                }
            }

            private static bool HasToken(string? list, string token)
            {
                if (list == null) return false;
                foreach (var part in list.Split(','))
                    if (string.Equals(part.Trim(), token, StringComparison.OrdinalIgnoreCase)) return true;
                return false;
            }

            private static string Printable(string text)
            {
                var shown = text.Length > 80 ? text.Substring(0, 80) + "…" : text;
                var builder = new StringBuilder(shown.Length);
                foreach (var ch in shown) builder.Append(ch >= ' ' && ch < 0x7F || ch == '…' ? ch : '?');
                return builder.ToString();
            }
        }

        private sealed class Fields
        {
            public string? Connection { get; set; }

            public string? TransferEncoding { get; set; }
        }
    }
}
