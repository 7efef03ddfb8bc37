using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;
using PkiRevocation.Files;
using PkiRevocation.Revocation;

namespace PkiRevocation.Crl
{
    /// <summary>
    /// Checks certificates against CRLs: given CRL files or URLs, or the certificate's CRL distribution points over
    /// HTTP(S) or LDAP (http first unless PreferHttp is off) with the revocation cache; delta CRLs from the Freshest CRL extension or given explicitly. Every
    /// certificate yields a result; NotRevoked only with a verified, fresh CRL set covering it.
    /// Over 400 lines because the walk over sources (given, distribution points, cache) and the delta CRLs share one
    /// per-certificate context; parsing (CrlIndex), the decision (CrlEvaluator), the signer (CrlSignerSelector) and the
    /// delta rules (DeltaCrl) are types of their own.
    /// </summary>
    public sealed class CrlService
    {
        private const string Activity = "Checking CRLs";

        /// <summary>How a FailureReason starts when the certificate was not issued by the issuer given (name, key identifier or signature).</summary>
        public const string IssuerMismatch = "IssuerMismatch";
        private readonly EngineEnvironment _environment;

        public CrlService(EngineEnvironment environment)
        {
            _environment = environment;
            Cache = new RevocationCache(environment.Paths, environment.Clock);
        }

        /// <summary>The revocation cache this service reads and fills.</summary>
        public RevocationCache Cache { get; }

        /// <summary>One outcome per certificate and per serial number, in input order.</summary>
        public IEnumerable<Outcome<CrlResult>> Check(CrlCheckRequest request, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var at = ReferenceTime.Resolve(request.At, _environment.Clock);
            if (request.MaxCrlAge.HasValue && request.MaxCrlAge.Value <= TimeSpan.Zero)
            {
                yield return new InputFailure("MaxCrlAge", ErrorIds.InvalidArgument, FailureKind.InvalidArgument,
                    $"The maximum CRL age must be positive (-MaxAge / --max-age), not {request.MaxCrlAge.Value}.");
                yield break;
            }

            if (request.Issuer == null)
            {
                yield return new InputFailure("Issuer", ErrorIds.IssuerRequired, FailureKind.InvalidArgument,
                    "The issuing CA certificate is required to verify CRLs (-Issuer / --issuer).");
                yield break;
            }

            var session = new Session(this, request, cancellationToken);
            foreach (var source in request.CrlSources.Concat(request.DeltaCrlSources))
            {
                var loaded = session.Load(source, explicitSource: true);
                if (loaded.Crl == null) yield return Unusable(source, loaded);
            }

            var total = request.Certificates.Count + request.SerialNumbers.Count;
            var done = 0;
            foreach (var certificate in request.Certificates)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new OperationProgress(Activity, certificate.Subject, done++, total, certificate.Subject));
                var subject = TryRead(() => CrlSubject.FromCertificate(certificate), out var error);
                if (subject == null)
                {
                    yield return new InputFailure(certificate.Subject, ErrorIds.NotACertificate, FailureKind.InvalidData, error!.Message, error, certificate);
                    continue;
                }

                yield return Outcome<CrlResult>.Success(session.Check(subject, request.Issuer, request.AdditionalCertificates, at, maxCrlAge: request.MaxCrlAge));
            }

            foreach (var serial in request.SerialNumbers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new OperationProgress(Activity, serial, done++, total, serial));
                if (request.CrlSources.Count == 0)
                {
                    yield return new InputFailure(serial, ErrorIds.NoSource, FailureKind.InvalidArgument, $"Checking the serial number '{serial}' needs a CRL (-Crl / --crl): a bare serial has no distribution points.");
                    continue;
                }

                var subject = TryRead(() => CrlSubject.FromSerial(serial), out var error);
                if (subject == null)
                {
                    yield return new InputFailure(serial, ErrorIds.SerialNumberInvalid, FailureKind.InvalidArgument, error!.Message, error);
                    continue;
                }

