using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using PkiRevocation.Net;

namespace PkiRevocation.Revocation
{
    /// <summary>
    /// Fetches CRLs and CA certificates over HTTP(S) through the environment's handler, or from an LDAP directory
    /// (ldap://, ldaps:// URLs: <see cref="LdapDirectoryReader"/>), with a timeout, a size cap and the revocation
    /// cache: content still inside its nextUpdate comes from the cache; older HTTP content is revalidated with
    /// If-None-Match / If-Modified-Since, older LDAP content is read again. Redirects and referrals are reported,
    /// never followed. Never throws for network trouble: returns a failure.
    /// </summary>
    internal sealed class RevocationDownloader
    {
        private readonly EngineEnvironment _environment;
        private readonly RevocationCache? _cache;

        public RevocationDownloader(EngineEnvironment environment, RevocationCache? cache)
        {
            _environment = environment;
            _cache = cache;
        }

        /// <summary>Credentials for LDAP binds; null binds anonymously (the current user's Negotiate bind on Windows).</summary>
        public NetworkCredential? LdapCredential { get; set; }

        /// <summary>
        /// Fetches <paramref name="url"/>. For an LDAP URL that names no attribute, <paramref name="ldapAttribute"/> is
        /// read; an attribute with several values gives them back to back (each one DER element) in
        /// <see cref="Download.Content"/> and one by one in <see cref="Download.Values"/>.
        /// </summary>
        public Download Get(RevocationCacheKind kind, string url, TimeSpan timeout, long maxBytes, CancellationToken cancellationToken,
            string ldapAttribute = "certificateRevocationList")
        {
            LdapUrl? ldap = null;
            if (LdapUrl.IsLdap(url))
            {
                try { ldap = LdapUrl.Parse(url); }
                catch (FormatException ex) { return Download.Failed(url, "not a usable LDAP URL: " + ex.Message, connectivity: false); }
            }

            else if (!Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                // new Uri would say "Invalid URI: Invalid port specified." from deep inside HttpClient.
                return Download.Failed(url, "not a valid URL (check the host name and that the port is 1-65535)", connectivity: false);
            }

            CachedContent? cached = null;
            try
            {
                cached = _cache?.TryRead(kind, url, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is TimeoutException)
            {
                // An unreadable cache only costs a download.
            }

            var now = _environment.Clock.UtcNow;
            if (cached != null && cached.Entry.NextUpdate.HasValue && cached.Entry.NextUpdate.Value > now)
                return new Download(url) { Content = cached.Content, FromCache = true, Step = $"{url}: from the cache (fetched {cached.Entry.FetchedAt:yyyy-MM-ddTHH:mm:ssZ}, kept until nextUpdate {cached.Entry.NextUpdate:yyyy-MM-ddTHH:mm:ssZ})" };

            if (ldap != null) return ReadLdap(ldap, ldapAttribute, timeout, maxBytes, cancellationToken);
            try
            {
                return SendAsync(url, cached, timeout, maxBytes, cancellationToken).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException)
            {
                return Download.Failed(url, $"no answer within {timeout.TotalSeconds:0.#} s", connectivity: true);
            }
            catch (HttpRequestException ex)
            {
                return Download.Failed(url, "cannot be reached: " + Describe(ex), connectivity: true);
            }
            catch (IOException ex)
            {
                return Download.Failed(url, "the transfer failed: " + ex.Message, connectivity: true);
            }
        }

        private Download ReadLdap(LdapUrl url, string attribute, TimeSpan timeout, long maxBytes, CancellationToken cancellationToken)
        {
            var read = LdapDirectoryReader.Read(url, attribute, LdapCredential, timeout, maxBytes, cancellationToken);
            if (read.Error != null)
                return new Download(url.Text) { Error = read.Error, Connectivity = read.Connectivity, NotAttempted = read.NotAttempted, Step = read.Step };
            var content = read.Values.Count == 1 ? read.Values[0] : read.Values.SelectMany(v => v).ToArray();
            return new Download(url.Text) { Content = content, Values = read.Values, Step = read.Step };
        }

        public void Remember(RevocationCacheKind kind, Download download, DateTime? thisUpdate, DateTime? nextUpdate, CancellationToken cancellationToken)
        {
            if (_cache == null || download.FromCache || download.Content == null) return;
            try
            {
                _cache.Store(kind, download.Url, download.Content, thisUpdate, nextUpdate, download.ETag, download.LastModified, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is TimeoutException)
            {
                download.Step += $" (not cached: {ex.Message})";
            }
        }

        private async Task<Download> SendAsync(string url, CachedContent? cached, TimeSpan timeout, long maxBytes, CancellationToken cancellationToken)
        {
            using (var client = new HttpClient(_environment.HttpHandlerFactory(), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan })
            using (var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            using (var request = new HttpRequestMessage(HttpMethod.Get, url))
            {
                timeoutSource.CancelAfter(timeout);
                if (cached != null)
                {
                    if (!string.IsNullOrEmpty(cached.Entry.ETag) && EntityTagHeaderValue.TryParse(cached.Entry.ETag, out var tag)) request.Headers.IfNoneMatch.Add(tag);
                    if (!string.IsNullOrEmpty(cached.Entry.LastModified) && DateTimeOffset.TryParse(cached.Entry.LastModified, out var modified)) request.Headers.IfModifiedSince = modified;
                }

                using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token).ConfigureAwait(false))
                {
                    if (response.StatusCode == HttpStatusCode.NotModified && cached != null)
                    {
                        try { _cache?.Revalidated(cached.Entry.Kind, url, cancellationToken); }
                        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is TimeoutException) { }
                        return new Download(url) { Content = cached.Content, FromCache = true, Revalidated = true, ETag = cached.Entry.ETag, LastModified = cached.Entry.LastModified,
                            Step = $"{url}: HTTP 304 Not Modified, the cached copy (fetched {cached.Entry.FetchedAt:yyyy-MM-ddTHH:mm:ssZ}) is current" };
                    }

                    var code = (int)response.StatusCode;
                    if (code >= 300 && code < 400)
                        return Download.Failed(url, $"HTTP {code} redirect to '{response.Headers.Location}' (redirects are not followed)", connectivity: true);
                    if (code != 200)
                        return Download.Failed(url, $"HTTP {code} {response.ReasonPhrase}", connectivity: true);
                    var length = response.Content.Headers.ContentLength;
                    if (length.HasValue && length.Value > maxBytes)
                        return Download.Failed(url, $"{length.Value} bytes exceed the {maxBytes}-byte limit", connectivity: false);

                    byte[] content;
                    using (var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                    using (var buffer = length.HasValue ? new MemoryStream((int)length.Value) : new MemoryStream())
                    {
                        var chunk = new byte[81920];
                        while (true)
                        {
                            var read = await stream.ReadAsync(chunk, 0, chunk.Length, timeoutSource.Token).ConfigureAwait(false);
                            if (read == 0) break;
                            if (buffer.Length + read > maxBytes)
                                return Download.Failed(url, $"the body exceeds the {maxBytes}-byte limit", connectivity: false);
                            buffer.Write(chunk, 0, read);
                        }

                        content = buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
                    }

                    return new Download(url)
                    {
                        Content = content,
                        ETag = response.Headers.ETag?.ToString() ?? "",
                        LastModified = response.Content.Headers.LastModified?.ToString("r") ?? "",
                        Step = $"{url}: HTTP 200, {content.Length} bytes",
                    };
                }
            }
        }

        private static string Describe(Exception ex)
        {
            var message = ex.Message;
            for (var inner = ex.InnerException; inner != null; inner = inner.InnerException) message += " " + inner.Message;
            return message;
        }
    }

