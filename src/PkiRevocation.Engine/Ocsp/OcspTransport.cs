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
    /// path when short. One HttpClient (keep-alive) per transport configuration (proxy, client certificate), built
    /// from <see cref="EngineEnvironment.HttpHandlerFactory"/>. Redirects are reported, never followed; bodies
    /// over 1 MiB are refused; the timeout bounds connect and the whole exchange.
    /// </summary>
    internal sealed class OcspTransport
    {
        public const string RequestContentType = "application/ocsp-request";
        public const string ResponseContentType = "application/ocsp-response";

        /// <summary>RFC 6960 A.1: GET is for requests whose encoding is "less than 255 bytes".</summary>
        public const int MaxGetRequestBytes = 254;

        private readonly Func<HttpMessageHandler> _handlerFactory;
        private readonly ConcurrentDictionary<string, Lazy<ClientEntry>> _clients = new ConcurrentDictionary<string, Lazy<ClientEntry>>();

        public OcspTransport(Func<HttpMessageHandler> handlerFactory)
        {
            _handlerFactory = handlerFactory;
        }

        public static bool CanUseGet(byte[] request) => request.Length <= MaxGetRequestBytes;

        public async Task<OcspExchange> SendAsync(Uri uri, byte[] request, bool get, TimeSpan timeout, Uri? proxy, X509Certificate2? clientCertificate, CancellationToken cancellationToken)
        {
            var client = Client(proxy, clientCertificate, out var note);
            using (var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeoutSource.CancelAfter(timeout);
                var token = timeoutSource.Token;
                try
                {
                    using (var message = Message(uri, request, get))
                    using (var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false))
                    {
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

        private HttpClient Client(Uri? proxy, X509Certificate2? clientCertificate, out string note)
        {
            var key = (proxy?.AbsoluteUri ?? "system") + "|" + (clientCertificate?.Thumbprint ?? "");
            var entry = _clients.GetOrAdd(key, _ => new Lazy<ClientEntry>(() => Create(proxy, clientCertificate), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
            note = entry.Configured ? "" : "The injected HTTP handler cannot take a proxy or client certificate; sent without. ";
            return entry.Client;
        }

        private ClientEntry Create(Uri? proxy, X509Certificate2? clientCertificate)
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

            return new ClientEntry(new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan }, configured);
        }

        private sealed class ClientEntry
        {
            public ClientEntry(HttpClient client, bool configured)
            {
                Client = client;
                Configured = configured;
            }

            public HttpClient Client { get; }

            public bool Configured { get; }
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