                yield return Outcome<CrlResult>.Success(session.Check(subject, request.Issuer, request.AdditionalCertificates, at, maxCrlAge: request.MaxCrlAge));
            }

            progress?.Report(new OperationProgress(Activity, "Done", total, total));
        }

        private static CrlSubject? TryRead(Func<CrlSubject> read, out FormatException? error)
        {
            error = null;
            try { return read(); }
            catch (FormatException ex) { error = ex; return null; }
        }

        /// <summary>The error for a CRL given explicitly (-Crl / --crl, --delta) that could not be read, fetched or parsed.</summary>
        internal static InputFailure Unusable(string source, Loaded loaded) =>
            new InputFailure(source, ErrorIds.CrlUnreadable, FailureKind.InvalidData, $"The CRL '{source}' cannot be used: {loaded.Error}");

        /// <summary>A set of CRL checks sharing downloads and parsed CRLs (the combined check opens one per request).</summary>
        internal Session NewSession(CrlCheckRequest options, CancellationToken cancellationToken) => new Session(this, options, cancellationToken);

        /// <summary>Parses CRL bytes (DER or PEM). Throws FormatException.</summary>
        internal static CrlIndex ParseCrl(byte[] bytes)
        {
            if (bytes.Length > 10 && bytes[0] == (byte)'-')
            {
                var text = Encoding.ASCII.GetString(bytes);
                const string begin = "-----BEGIN X509 CRL-----";
                const string end = "-----END X509 CRL-----";
                var start = text.IndexOf(begin, StringComparison.Ordinal);
                var stop = text.IndexOf(end, StringComparison.Ordinal);
                if (start < 0 || stop < start) throw new FormatException("The PEM text holds no X509 CRL block.");
                try { bytes = Convert.FromBase64String(text.Substring(start + begin.Length, stop - start - begin.Length)); }
                catch (FormatException ex) { throw new FormatException("The PEM CRL block is not valid base64.", ex); }
            }

            return CrlIndex.Parse(bytes);
        }

        /// <summary>CRLs loaded during one call, so each source is fetched and parsed once.</summary>
        internal sealed class Session
        {
            private readonly CrlService _service;
            private readonly CrlCheckRequest _options;
            private readonly CancellationToken _cancellationToken;
            private readonly RevocationDownloader _downloader;
            private readonly Dictionary<string, Loaded> _loaded = new Dictionary<string, Loaded>(StringComparer.Ordinal);

            public Session(CrlService service, CrlCheckRequest options, CancellationToken cancellationToken)
            {
                _service = service;
                _options = options;
                _cancellationToken = cancellationToken;
                _downloader = new RevocationDownloader(service._environment, options.UseCache ? service.Cache : null) { LdapCredential = options.LdapCredential };
            }

            /// <summary>The CRL decision for one certificate (the combined check), with the policy's PreferHttp and maximum CRL age (null: none).</summary>
            public CrlResult CheckCertificate(X509Certificate2 certificate, X509Certificate2 issuer, IList<X509Certificate2> others, DateTime at, bool? preferHttp = null, TimeSpan? maxCrlAge = null)
            {
                CrlSubject subject;
                try
                {
                    subject = CrlSubject.FromCertificate(certificate);
                }
                catch (FormatException ex)
                {
                    return new CrlResult { Subject = certificate.Subject, Status = CrlStatus.Indeterminate, FailureReason = ex.Message, Steps = new[] { ex.Message }, ReferenceTime = at, Certificate = certificate };
                }

                return Check(subject, issuer, others, at, preferHttp, maxCrlAge);
            }

            /// <param name="subject">What the CRL is asked about: the certificate's serial, issuer name and distribution points.</param>
            /// <param name="issuer">The certificate's issuer, whose key must have signed the CRL.</param>
            /// <param name="others">Further candidates for an indirect CRL issuer or a separate CRL signing key.</param>
            /// <param name="at">The reference time every decision is taken at.</param>
            /// <param name="preferHttp">Try http(s) distribution points before ldap ones (the policy's PreferHttp); null: the request's.</param>
            /// <param name="maxCrlAge">A CRL whose thisUpdate is older is stale (the policy's or the request's MaxCrlAge); null: no limit.</param>
            public CrlResult Check(CrlSubject subject, X509Certificate2 issuer, IList<X509Certificate2> others, DateTime at, bool? preferHttp = null, TimeSpan? maxCrlAge = null)
            {
                var httpFirst = preferHttp ?? _options.PreferHttp;
                var validation = new CrlValidationOptions { ClockSkew = _options.ClockSkew, MaxAgeWithoutNextUpdate = _options.MaxAgeWithoutNextUpdate, MaxCrlAge = maxCrlAge };
                CrlSignerSelector signers;
                try
                {
                    signers = new CrlSignerSelector(issuer, others);
                }
                catch (FormatException ex)
                {
                    return Finish(Fail(subject, at, ex.Message, new List<string>()), subject, issuer);
                }

                // A CRL speaks only for the certificates of its issuer: a certificate of another CA (or another key of the
                // same name) would otherwise read NotRevoked, or Revoked when it shares a serial with a listed one.
                var mismatch = signers.WhyNotIssuerOf(subject);
                if (mismatch != null)
                    return Finish(Fail(subject, at, $"{IssuerMismatch}: {mismatch}, so the issuer's CRLs do not cover it", new List<string>()), subject, issuer);

                var fetchSteps = new List<string>();
                var explicitSources = _options.CrlSources.Count > 0;
                var deltaSources = _options.DeltaCrlSources.ToList();
                if (explicitSources)
                {
                    var crls = new List<LoadedCrl>();
                    foreach (var source in _options.CrlSources.Concat(deltaSources))
                    {
                        var loaded = Load(source, explicitSource: true);
                        fetchSteps.Add(loaded.Step);
                        if (loaded.Crl != null) crls.Add(loaded.Crl);
                    }

                    if (deltaSources.Count == 0) AddAdvertisedDeltas(subject, crls, fetchSteps, out _, onlyIfAdvertisedByCrl: true);
                    var steps = new List<string>(fetchSteps);
                    return Finish(CrlEvaluator.Evaluate(subject, signers, crls, at, validation, steps), subject, issuer);
                }

                var uris = Net.LocationOrder.Arrange(subject.DistributionPointUris, httpFirst);
                if (uris.Count == 0)
                    return Finish(Fail(subject, at, "the certificate has no CRL distribution point URL and no CRL was given", fetchSteps), subject, issuer);

                var complete = new List<LoadedCrl>();
                var connectivityOnly = true;
                CrlResult? last = null;
                foreach (var uri in uris)
                {
                    if (!Net.LocationOrder.IsFetchable(uri))
                    {
                        fetchSteps.Add($"{uri}: unsupported URL scheme; trying the next one");
                        connectivityOnly = false;
                        continue;
                    }

                    var loaded = Load(uri, explicitSource: false);
                    fetchSteps.Add(loaded.Step);
                    if (loaded.Crl == null)
                    {
                        connectivityOnly &= loaded.Connectivity;
                        continue;
                    }

                    connectivityOnly = false;
                    complete.Add(loaded.Crl);
                    var crls = new List<LoadedCrl>(complete);
                    var deltaRequired = false;
                    if (deltaSources.Count > 0)
                    {
                        foreach (var source in deltaSources)
                        {
                            var delta = Load(source, explicitSource: true);
                            fetchSteps.Add(delta.Step);
                            if (delta.Crl != null) crls.Add(delta.Crl);
                        }
                    }
                    else
                    {
                        AddAdvertisedDeltas(subject, crls, fetchSteps, out deltaRequired, onlyIfAdvertisedByCrl: false, httpFirst);
                    }

                    var steps = new List<string>(fetchSteps);
                    last = CrlEvaluator.Evaluate(subject, signers, crls, at, validation, steps, deltaRequired);

                    // A delta CRL on a newer base shows the cached complete CRL out of date: download it again, past the cache.
                    if (last.Status == CrlStatus.Indeterminate && last.CompleteCrlOutdated && loaded.Crl.FromCache)
                    {
                        var fresh = LoadPastCache(uri);
                        fetchSteps.Add(fresh.Step + " (fetched again: the cached complete CRL is older than the base of a delta CRL)");
                        if (fresh.Crl != null)
                        {
                            complete[complete.Count - 1] = fresh.Crl;
                            crls[crls.IndexOf(loaded.Crl)] = fresh.Crl;
                            last = CrlEvaluator.Evaluate(subject, signers, crls, at, validation, new List<string>(fetchSteps), deltaRequired);
                        }
                    }

                    if (last.Status != CrlStatus.Indeterminate) return Finish(last, subject, issuer);
                }

                if (last != null) return Finish(last, subject, issuer);
                var result = Fail(subject, at, "no CRL could be obtained from the distribution points", fetchSteps);
                result.ConnectivityFailure = connectivityOnly;
                return Finish(result, subject, issuer);
            }

            // Delta CRLs named by the Freshest CRL extension of the certificate or of the complete CRLs (HTTP(S) and LDAP).
            private void AddAdvertisedDeltas(CrlSubject subject, List<LoadedCrl> crls, List<string> steps, out bool required, bool onlyIfAdvertisedByCrl, bool preferHttp = true)
            {
                required = false;
                var uris = new List<string>();
                if (!onlyIfAdvertisedByCrl) uris.AddRange(subject.FreshestCrlUris);
                foreach (var crl in crls.Where(c => !c.Index.IsDelta && c.Index.FreshestCrl != null && !onlyIfAdvertisedByCrl))
                {
                    try { uris.AddRange(CrlSubject.Uris(CrlDistPoint.GetInstance(Asn1Object.FromByteArray(crl.Index.FreshestCrl)).GetDistributionPoints())); }
                    catch (Exception ex) when (!(ex is OutOfMemoryException)) { steps.Add($"{crl.Source}: its Freshest CRL extension cannot be decoded ({ex.Message})"); }
                }

                foreach (var uri in Net.LocationOrder.Arrange(uris.Distinct(StringComparer.Ordinal), preferHttp))
                {
                    if (!Net.LocationOrder.IsFetchable(uri))
                    {
                        steps.Add($"{uri}: delta CRL location not supported (only HTTP/HTTPS and LDAP); skipped");
                        continue;
                    }

                    var loaded = Load(uri, explicitSource: false, delta: true);
                    steps.Add(loaded.Step);
                    if (loaded.NotAttempted) continue;
                    required = true;
                    if (loaded.Crl != null) crls.Add(loaded.Crl);
                }
            }

            private CrlResult Finish(CrlResult result, CrlSubject subject, X509Certificate2 issuer)
            {
                result.Subject = subject.Certificate?.Subject ?? "";
                result.Issuer = subject.Certificate?.Issuer ?? issuer.Subject;
                result.SerialNumber = subject.SerialHex;
                result.Thumbprint = subject.Certificate?.Thumbprint ?? "";
                result.Certificate = subject.Certificate;
                return result;
            }

            private static CrlResult Fail(CrlSubject subject, DateTime at, string reason, List<string> steps)
            {
                steps.Add("Indeterminate: " + reason);
                return new CrlResult { Status = CrlStatus.Indeterminate, FailureReason = reason, ReferenceTime = at, SerialNumber = subject.SerialHex, Steps = steps.ToArray() };
            }

            /// <summary>The explicit CRL sources loaded so far that could not be used, each with its error.</summary>
            public IEnumerable<InputFailure> UnusableExplicitSources() =>
                _options.CrlSources.Concat(_options.DeltaCrlSources).Distinct(StringComparer.Ordinal)
                    .Where(s => _loaded.TryGetValue(s, out var l) && l.Crl == null).Select(s => Unusable(s, _loaded[s]));

            public Loaded Load(string source, bool explicitSource, bool delta = false)
            {
                if (_loaded.TryGetValue(source, out var known)) return known;
                var loaded = LoadUncached(source, delta);
                _loaded[source] = loaded;
                return loaded;
            }

            /// <summary>Downloads <paramref name="url"/> without reading the cache (the new copy replaces the cached one).</summary>
            private Loaded LoadPastCache(string url)
            {
                var downloader = new RevocationDownloader(_service._environment, null) { LdapCredential = _options.LdapCredential };
                var loaded = Parsed(downloader.Get(RevocationCacheKind.Crl, url, _options.Timeout, _options.MaxCrlBytes, _cancellationToken), url);
                if (loaded.Crl != null) _loaded[url] = loaded;
                return loaded;
            }

            private Loaded Parsed(Download download, string source)
            {
                if (download.Content == null) return Loaded.Failed(download.Step, download.Error ?? "download failed", download.Connectivity, download.NotAttempted);
                try
                {
                    // An LDAP attribute may hold several CRLs; the first is used.
                    var parts = download.Values ?? (Net.LdapUrl.IsLdap(source) ? download.Parts() : null);
                    if (parts != null && parts.Count > 1)
                    {
                        download.Step += $"; {parts.Count} values, the first is used";
                        download.Content = parts[0];
                    }

                    var index = ParseCrl(download.Content);
                    _downloader.Remember(RevocationCacheKind.Crl, download, index.ThisUpdate.Value, index.NextUpdate?.Value, _cancellationToken);
                    return new Loaded(new LoadedCrl(index, source, download.FromCache), download.Step);
                }
                catch (FormatException ex)
                {
                    return Loaded.Failed($"{download.Step}; not a CRL: {ex.Message}", "not a CRL: " + ex.Message, connectivity: false);
                }
            }

            private Loaded LoadUncached(string source, bool delta)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                if (Net.LocationOrder.IsFetchable(source))
                {
                    return Parsed(_downloader.Get(RevocationCacheKind.Crl, source, _options.Timeout, _options.MaxCrlBytes, _cancellationToken,
                        delta ? "deltaRevocationList" : "certificateRevocationList"), source);
                }

                var isFile = source.StartsWith("file://", StringComparison.OrdinalIgnoreCase);
                if (!isFile && Revocation.RevocationCheckRequest.IsUrl(source))
                {
                    var scheme = source.TrimStart().Substring(0, source.TrimStart().IndexOf(':'));
                    return Loaded.Failed($"{source}: unsupported URL scheme '{scheme}'", $"the URL scheme '{scheme}' is not supported (http, https, ldap, ldaps, or a file)", connectivity: false);
                }

                Uri? fileUri = null;
                if (isFile && !Uri.TryCreate(source, UriKind.Absolute, out fileUri))
                    return Loaded.Failed($"{source}: not a valid file URL", "not a valid file URL", connectivity: false);
                var path = fileUri?.LocalPath ?? source;
                var read = InputFile.Read(path, InputFileKind.Crl, _options.MaxCrlBytes);
                if (read.IsFailure) return Loaded.Failed($"{source}: {read.Failure!.ErrorId}: {read.Failure.Message}", read.Failure.Message, connectivity: false);
                var bytes = read.Result!;

                try
                {
                    return new Loaded(new LoadedCrl(ParseCrl(bytes), source), $"{source}: read {bytes.Length} bytes");
                }
                catch (FormatException ex)
                {
                    return Loaded.Failed($"{source}: not a CRL: {ex.Message}", "not a CRL: " + ex.Message, connectivity: false);
                }
            }
        }

        internal sealed class Loaded
        {
            public Loaded(LoadedCrl? crl, string step)
            {
                Crl = crl;
                Step = step;
            }

            public LoadedCrl? Crl { get; }

            public string Step { get; }

            public string Error { get; private set; } = "";

            public bool Connectivity { get; private set; }

            /// <summary>The location could not be used here at all (an LDAP URL without server off Windows).</summary>
            public bool NotAttempted { get; private set; }

            public static Loaded Failed(string step, string error, bool connectivity, bool notAttempted = false) =>
                new Loaded(null, step) { Error = error, Connectivity = connectivity, NotAttempted = notAttempted };
        }
    }
}
