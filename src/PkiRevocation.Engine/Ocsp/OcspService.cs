using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace PkiRevocation.Ocsp
{
    /// <summary>
    /// OCSP revocation checking (RFC 6960). Never reports Good unless a response was received (or given), parsed,
    /// matched to the request, signed by an authorized responder, fresh at the reference time and consistent with
    /// the nonce. Every other outcome is a result (Indeterminate with a reason), never an exception.
    /// Over 400 lines because the check reads as one pipeline, top to bottom (find the issuer, build the request, send,
    /// verify, decide, cache); each step's substance is in its own type (IssuerLocator, OcspRequestBuilder, OcspTransport,
    /// OcspResponseParser, OcspResponseVerifier, ResponderAuthorization).
    /// </summary>
    public sealed class OcspService
    {
        private const string Activity = "Checking OCSP status";
        private readonly EngineEnvironment _environment;
        private readonly Lazy<OcspTransport> _transport;

        public OcspService(EngineEnvironment environment)
        {
            _environment = environment ?? throw new ArgumentNullException(nameof(environment));
            _transport = new Lazy<OcspTransport>(() => new OcspTransport(_environment), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>
        /// Streams one result per certificate of <paramref name="request"/>, in request order, each as soon as it
        /// (and every one before it) is decided. With <see cref="OcspCheckRequest.Response"/> set, no network is used.
        /// Throws only for an unusable request (null, non-positive timeout) and OperationCanceledException on cancellation.
        /// </summary>
        public IEnumerable<OcspResult> Check(OcspCheckRequest request, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            if (request.Timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(request), "The OCSP timeout must be positive.");
            if (request.Certificates.Any(c => c == null) || request.EncodedCertificates.Any(c => c == null)) throw new ArgumentException("The request holds a null certificate.", nameof(request));
            return CheckIterator(request, progress, cancellationToken);
        }

        /// <summary>
        /// Verifies a saved DER OCSPResponse for <paramref name="certificate"/> issued by <paramref name="issuer"/>,
        /// offline, at <paramref name="options"/>.At (the engine clock when null). Uses TrustedResponders, MaxAge,
        /// ClockSkew and HashAlgorithm of <paramref name="options"/>; NonceStatus is NotSent. Never throws on bad bytes:
        /// they give Indeterminate/MalformedResponse.
        /// </summary>
        public OcspResult Verify(byte[] response, X509Certificate2 certificate, X509Certificate2 issuer, OcspCheckRequest? options = null)
        {
            if (response == null) throw new ArgumentNullException(nameof(response));
            if (certificate == null) throw new ArgumentNullException(nameof(certificate));
            if (issuer == null) throw new ArgumentNullException(nameof(issuer));
            options = options ?? new OcspCheckRequest();
            var at = ReferenceTime.Resolve(options.At, _environment.Clock);
            var item = NewItem(0, certificate.RawData, certificate, null, options, at);
            var stopwatch = Stopwatch.StartNew();
            item.Tbs = TbsCertificateView.TryRead(item.Der);
            item.Issuer = IssuerLocator.Parse(new[] { issuer }).FirstOrDefault();
            if (item.Tbs == null)
            {
                item.Fail(OcspFailureReason.MalformedCertificate, "The certificate is not a well-formed DER certificate.");
            }
            else if (item.Issuer == null)
            {
                item.Fail(OcspFailureReason.IssuerNotFound, "The issuer certificate cannot be decoded.");
            }
            else if (!item.Tbs.IssuerNameMatches(item.Issuer) || !SignatureVerifier.IssuedBy(item.Tbs.Der, item.Issuer))
            {
                item.Fail(OcspFailureReason.IssuerNotFound, $"'{issuer.Subject}' did not issue '{certificate.Subject}' (names or signature do not match).");
            }
            else
            {
                item.RequestId = CertId.Create(options.HashAlgorithm, item.Issuer, item.Tbs.SerialBytes);
                VerifyOffline(item, response, Context(options, at, null));
            }

            item.Result.Elapsed = stopwatch.Elapsed;
            return Finish(item);
        }

        private IEnumerable<OcspResult> CheckIterator(OcspCheckRequest request, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
        {
            var at = ReferenceTime.Resolve(request.At, _environment.Clock);
            var total = request.Certificates.Count + request.EncodedCertificates.Count;
            progress?.Report(new OperationProgress(Activity, "Starting", 0, total));

            if (request.Response != null)
            {
                foreach (var item in Prepare(request, at, cancellationToken).ToList())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (item.Result.FailureReason != OcspFailureReason.IssuerNotFound && item.Result.FailureReason != OcspFailureReason.MalformedCertificate)
                    {
                        var stopwatch = Stopwatch.StartNew();
                        VerifyOffline(item, request.Response, Context(request, at, null));
                        item.Result.Elapsed = stopwatch.Elapsed;
                    }

                    progress?.Report(new OperationProgress(Activity, $"{item.Index + 1} of {total}", item.Index + 1, total, item.Result.Subject));
                    yield return Finish(item);
                }

                yield break;
            }

            var done = new Unit?[total];
            using (var threads = new ExchangeThreads<Unit>(request.ThrottleLimit, (unit, token) => Run(unit, request, at, token), cancellationToken))
            {
                // Exchanges start as soon as the first certificates are ready; the rest are prepared meanwhile.
                // A consumer that stops early (Select-Object -First) or Ctrl+C disposes the threads: they stop what still runs.
                var items = new List<OcspCheckItem>(total);
                var planner = new Planner(request);
                foreach (var item in Prepare(request, at, cancellationToken))
                {
                    items.Add(item);
                    foreach (var unit in planner.Add(item)) Queue(unit, threads, done);
                }

                foreach (var unit in planner.Flush()) Queue(unit, threads, done);
                threads.CompleteAdding();

                foreach (var item in items)
                {
                    done[item.Index]?.Wait(cancellationToken);
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Report(new OperationProgress(Activity, $"{item.Index + 1} of {total}", item.Index + 1, total, item.Result.Subject));
                    yield return Finish(item);
                }
            }
        }

        private static void Queue(Unit unit, ExchangeThreads<Unit> threads, Unit?[] done)
        {
            foreach (var item in unit.Items) done[item.Index] = unit;
            threads.Add(unit);
        }

        /// <summary>
        /// Decodes each certificate, finds its issuer and computes its CertID, in request order: the first certificate is
        /// ready at once, so exchanges start while the rest are prepared. With Batch, one helper thread per further core
        /// shares the work (preparing is then most of the run); without, this thread alone keeps well ahead of the
        /// exchanges, whose pace the responders set, and leaves the other cores to them.
        /// </summary>
        private IEnumerable<OcspCheckItem> Prepare(OcspCheckRequest request, DateTime at, CancellationToken cancellationToken)
        {
            // Certificates, then EncodedCertificates: one DER list for the results and the issuer search alike.
            var platform = request.Certificates.ToList();
            var ders = platform.Select(c => c.RawData).Concat(request.EncodedCertificates).ToList();
            var locator = new IssuerLocator(request.Issuers, ders, IssuerFetcher(request));
            return OrderedParallel.Map(ders.Count, i => PrepareOne(i, ders[i], i < platform.Count ? platform[i] : null, i - platform.Count, request, at, locator, cancellationToken),
                request.Batch ? System.Environment.ProcessorCount - 1 : 0, cancellationToken);
        }

        /// <summary>The AIA caIssuers fetcher of one request (null with FetchIssuers off or a saved response to verify).</summary>
        private Revocation.AiaIssuerFetcher? IssuerFetcher(OcspCheckRequest request)
        {
            if (!request.FetchIssuers || request.Response != null) return null;
            var cache = request.UseCache ? new Revocation.RevocationCache(_environment.Paths, _environment.Clock) : null;
            return new Revocation.AiaIssuerFetcher(_environment, cache, request.Timeout, request.PreferHttp, request.LdapCredential);
        }

        // encodedIndex: the position in EncodedCertificates when certificate is null (to name it in the message).
        private static OcspCheckItem PrepareOne(int index, byte[] der, X509Certificate2? certificate, int encodedIndex, OcspCheckRequest request, DateTime at, IssuerLocator locator,
            CancellationToken cancellationToken)
        {
            // Encoded certificates get their Subject and Issuer strings from the view (a platform object gives its own).
            var tbs = TbsCertificateView.TryRead(der, certificate == null, out var problem);
            var item = NewItem(index, der, certificate, tbs, request, at);
            item.Tbs = tbs;
            if (tbs == null)
            {
                var which = certificate != null ? $"The certificate '{certificate.Subject}'" : $"EncodedCertificates[{encodedIndex}] ({der.Length} bytes)";
                item.Fail(OcspFailureReason.MalformedCertificate, $"{which} is not a well-formed DER certificate ({problem}), so its status cannot be checked.");
                return item;
            }

            var notes = new List<string>();
            item.Issuer = locator.Find(tbs, out var where, notes, cancellationToken);
            item.Steps.AddRange(notes);
            if (item.Issuer == null)
            {
                var fetched = !request.FetchIssuers ? " (fetching it from the certificate's AIA caIssuers URLs is turned off)"
                    : notes.Count > 0 ? ", nor at the certificate's AIA caIssuers URLs (see the steps)" : "";
                item.Fail(OcspFailureReason.IssuerNotFound,
                    $"The issuer '{item.Result.Issuer}' of '{item.Result.Subject}' was not found among the given issuers, the certificates checked, or the CA and Root stores{fetched}; give it with -Issuer.");
                return item;
            }

            item.Steps.Add($"Issuer '{CertificateNames.Display(item.Issuer)}' found in {where}.");
            item.RequestId = CertId.Create(request.HashAlgorithm, item.Issuer, tbs.SerialBytes);
            return item;
        }

        private static OcspCheckItem NewItem(int index, byte[] der, X509Certificate2? certificate, TbsCertificateView? tbs, OcspCheckRequest request, DateTime at) =>
            new OcspCheckItem(index, der, new OcspResult
            {
                Subject = certificate?.Subject ?? tbs?.Subject ?? "",
                SerialNumber = certificate?.SerialNumber ?? tbs?.SerialNumberHex ?? "",
                Issuer = certificate?.Issuer ?? tbs?.Issuer ?? "",
                Status = OcspStatus.Indeterminate,
                ReferenceTime = at,
                HashAlgorithm = request.HashAlgorithm,
                Certificate = certificate,
            });

        private sealed class BatchKey : IEquatable<BatchKey>
        {
            private readonly BcCertificate _issuer;
            private readonly string _urls;

            public BatchKey(BcCertificate issuer, string urls)
            {
                _issuer = issuer;
                _urls = urls;
            }

            public bool Equals(BatchKey? other) => other != null && ReferenceEquals(_issuer, other._issuer) && _urls == other._urls;

            public override bool Equals(object? obj) => Equals(obj as BatchKey);

            public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(_issuer) * 31 + _urls.GetHashCode();
        }

        /// <summary>Groups the certificates into exchanges as they come: one per certificate, or with Batch one per issuer and responder list (up to BatchSize each).</summary>
        private sealed class Planner
        {
            private readonly OcspCheckRequest _request;
            // Keyed by the issuer object (the locator returns the same object for every certificate of that issuer) and
            // the responder list; a class key keeps the dictionary in precompiled shared code.
            private readonly Dictionary<BatchKey, Unit> _batches = new Dictionary<BatchKey, Unit>();

            public Planner(OcspCheckRequest request) => _request = request;

            public IEnumerable<Unit> Add(OcspCheckItem item)
            {
                if (item.Issuer == null) yield break;
                var urls = ResponderUris(item, _request);
                if (urls.Count == 0)
                {
                    item.Fail(OcspFailureReason.NoResponder, $"No responder for '{item.Result.Subject}': no OCSP URI in its Authority Information Access extension, and none configured (-ResponderUri).");
                    yield break;
                }

                if (!_request.Batch)
                {
                    yield return new Unit(urls, item);
                    yield break;
                }

                var key = new BatchKey(item.Issuer, string.Join(" ", urls));
                if (!_batches.TryGetValue(key, out var unit))
                {
                    _batches[key] = new Unit(urls, item);
                    yield break;
                }

                unit.Items.Add(item);
                if (unit.Items.Count >= Math.Max(1, _request.BatchSize))
                {
                    _batches.Remove(key);
                    yield return unit;
                }
            }

            /// <summary>The batches not yet full.</summary>
            public IEnumerable<Unit> Flush()
            {
                var rest = new List<Unit>(_batches.Values);
                _batches.Clear();
                return rest;
            }
        }

        private static List<Uri> ResponderUris(OcspCheckItem item, OcspCheckRequest request)
        {
            var list = new List<Uri>();
            if (request.ResponderUri != null)
            {
                item.Steps.Add($"Responder configured: {request.ResponderUri}.");
                list.Add(request.ResponderUri);
                return list;
            }

            foreach (var text in item.Tbs!.OcspUris)
            {
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                    list.Add(uri);
                else
                    item.Steps.Add($"AIA OCSP URI '{text}' skipped: not an http(s) URL.");
            }

            if (list.Count > 0) item.Steps.Add($"Responders from the certificate's AIA extension: {string.Join(", ", list)}.");
            return list;
        }

        /// <summary>The exchanges of one unit, on an exchange thread: each responder in turn until every certificate is decided.</summary>
        private void Run(Unit unit, OcspCheckRequest request, DateTime at, CancellationToken token)
        {
            var stopwatch = Stopwatch.StartNew();
            try
            {
                var pending = unit.Items.ToList();
                foreach (var uri in unit.Urls)
                {
                    if (pending.Count == 0) break;
                    Exchange(uri, pending, request, at, token);
                    pending = pending.Where(p => !p.Decided).ToList();
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                foreach (var item in unit.Items.Where(i => !i.Decided)) item.Fail(OcspFailureReason.Timeout, "Cancelled.");
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                foreach (var item in unit.Items.Where(i => !i.Decided))
                    item.Fail(OcspFailureReason.MalformedResponse, $"The exchange failed unexpectedly: {ex.GetType().Name}: {ex.Message}");
            }
            finally
            {
                foreach (var item in unit.Items) item.Result.Elapsed = stopwatch.Elapsed;
                unit.Complete();
            }
        }

        private void Exchange(Uri uri, List<OcspCheckItem> pending, OcspCheckRequest request, DateTime at, CancellationToken token)
        {
            var nonce = request.UseNonce ? OcspRequestBuilder.NewNonce() : null;
            var der = OcspRequestBuilder.Build(pending.Select(p => p.RequestId!).ToList(), nonce);
            var get = request.UseGet && OcspTransport.CanUseGet(der) && string.IsNullOrEmpty(uri.Query);
            var method = get ? "GET" : "POST";
            var asked = $"Asked {uri} by {method}: {der.Length}-byte request, {pending.Count} CertID(s) ({CertId.AlgorithmName(CertId.Oid(request.HashAlgorithm))}), "
                        + (nonce != null ? $"nonce of {nonce.Length} bytes sent." : "no nonce.")
                        + (request.UseGet && !get ? (string.IsNullOrEmpty(uri.Query) ? " The request is too long for GET (RFC 6960 A.1): POST used." : " The responder URL has a query string: POST used.") : "");
            foreach (var item in pending)
            {
                item.Reset();
                item.Result.ResponderUri = uri.ToString();
                item.Result.Method = method;
                item.Steps.Add(asked);
            }

            var exchange = _transport.Value.Send(uri, der, get, request.Timeout, request.Proxy, request.ClientCertificate, token);
            if (exchange.Body == null)
            {
                foreach (var item in pending) item.Fail(exchange.Failure ?? OcspFailureReason.ResponderUnreachable, exchange.Message);
                return;
            }

            foreach (var item in pending) item.Steps.Add(exchange.Detail);
            OcspResponseVerifier.Apply(exchange.Body, pending, Context(request, at, nonce));
        }

        private static void VerifyOffline(OcspCheckItem item, byte[] response, OcspVerificationContext context)
        {
            item.Result.Method = "Offline";
            item.Result.ResponderUri = null;
            item.Steps.Add($"Verifying a saved {response.Length}-byte response offline at {OcspResponseVerifier.Iso(context.At)} (no nonce).");
            OcspResponseVerifier.Apply(response, new[] { item }, context);
        }

        /// <summary>The trusted responder certificates decoded (once per certificate object: see IssuerLocator.Parse). Whether one may sign is still decided per response.</summary>
        private static IReadOnlyList<BcCertificate> TrustedResponders(OcspCheckRequest request)
        {
            return request.TrustedResponders.Count == 0 ? Array.Empty<BcCertificate>() : IssuerLocator.Parse(request.TrustedResponders).ToList();
        }

        private static OcspVerificationContext Context(OcspCheckRequest request, DateTime at, byte[]? nonce) => new OcspVerificationContext
        {
            At = at,
            ClockSkew = request.ClockSkew,
            MaxAge = request.MaxAge,
            TrustedResponders = TrustedResponders(request),
            NonceSent = nonce,
            RequireNonce = request.RequireNonce,
        };

        private static OcspResult Finish(OcspCheckItem item)
        {
            if (item.Result.Status == OcspStatus.Indeterminate && !item.Result.FailureReason.HasValue)
                item.Fail(OcspFailureReason.NoResponder, "No answer was obtained.");
            item.Result.Steps = item.Steps.ToArray();
            return item.Result;
        }

        private sealed class Unit
        {
            public Unit(List<Uri> urls, OcspCheckItem first)
            {
                Urls = urls;
                Items.Add(first);
            }

            public List<Uri> Urls { get; }

            public List<OcspCheckItem> Items { get; } = new List<OcspCheckItem>();

            // Spin count 0: the results loop waits once per certificate, and spinning (as Task.Wait does) took CPU from
            // the exchanges and the responder.
            private readonly ManualResetEventSlim _done = new ManualResetEventSlim(false, 0);

            /// <summary>Every certificate of the unit has its result (called once, by the exchange thread).</summary>
            public void Complete() => _done.Set();

            /// <summary>Blocks until <see cref="Complete"/>; throws OperationCanceledException when the token fires first.</summary>
            public void Wait(CancellationToken cancellationToken) => _done.Wait(cancellationToken);
        }
    }
}
