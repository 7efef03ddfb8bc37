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
using PkiRevocation.Net;

namespace PkiRevocation.Ocsp
{
    /// <summary>
    /// OCSP over HTTP (RFC 6960 Appendix A): POST application/ocsp-request, or GET with the base64 request in the
    /// path when short. Plain http:// responders that no proxy applies to are asked through the engine's own HTTP/1.1
    /// client (<see cref="PlainHttpClient"/>: keep-alive with HTTP/1.1 servers that allow it, a connection per request
    /// with HTTP/1.0 ones like OpenSSL's responder). HTTPS, a proxy (given or the system's) or an injected handler
    /// (<see cref="EngineEnvironment.HttpHandlerFactory"/>) go through HttpClient. Either way redirects are reported,
    /// never followed; bodies over 1 MiB are refused; the timeout bounds connect and the whole exchange.
    /// </summary>
    internal sealed class OcspTransport
    {
        public const string RequestContentType = "application/ocsp-request";
        public const string ResponseContentType = "application/ocsp-response";

        /// <summary>RFC 6960 A.1: GET is for requests whose encoding is "less than 255 bytes".</summary>
        public const int MaxGetRequestBytes = 254;

        private readonly Func<HttpMessageHandler> _handlerFactory;
        private readonly PlainHttpClient? _plain;
        // Whether the system proxy routes a responder, asked once per scheme, host and port (not once per exchange).
        private readonly ConcurrentDictionary<string, bool> _systemProxy = new ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, bool> _persistent = new ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, Lazy<(HttpClient, bool)>> _clients = new ConcurrentDictionary<string, Lazy<(HttpClient, bool)>>();

        public OcspTransport(EngineEnvironment environment)
        {
            _handlerFactory = environment.HttpHandlerFactory;
            _plain = environment.HttpHandlerInjected ? null : new PlainHttpClient(environment.Tcp, OcspResponseParser.MaxResponseBytes);
        }

        public static bool CanUseGet(byte[] request) => request.Length <= MaxGetRequestBytes;

        /// <summary>One exchange, on the calling thread (blocking): callers run exchanges on threads of their own.</summary>
        public OcspExchange Send(Uri uri, byte[] request, bool get, TimeSpan timeout, Uri? proxy, X509Certificate2? clientCertificate, CancellationToken cancellationToken) =>
            _plain != null && proxy == null && string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase) && !_systemProxy.GetOrAdd(uri.GetLeftPart(UriPartial.Authority), _ => SystemProxyApplies(uri))
                ? SendPlain(_plain, uri, request, get, timeout, cancellationToken)
                : SendHttpClientAsync(uri, request, get, timeout, proxy, clientCertificate, cancellationToken).GetAwaiter().GetResult();

        /// <summary>Does the system proxy (environment variables, or the Windows Internet settings) route this URI? Unknown counts as yes: HttpClient then decides.</summary>
        private static bool SystemProxyApplies(Uri uri)
        {
            try
            {
                var system = WebRequest.DefaultWebProxy;
                if (system == null || system.IsBypassed(uri)) return false;
                var route = system.GetProxy(uri);
                return route != null && route != uri;
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is NotSupportedException || ex is System.Security.SecurityException)
            {
                return true;
            }
        }

