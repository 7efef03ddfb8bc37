using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;

namespace PkiRevocation.Ocsp
{
    /// <summary>
    /// OCSP over HTTP (RFC 6960 Appendix A): POST application/ocsp-request, or GET with the base64 request in the
    /// path when short. Per transport configuration (proxy, client certificate) one HttpClient built from
    /// <see cref="EngineEnvironment.HttpHandlerFactory"/> for responders that keep connections alive (HTTP/1.1), and
    /// one that opens a connection per request for the others (HTTP/1.0, like OpenSSL's responder). Redirects are reported, never followed; bodies
    /// over 1 MiB are refused; the timeout bounds connect and the whole exchange.
    /// </summary>
    internal sealed class OcspTransport
    {
        public const string RequestContentType = "application/ocsp-request";
        public const string ResponseContentType = "application/ocsp-response";

        /// <summary>RFC 6960 A.1: GET is for requests whose encoding is "less than 255 bytes".</summary>
        public const int MaxGetRequestBytes = 254;

        private readonly Func<HttpMessageHandler> _handlerFactory;
        private readonly ConcurrentDictionary<string, bool> _persistent = new ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, Lazy<ClientEntry>> _clients = new ConcurrentDictionary<string, Lazy<ClientEntry>>();

        public OcspTransport(Func<HttpMessageHandler> handlerFactory)
        {
            _handlerFactory = handlerFactory;
        }

        public static bool CanUseGet(byte[] request) => request.Length <= MaxGetRequestBytes;

