using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using PkiRevocation.Configuration;
using PkiRevocation.Ocsp;

namespace PkiRevocation.Revocation
{
    /// <summary>
    /// The OCSP step of the combined check through the OCSP engine (<see cref="OcspService"/>). Responses that decided
    /// are kept in the revocation cache until their nextUpdate and, while fresh, re-verified offline instead of asking
    /// the responder again — except under Nonce Required, where only a fresh exchange proves freshness.
    /// </summary>
    internal sealed class OcspServiceChecker : IOcspChecker
    {
        private readonly OcspService _ocsp;
        private readonly RevocationCache _cache;
        private readonly IClock _clock;

        public OcspServiceChecker(OcspService ocsp, RevocationCache cache, IClock clock)
        {
            _ocsp = ocsp;
            _cache = cache;
            _clock = clock;
        }

        public OcspCheckOutcome Check(X509Certificate2 certificate, X509Certificate2 issuer, OcspCheckOptions options, DateTime at, CancellationToken cancellationToken)
        {
            var steps = new List<string>();
            var request = new OcspCheckRequest
            {
                At = at,
                Timeout = options.Timeout,
                UseNonce = options.Nonce != NonceRequirement.Disabled,
                RequireNonce = options.Nonce == NonceRequirement.Required,
                FetchIssuers = false, // the combined check has found (or fetched) the issuer already
            };
            request.Certificates.Add(certificate);
            request.Issuers.Add(issuer);
            foreach (var extra in options.ExtraCertificates) request.Issuers.Add(extra);
            if (!string.IsNullOrEmpty(options.ResponderUri)) request.ResponderUri = new Uri(options.ResponderUri);
            foreach (var trusted in options.TrustedResponders)
            {
                var responder = ResolveTrusted(trusted, options.ExtraCertificates);
                if (responder != null) request.TrustedResponders.Add(responder);
                else steps.Add($"trusted responder '{trusted}': no such certificate among the given ones; ignored");
            }

            var key = $"{(string.IsNullOrEmpty(options.ResponderUri) ? "aia" : options.ResponderUri)}|{issuer.Thumbprint}|{certificate.SerialNumber}";
            var useCache = options.UseCache && options.Nonce != NonceRequirement.Required;
            if (useCache)
            {
                var cached = TryCached(key, certificate, issuer, request, steps);
                if (cached != null) return Map(cached, steps, fromCache: true);
            }

            var result = _ocsp.Check(request, null, cancellationToken).Single();
            if (options.UseCache && result.RawResponse != null && result.NextUpdate.HasValue && result.Status != OcspStatus.Indeterminate)
            {
                try { _cache.Store(RevocationCacheKind.Ocsp, key, result.RawResponse, result.ThisUpdate, result.NextUpdate, null, null, cancellationToken); }
                catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException || ex is TimeoutException) { steps.Add($"the response was not cached: {ex.Message}"); }
            }

            return Map(result, steps, fromCache: false);
        }

        private OcspResult? TryCached(string key, X509Certificate2 certificate, X509Certificate2 issuer, OcspCheckRequest request, List<string> steps)
        {
            try
            {
                var cached = _cache.TryRead(RevocationCacheKind.Ocsp, key);
                if (cached == null || !cached.Entry.NextUpdate.HasValue || cached.Entry.NextUpdate.Value <= _clock.UtcNow) return null;
                var replay = _ocsp.Verify(cached.Content, certificate, issuer, request);
                if (replay.Status == OcspStatus.Indeterminate)
                {
                    steps.Add($"cached response no longer verifies ({replay.FailureReason}); asking the responder");
                    return null;
                }

                steps.Add($"cached response (fetched {cached.Entry.FetchedAt:yyyy-MM-ddTHH:mm:ssZ}, kept until nextUpdate {cached.Entry.NextUpdate:yyyy-MM-ddTHH:mm:ssZ}) verified again");
                return replay;
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException || ex is TimeoutException)
            {
                return null;
            }
        }

        private static OcspCheckOutcome Map(OcspResult result, List<string> steps, bool fromCache)
        {
            var reason = result.RevocationReason != null && Enum.TryParse<RevocationReason>(result.RevocationReason, true, out var parsed) ? parsed : (RevocationReason?)null;
            return new OcspCheckOutcome
            {
                Status = result.Status == OcspStatus.Good ? OcspCheckStatus.Good
                    : result.Status == OcspStatus.Revoked ? OcspCheckStatus.Revoked
                    : result.Status == OcspStatus.Unknown ? OcspCheckStatus.Unknown
                    : OcspCheckStatus.Indeterminate,
                RevocationTime = result.RevocationTime,
                RevocationReason = result.Status == OcspStatus.Revoked ? reason ?? (result.RevocationReason == null ? (RevocationReason?)null : RevocationReason.Unspecified) : null,
                FailureReason = result.FailureReason.HasValue ? $"{result.FailureReason}: {result.FailureMessage}" : "",
                Responder = result.ResponderUri ?? "",
                ThisUpdate = result.ThisUpdate,
                NextUpdate = result.NextUpdate,
                FromCache = fromCache,
                ConnectivityFailure = result.FailureReason == OcspFailureReason.ResponderUnreachable
                                      || result.FailureReason == OcspFailureReason.Timeout
                                      || result.FailureReason == OcspFailureReason.HttpError,
                Steps = steps.Concat(result.Steps).ToArray(),
            };
        }

        // A trusted responder given as base64 DER, or as a SHA-1/SHA-256 thumbprint of one of the given certificates.
        private static X509Certificate2? ResolveTrusted(string value, IEnumerable<X509Certificate2> candidates)
        {
            var hex = value.Replace(":", "").Replace(" ", "");
            if ((hex.Length == 40 || hex.Length == 64) && hex.All(Uri.IsHexDigit))
            {
                foreach (var candidate in candidates)
                {
                    if (string.Equals(candidate.Thumbprint, hex, StringComparison.OrdinalIgnoreCase)) return candidate;
                    using (var sha = SHA256.Create())
                        if (string.Equals(Certificates.HexText.Upper(sha.ComputeHash(candidate.RawData)), hex, StringComparison.OrdinalIgnoreCase)) return candidate;
                }

                return null;
            }

            try { return new X509Certificate2(Convert.FromBase64String(value)); }
            catch (Exception ex) when (ex is FormatException || ex is CryptographicException) { return null; }
        }
    }
}