    /// <summary>The outcome of one fetch.</summary>
    internal sealed class Download
    {
        public Download(string url) => Url = url;

        public string Url { get; }

        public byte[]? Content { get; set; }

        /// <summary>The values of an LDAP attribute one by one (Content holds them back to back); Content alone otherwise.</summary>
        public IReadOnlyList<byte[]>? Values { get; set; }

        public bool FromCache { get; set; }

        public bool Revalidated { get; set; }

        public string ETag { get; set; } = "";

        public string LastModified { get; set; } = "";

        public string Step { get; set; } = "";

        public string? Error { get; set; }

        /// <summary>True when the failure was about reaching the server, not about what it sent.</summary>
        public bool Connectivity { get; set; }

        /// <summary>The location cannot be used here at all (an LDAP URL without host off Windows, ...): nothing was sent.</summary>
        public bool NotAttempted { get; set; }

        /// <summary>The values one by one: <see cref="Values"/>, else the DER elements of Content (Content whole when it is not DER).</summary>
        public IReadOnlyList<byte[]> Parts()
        {
            if (Values != null) return Values;
            if (Content == null) return Array.Empty<byte[]>();
            var parts = new List<byte[]>();
            try
            {
                var reader = new Certificates.DerReader(Content, System.Formats.Asn1.AsnEncodingRules.DER);
                while (reader.HasData) parts.Add(reader.Read().ToArray(Content));
            }
            catch (FormatException)
            {
                return new[] { Content };
            }

            return parts.Count > 1 ? parts : (IReadOnlyList<byte[]>)new[] { Content };
        }

        public static Download Failed(string url, string error, bool connectivity) =>
            new Download(url) { Error = error, Connectivity = connectivity, Step = $"{url}: {error}" };
    }
}