        public async Task<OcspExchange> SendAsync(Uri uri, byte[] request, bool get, TimeSpan timeout, Uri? proxy, X509Certificate2? clientCertificate, CancellationToken cancellationToken)
        {
            var client = Client(uri, proxy, clientCertificate, out var note);
            using (var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeoutSource.CancelAfter(timeout);
                var token = timeoutSource.Token;
                try
                {
                    var authority = uri.GetLeftPart(UriPartial.Authority);
                    using (var message = Message(uri, request, get))
                    {
                        // Keep-alive only with responders that showed they do HTTP/1.1 persistent connections (see Create).
                        if (!_persistent.ContainsKey(authority)) message.Headers.ConnectionClose = true;
                    using (var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false))
                    {
                        if (response.Version >= HttpVersion.Version11 && response.Headers.ConnectionClose != true) _persistent.TryAdd(authority, true);
                        var status = (int)response.StatusCode;
                        if (status >= 300 && status < 400)
                        {
                            var location = response.Headers.Location?.ToString() ?? "(no Location)";
                            return Failed(OcspFailureReason.HttpError, $"HTTP {status} redirect to {location} from {uri} (redirects are not followed).", note);
                        }

                        if (status != 200)
                            return Failed(OcspFailureReason.HttpError, $"HTTP {status} {response.ReasonPhrase} from {uri}.", note);

                        var length = response.Content.Headers.ContentLength;
                        if (length.HasValue && length.Value > OcspResponseParser.MaxResponseBytes)
                            return Failed(OcspFailureReason.HttpError, $"{uri} announced a {length.Value}-byte body; at most {OcspResponseParser.MaxResponseBytes} bytes are accepted.", note);

                        var body = await ReadLimitedAsync(response.Content, token).ConfigureAwait(false);
                        if (body == null)
                            return Failed(OcspFailureReason.HttpError, $"{uri} sent a body larger than {OcspResponseParser.MaxResponseBytes} bytes (refused).", note);

                        var type = response.Content.Headers.ContentType?.MediaType;
                        var detail = $"HTTP 200, {body.Length} bytes" + (string.Equals(type, ResponseContentType, StringComparison.OrdinalIgnoreCase) ? "." : $", Content-Type {type ?? "(none)"} instead of {ResponseContentType}.");
                        return new OcspExchange { Body = body, Detail = note + detail };
                    }
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (OperationCanceledException ex)
                {
                    return Failed(OcspFailureReason.Timeout, $"{uri} did not answer within {timeout.TotalSeconds:0.###} s ({ex.GetType().Name}).", note);
                }
                catch (HttpRequestException ex)
                {
                    if (timeoutSource.IsCancellationRequested)
                        return Failed(OcspFailureReason.Timeout, $"{uri} did not answer within {timeout.TotalSeconds:0.###} s.", note);
                    return Failed(OcspFailureReason.ResponderUnreachable, $"{uri} is unreachable: {Describe(ex)}", note);
                }
                catch (IOException ex)
                {
                    if (timeoutSource.IsCancellationRequested)
                        return Failed(OcspFailureReason.Timeout, $"{uri} did not answer within {timeout.TotalSeconds:0.###} s.", note);
                    return Failed(OcspFailureReason.ResponderUnreachable, $"The exchange with {uri} failed: {Describe(ex)}", note);
                }
                catch (SocketException ex)
                {
                    return Failed(OcspFailureReason.ResponderUnreachable, $"{uri} is unreachable: {ex.Message}", note);
                }
                catch (InvalidOperationException ex)
                {
                    return Failed(OcspFailureReason.ResponderUnreachable, $"Cannot send to {uri}: {ex.Message}", note);
                }
            }
        }

        private static HttpRequestMessage Message(Uri uri, byte[] request, bool get)
        {
            HttpRequestMessage message;
            if (get)
            {
                var text = uri.AbsoluteUri;
                if (!text.EndsWith("/", StringComparison.Ordinal)) text += "/";
                message = new HttpRequestMessage(HttpMethod.Get, new Uri(text + Uri.EscapeDataString(Convert.ToBase64String(request))));
            }
            else
            {
                message = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(request) };
                message.Content.Headers.ContentType = new MediaTypeHeaderValue(RequestContentType);
            }

            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ResponseContentType));
            return message;
        }

        /// <summary>The body, or null when it exceeds the limit.</summary>
        private static async Task<byte[]?> ReadLimitedAsync(HttpContent content, CancellationToken token)
        {
            using (var stream = await content.ReadAsStreamAsync().ConfigureAwait(false))
            using (token.Register(() => stream.Dispose()))
            using (var buffer = new MemoryStream())
            {
                var chunk = new byte[16384];
                while (true)
                {
                    int read;
                    try
                    {
                        read = await stream.ReadAsync(chunk, 0, chunk.Length, token).ConfigureAwait(false);
                    }
                    catch (ObjectDisposedException) when (token.IsCancellationRequested)
                    {
                        throw new OperationCanceledException(token);
                    }

                    if (read == 0) return buffer.ToArray();
                    if (buffer.Length + read > OcspResponseParser.MaxResponseBytes) return null;
                    buffer.Write(chunk, 0, read);
                }
            }
        }

        private HttpClient Client(Uri authorityUri, Uri? proxy, X509Certificate2? clientCertificate, out string note)
        {
            var key = (proxy?.AbsoluteUri ?? "system") + "|" + (clientCertificate?.Thumbprint ?? "");
            var entry = _clients.GetOrAdd(key, _ => new Lazy<ClientEntry>(() => new ClientEntry(() => Create(proxy, clientCertificate, false), () => Create(proxy, clientCertificate, true)), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
            var persistent = _persistent.ContainsKey(authorityUri.GetLeftPart(UriPartial.Authority));
            var (client, configured) = persistent ? entry.Persistent.Value : entry.OneShot.Value;
            note = configured ? "" : "The injected HTTP handler cannot take a proxy or client certificate; sent without. ";
            return client;
        }

        /// <summary>
        /// A client over a new handler from the factory. The one-shot kind never reuses a connection: .NET pools
        /// connections after HTTP/1.0 answers that the server then closes (OpenSSL's responder does exactly that),
        /// which fails the next request and leaves spare idle connections that hang a single-threaded responder.
        /// A responder that answers HTTP/1.1 keep-alive is moved to the persistent (pooled, keep-alive) kind.
        /// </summary>
        private (HttpClient, bool) Create(Uri? proxy, X509Certificate2? clientCertificate, bool persistent)
        {
            var handler = _handlerFactory();
            var configured = proxy == null && clientCertificate == null;
            if (handler is HttpClientHandler http)
            {
                http.AllowAutoRedirect = false;
                if (proxy != null)
                {
                    http.Proxy = new WebProxy(proxy);
                    http.UseProxy = true;
                }

                if (clientCertificate != null)
                {
                    http.ClientCertificateOptions = ClientCertificateOption.Manual;
                    http.ClientCertificates.Add(clientCertificate);
                }

                configured = true;
            }

            if (!persistent) DisablePooling(handler);
            return (new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan }, configured);
        }

        /// <summary>Sets PooledConnectionLifetime = 0 on a SocketsHttpHandler, directly or under an HttpClientHandler (.NET Core). Best effort.</summary>
        private static void DisablePooling(HttpMessageHandler handler)
        {
            try
            {
                object target = handler;
                var property = target.GetType().GetProperty("PooledConnectionLifetime");
                if (property == null)
                {
                    var field = typeof(HttpClientHandler).GetField("_underlyingHandler", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)
                                ?? typeof(HttpClientHandler).GetField("_socketsHttpHandler", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance);
                    var inner = handler is HttpClientHandler ? field?.GetValue(handler) : null;
                    if (inner == null) return;
                    target = inner;
                    property = target.GetType().GetProperty("PooledConnectionLifetime");
                }

                if (property != null && property.CanWrite && property.PropertyType == typeof(TimeSpan)) property.SetValue(target, TimeSpan.Zero);
            }
            catch (Exception ex) when (ex is System.Reflection.TargetInvocationException || ex is MemberAccessException || ex is ArgumentException || ex is InvalidOperationException)
            {
                // Pooling stays on; requests still carry "Connection: close".
            }
        }

        private sealed class ClientEntry
        {
            public ClientEntry(Func<(HttpClient, bool)> oneShot, Func<(HttpClient, bool)> persistent)
            {
                OneShot = new Lazy<(HttpClient, bool)>(oneShot, LazyThreadSafetyMode.ExecutionAndPublication);
                Persistent = new Lazy<(HttpClient, bool)>(persistent, LazyThreadSafetyMode.ExecutionAndPublication);
            }

            public Lazy<(HttpClient, bool)> OneShot { get; }

            public Lazy<(HttpClient, bool)> Persistent { get; }
        }

        private static OcspExchange Failed(OcspFailureReason reason, string message, string note) =>
            new OcspExchange { Failure = reason, Message = message, Detail = note + message };

        private static string Describe(Exception ex)
        {
            var text = ex.Message;
            for (var inner = ex.InnerException; inner != null; inner = inner.InnerException)
                if (!text.Contains(inner.Message)) text += " " + inner.Message;
            return text;
        }
    }
}