        private static OcspExchange SendPlain(PlainHttpClient client, Uri uri, byte[] request, bool get, TimeSpan timeout, CancellationToken cancellationToken)
        {
            using (var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeoutSource.CancelAfter(timeout);
                try
                {
                    var response = get
                        ? client.Send(uri, "GET", GetTarget(uri.PathAndQuery, request), null, null, ResponseContentType, timeout, timeoutSource.Token)
                        : client.Send(uri, "POST", uri.PathAndQuery, RequestContentType, request, ResponseContentType, timeout, timeoutSource.Token);
                    return Judge(uri, response.Version, response.Status, response.Reason, response.Location, response.ContentLength, response.Body, response.ContentType, "");
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (OperationCanceledException ex)
                {
                    return Failed(OcspFailureReason.Timeout, $"{uri} did not answer within {timeout.TotalSeconds:0.###} s ({ex.GetType().Name}).", "");
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut)
                {
                    return Failed(OcspFailureReason.Timeout, $"{uri} did not answer within {timeout.TotalSeconds:0.###} s.", "");
                }
                catch (SocketException ex)
                {
                    return Failed(OcspFailureReason.ResponderUnreachable, $"{uri} is unreachable: {ex.Message}", "");
                }
                catch (IOException ex) when (ex.InnerException is SocketException inner && inner.SocketErrorCode == SocketError.TimedOut)
                {
                    return Failed(OcspFailureReason.Timeout, $"{uri} did not answer within {timeout.TotalSeconds:0.###} s.", "");
                }
                catch (ProtocolViolationException ex)
                {
                    return Failed(OcspFailureReason.HttpError, $"{uri} did not answer in HTTP: {ex.Message}", "");
                }
                catch (IOException ex)
                {
                    return Failed(OcspFailureReason.ResponderUnreachable, $"The exchange with {uri} failed: {Describe(ex)}", "");
                }
            }
        }

        /// <summary>The same verdicts on an HTTP answer whichever client received it.</summary>
        private static OcspExchange Judge(Uri uri, string version, int status, string reason, string? location, long? length, byte[]? body, string? type, string note)
        {
            if (status >= 300 && status < 400)
                return Failed(OcspFailureReason.HttpError, $"HTTP {status} redirect to {location ?? "(no Location)"} from {uri} (redirects are not followed).", note);
            if (status != 200)
                return Failed(OcspFailureReason.HttpError, $"HTTP {status} {reason} from {uri}.", note);
            if (length.HasValue && length.Value > OcspResponseParser.MaxResponseBytes)
                return Failed(OcspFailureReason.HttpError, $"{uri} announced a {length.Value}-byte body; at most {OcspResponseParser.MaxResponseBytes} bytes are accepted.", note);
            if (body == null)
                return Failed(OcspFailureReason.HttpError, $"{uri} sent a body larger than {OcspResponseParser.MaxResponseBytes} bytes (refused).", note);
            var detail = $"HTTP/{version} 200, {body.Length} bytes" + (string.Equals(type, ResponseContentType, StringComparison.OrdinalIgnoreCase) ? "." : $", Content-Type {type ?? "(none)"} instead of {ResponseContentType}.");
            return new OcspExchange { Body = body, Detail = note + detail };
        }

        private async Task<OcspExchange> SendHttpClientAsync(Uri uri, byte[] request, bool get, TimeSpan timeout, Uri? proxy, X509Certificate2? clientCertificate, CancellationToken cancellationToken)
        {
            var client = Client(proxy, clientCertificate, out var note);
            using (var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeoutSource.CancelAfter(timeout);
                var token = timeoutSource.Token;
                try
                {
                    var authority = uri.GetLeftPart(UriPartial.Authority);
                    using (var message = Message(uri, request, get))
                    {
                        // Keep-alive only with responders that showed they do HTTP/1.1 persistent connections.
                        if (!_persistent.ContainsKey(authority)) message.Headers.ConnectionClose = true;
                        using (var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false))
                        {
                            if (response.Version >= HttpVersion.Version11 && response.Headers.ConnectionClose != true) _persistent.TryAdd(authority, true);
                            var status = (int)response.StatusCode;
                            var length = response.Content.Headers.ContentLength;
                            var read = status == 200 && !(length > OcspResponseParser.MaxResponseBytes);
                            var body = read ? await ReadLimitedAsync(response.Content, token).ConfigureAwait(false) : null;
                            var version = response.Version.Major + "." + response.Version.Minor;
                            return Judge(uri, version, status, response.ReasonPhrase ?? "", response.Headers.Location?.ToString(), length, body, response.Content.Headers.ContentType?.MediaType, note);
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

        /// <summary>RFC 6960 A.1 GET: the base64 request, URL-escaped, appended to the responder's path.</summary>
        private static string GetTarget(string path, byte[] request) =>
            (path.EndsWith("/", StringComparison.Ordinal) ? path : path + "/") + Uri.EscapeDataString(Convert.ToBase64String(request));

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

        private HttpClient Client(Uri? proxy, X509Certificate2? clientCertificate, out string note)
        {
            var key = (proxy?.AbsoluteUri ?? "system") + "|" + (clientCertificate?.Thumbprint ?? "");
            var (client, configured) = _clients.GetOrAdd(key, _ => new Lazy<(HttpClient, bool)>(() => Create(proxy, clientCertificate), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
            note = configured ? "" : "The injected HTTP handler cannot take a proxy or client certificate; sent without. ";
            return client;
        }

        /// <summary>
        /// A client over a new handler from the factory. Its requests say "Connection: close" until a responder has
        /// answered HTTP/1.1 keep-alive, so no connection is kept to a server that closes them (HTTP/1.0).
        /// </summary>
        private (HttpClient, bool) Create(Uri? proxy, X509Certificate2? clientCertificate)
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

            return (new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan }, configured);
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
