using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PkiRevocation.Certificates;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;
using PkiRevocation.Net;

namespace PkiRevocation.Expiry
{
    /// <summary>
    /// Reports certificate expiry from given certificates, files, folders, stores and TLS endpoints, and checks the
    /// RFC 5280 time encoding of each. One bad input yields a failure for that input; the rest go on.
    /// </summary>
    public sealed class ExpiryService
    {
        private const string Activity = "Reading certificate expiry";
        private readonly EngineEnvironment _environment;
        private readonly TlsCertificateReader _tls;

        // What a certificate's bytes say (names, serial, thumbprint, times), decoded once per distinct encoding: a bundle
        // or a folder that repeats certificates pays for each once. Each certificate still gets its own result.
        private readonly EncodingCache<CertificateFacts> _facts = new EncodingCache<CertificateFacts>(4096, CertificateFacts.ReadDetached);

        public ExpiryService(EngineEnvironment environment)
        {
            _environment = environment;
            _tls = new TlsCertificateReader(environment.Tcp);
        }

        /// <summary>Streams one outcome per certificate (or per failed input), in input order.</summary>
        public IEnumerable<Outcome<CertificateExpiry>> Scan(ExpiryRequest request, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var at = ReferenceTime.Resolve(request.At, _environment.Clock);
            var invalid = request.WithinDays.HasValue
                ? InputRanges.Check("WithinDays", request.WithinDays.Value, InputRanges.MinWithinDays, InputRanges.MaxWithinDays, "days")
                : null;
            invalid = invalid ?? InputRanges.Check("ThrottleLimit", request.ThrottleLimit, InputRanges.MinThrottleLimit, InputRanges.MaxThrottleLimit, "at once");
            if (invalid != null)
            {
                yield return new InputFailure("ExpiryRequest", ErrorIds.InvalidArgument, FailureKind.InvalidArgument, invalid);
                yield break;
            }

            var inputs = Inputs(request).ToList();
            for (var i = 0; i < inputs.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var input = inputs[i];
                progress?.Report(new OperationProgress(Activity, input.Name, i, inputs.Count, input.Name));
                var loaded = input.Load(cancellationToken);
                if (loaded.IsFailure)
                {
                    yield return loaded.Failure!;
                    continue;
                }

                foreach (var certificate in loaded.Result!)
                {
                    var outcome = Evaluate(certificate, at, request);
                    if (outcome.HasValue) yield return outcome.Value;
                }
            }

            progress?.Report(new OperationProgress(Activity, "Done", inputs.Count, inputs.Count));
        }

        /// <summary>The expiry of one certificate at <paramref name="at"/>; null when -WithinDays filters it out.</summary>
        public Outcome<CertificateExpiry>? Evaluate(LoadedCertificate loaded, DateTime at, ExpiryRequest request)
        {
            CertificateFacts facts;
            try
            {
                facts = _facts.Get(loaded.RawData, 0, loaded.RawData.Length);
            }
            catch (FormatException ex)
            {
                return Outcome<CertificateExpiry>.Failed(new InputFailure(loaded.Source, ErrorIds.NotACertificate, FailureKind.InvalidData,
                    $"A certificate in '{loaded.Source}' cannot be decoded: {ex.Message}", ex));
            }

            var window = request.WithinDays ?? ExpiryClassifier.DefaultWindowDays;
            var status = ExpiryClassifier.Classify(facts.NotBefore, facts.NotAfter, at, window);
            if (request.WithinDays.HasValue && status == ExpiryStatus.Valid) return null;

            var violations = facts.Times.Violations.Count == 0 ? Array.Empty<string>() : facts.Times.Violations.Select(v => v.ToString()).ToArray();
            var result = new CertificateExpiry
            {
                Subject = facts.Subject,
                Issuer = facts.Issuer,
                SerialNumber = facts.SerialNumber,
                Thumbprint = facts.Thumbprint,
                NotBefore = facts.NotBefore,
                NotAfter = facts.NotAfter,
                DaysRemaining = ExpiryClassifier.DaysRemaining(facts.NotAfter, at),
                Status = status,
                Source = loaded.Source,
                SourceFormat = loaded.Format,
                TimeEncoding = violations.Length == 0 ? "Valid" : string.Join("; ", violations),
                TimeEncodingViolations = violations,
                ReferenceTime = at,
                Certificate = loaded.Certificate,
            };
            if (loaded.Certificate == null && facts.PlatformAccepts) result.SetCertificateOnDemand(loaded.RawData);

            if (request.Strict && violations.Length > 0)
                // The error's target is where the certificate came from (file, store or endpoint), as for every other input failure.
                return Outcome<CertificateExpiry>.Failed(new InputFailure(loaded.Source, ErrorIds.TimeEncodingViolation, FailureKind.InvalidData,
                    $"The certificate '{facts.Subject}' ({facts.Thumbprint}) in '{loaded.Source}' breaks the RFC 5280 time rules: {result.TimeEncoding}.", null, loaded.Source));
            return Outcome<CertificateExpiry>.Success(result);
        }

        private IEnumerable<Input> Inputs(ExpiryRequest request)
        {
            foreach (var (certificate, source) in request.Certificates)
            {
                var label = string.IsNullOrEmpty(source) ? "Pipeline" : source;
                yield return new Input(label, _ => Outcome<IReadOnlyList<LoadedCertificate>>.Success(new[] { new LoadedCertificate(certificate.RawData, label, CertificateFormat.Pipeline, certificate) }));
            }

            foreach (var path in request.Paths)
            {
                var failure = CertificateFileReader.TryExpandPath(path, request.Recurse, out var files);
                if (failure != null) yield return new Input(path, _ => failure);

                foreach (var file in files)
                    yield return new Input(file, _ => CertificateFileReader.Read(file, request.Password));
            }

            var stores = request.HasSources ? request.Stores : new[] { CertificateStoreReference.Default };
            foreach (var store in stores)
                yield return new Input(store.ToString(), _ => CertificateStoreReader.Read(store));

            // Endpoints are read concurrently (at most ThrottleLimit handshakes at once) and reported in input order.
            var throttle = new SemaphoreSlim(Math.Max(1, request.ThrottleLimit));
            var reads = new Dictionary<TlsEndpoint, Task<Outcome<IReadOnlyList<LoadedCertificate>>>>();
            foreach (var endpoint in request.Endpoints)
            {
                yield return new Input(endpoint.ToString(), token =>
                {
                    if (reads.Count == 0)
                        foreach (var pending in request.Endpoints.Distinct())
                            reads[pending] = ReadThrottledAsync(pending, request.Timeout, throttle, token);
                    return reads[endpoint].GetAwaiter().GetResult();
                });
            }
        }

        private async Task<Outcome<IReadOnlyList<LoadedCertificate>>> ReadThrottledAsync(TlsEndpoint endpoint, TimeSpan timeout, SemaphoreSlim throttle, CancellationToken cancellationToken)
        {
            await throttle.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await _tls.ReadAsync(endpoint, timeout, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                throttle.Release();
            }
        }

        private sealed class Input
        {
            public Input(string name, Func<CancellationToken, Outcome<IReadOnlyList<LoadedCertificate>>> load)
            {
                Name = name;
                Load = load;
            }

            public string Name { get; }

            public Func<CancellationToken, Outcome<IReadOnlyList<LoadedCertificate>>> Load { get; }
        }
    }
}
