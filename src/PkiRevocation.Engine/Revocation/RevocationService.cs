using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using PkiRevocation.Configuration;
using PkiRevocation.Crl;
using PkiRevocation.Diagnostics;

namespace PkiRevocation.Revocation
{
    /// <summary>
    /// The combined revocation check: picks the policy for each certificate (or the one named), walks its methods in
    /// order — OCSP; CRL when OCSP gives no trustworthy answer (or Unknown under UnknownStatus Indeterminate); None
    /// if listed — and reports who decided. Validity dates never decide anything here.
    /// </summary>
    public sealed class RevocationService
    {
        private const string Activity = "Checking revocation";
        private readonly EngineEnvironment _environment;
        private readonly CrlService _crl;
        private readonly RevocationPolicyService _policies;
        private readonly IOcspChecker _ocsp;

        public RevocationService(EngineEnvironment environment, CrlService crl, RevocationPolicyService policies, Ocsp.OcspService ocsp)
            : this(environment, crl, policies, new OcspServiceChecker(ocsp, crl.Cache, environment.Clock))
        {
        }

        internal RevocationService(EngineEnvironment environment, CrlService crl, RevocationPolicyService policies, IOcspChecker ocsp)
        {
            _environment = environment;
            _crl = crl;
            _policies = policies;
            _ocsp = ocsp;
        }

        /// <summary>One outcome per certificate checked (per chain member with Scope Chain), in input order.</summary>
        public IEnumerable<Outcome<RevocationResult>> Check(RevocationCheckRequest request, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var at = ReferenceTime.Resolve(request.At, _environment.Clock);
            RevocationPolicy? named = null;
            InputFailure? setup = null;
            try
            {
                if (!string.IsNullOrEmpty(request.PolicyName))
                {
                    named = _policies.Find(request.PolicyName!);
                    if (named == null)
                        setup = new InputFailure(request.PolicyName!, ErrorIds.PolicyNotFound, FailureKind.NotFound, $"No revocation policy named '{request.PolicyName}' exists.");
                }
                else
                {
                    _policies.Get();
                }
            }
            catch (ConfigurationCorruptException ex)
            {
                setup = new InputFailure(ex.Path, ErrorIds.ConfigurationCorrupt, FailureKind.InvalidData, ex.Message, ex);
            }

            if (setup != null)
            {
                yield return setup;
                yield break;
            }

            var crlOptions = new CrlCheckRequest { Timeout = request.Timeout, UseCache = request.UseCache, LdapCredential = request.LdapCredential };
            foreach (var source in request.CrlSources) crlOptions.CrlSources.Add(source);
            var crlSession = _crl.NewSession(crlOptions, cancellationToken);
            var reported = new HashSet<string>(StringComparer.Ordinal);
            var pool = request.ChainCertificates.ToList();
            var fetchers = new Dictionary<bool, AiaIssuerFetcher>();
            if (request.Issuer != null) pool.Insert(0, request.Issuer);
            for (var i = 0; i < request.Certificates.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var certificate = request.Certificates[i];
                progress?.Report(new OperationProgress(Activity, certificate.Subject, i, request.Certificates.Count, certificate.Subject));
                var policy = Effective(named ?? _policies.Select(certificate), request, out var errors);
                if (errors.Count > 0)
                {
                    yield return new InputFailure(policy.Name, ErrorIds.PolicyInvalid, FailureKind.InvalidArgument,
                        $"The revocation policy '{policy.Name}' with the given overrides is not valid: {string.Join("; ", errors)}.", target: certificate);
                    continue;
                }

                var current = certificate;
                var position = 0;
                while (current != null)
                {
                    var issuer = FindIssuer(current, pool) ?? (position == 0 ? request.Issuer : null);
                    var issuerSteps = new List<string>();
                    if (issuer == null && request.FetchIssuers)
                    {
                        issuer = FetchIssuer(current, policy, request, fetchers, issuerSteps, cancellationToken);
                        if (issuer != null) pool.Add(issuer);
                    }
                    else if (issuer == null)
                    {
                        issuerSteps.Add("Fetching the issuer from the certificate's AIA caIssuers URLs is turned off");
                    }

                    var result = CheckOne(current, issuer, pool, policy, request, crlSession, at, position, cancellationToken, issuerSteps);

                    // A CRL given explicitly that cannot be used is an error of its own (once), as in the CRL check, beside the result.
                    foreach (var unusable in crlSession.UnusableExplicitSources())
                        if (reported.Add(unusable.Input)) yield return unusable;
                    yield return Outcome<RevocationResult>.Success(result);
                    if (policy.Scope != RevocationScope.Chain || issuer == null || IsSelfSigned(issuer)) break;
                    current = issuer;
                    position++;
                    if (position > 16) break;
                }
            }

            progress?.Report(new OperationProgress(Activity, "Done", request.Certificates.Count, request.Certificates.Count));
        }

        private static RevocationPolicy Effective(RevocationPolicy policy, RevocationCheckRequest request, out IReadOnlyList<string> errors)
        {
            var effective = policy.Clone();
            if (request.Methods != null) effective.Methods = request.Methods;
            if (request.UnknownStatus.HasValue) effective.UnknownStatus = request.UnknownStatus.Value;
            if (request.Scope.HasValue) effective.Scope = request.Scope.Value;
            if (request.MaxCrlAge.HasValue) effective.MaxCrlAge = request.MaxCrlAge.Value;
            errors = request.Methods != null || request.UnknownStatus.HasValue || request.Scope.HasValue || request.MaxCrlAge.HasValue
                ? RevocationPolicyService.Validate(effective) : Array.Empty<string>();
            return effective;
        }

        // The issuer from the certificate's AIA caIssuers URLs (one fetcher per PreferHttp setting, shared by the request).
        private X509Certificate2? FetchIssuer(X509Certificate2 certificate, RevocationPolicy policy, RevocationCheckRequest request,
            Dictionary<bool, AiaIssuerFetcher> fetchers, List<string> steps, CancellationToken cancellationToken)
        {
            if (!fetchers.TryGetValue(policy.PreferHttp, out var fetcher))
            {
                fetcher = new AiaIssuerFetcher(_environment, request.UseCache ? _crl.Cache : null, request.Timeout, policy.PreferHttp, request.LdapCredential);
                fetchers[policy.PreferHttp] = fetcher;
            }

            var fetched = fetcher.Fetch(certificate.RawData, steps, out var where, cancellationToken);
            if (fetched == null) return null;
            steps.Add($"Issuer '{fetched.SubjectDN}' found at {where}");
            return new X509Certificate2(fetched.GetEncoded());
        }

        private RevocationResult CheckOne(X509Certificate2 certificate, X509Certificate2? issuer, IList<X509Certificate2> pool, RevocationPolicy policy,
            RevocationCheckRequest request, CrlService.Session crlSession, DateTime at, int position, CancellationToken cancellationToken, List<string> issuerSteps)
        {
            var result = new RevocationResult
            {
                Subject = certificate.Subject,
                Issuer = certificate.Issuer,
                SerialNumber = certificate.SerialNumber,
                Thumbprint = certificate.Thumbprint,
                Policy = policy.Name,
                ChainPosition = position,
                ReferenceTime = at,
                Certificate = certificate,
            };
            var steps = new List<string> { $"Policy '{policy.Name}' ({policy.Origin}): {string.Join(", ", policy.Methods)}; Unknown means {policy.UnknownStatus}{(policy.SoftFail ? "; soft-fail" : "")}{(policy.PreferHttp ? "" : "; certificate's location order (PreferHttp off)")}"
                + (policy.MaxCrlAge.HasValue ? $"; CRLs older than {CrlEvaluator.DescribeAge(policy.MaxCrlAge.Value)} are stale" : "") };
            steps.AddRange(issuerSteps);
            if (issuer == null)
                return Undecided(result, steps, $"the issuer of '{certificate.Subject}' is neither among the given certificates nor in the CA and Root stores{(request.FetchIssuers ? " nor at its AIA caIssuers URLs" : "")}, so no OCSP request or CRL can be verified");

            var failures = new List<string>();
            var connectivityOnly = true;
            var others = pool.Where(c => c != issuer).ToList();
            foreach (var method in policy.Methods)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (method == RevocationMethod.Ocsp)
                {
                    var ocsp = _ocsp.Check(certificate, issuer, new OcspCheckOptions
                    {
                        ResponderUri = policy.ResponderUri ?? "",
                        Nonce = policy.Nonce,
                        TrustedResponders = policy.TrustedResponders ?? Array.Empty<string>(),
                        ExtraCertificates = others,
                        Timeout = request.Timeout,
                        UseCache = request.UseCache,
                    }, at, cancellationToken);
                    steps.AddRange(ocsp.Steps.Select(s => "OCSP: " + s));
                    var source = ocsp.FromCache ? RevocationDecisionSource.Cache : RevocationDecisionSource.Ocsp;
                    switch (ocsp.Status)
                    {
                        case OcspCheckStatus.Good:
                            steps.Add("OCSP decided: good");
                            return Decided(result, steps, RevocationStatus.NotRevoked, source);
                        case OcspCheckStatus.Revoked:
                            steps.Add("OCSP decided: revoked");
                            return Decided(result, steps, RevocationStatus.Revoked, source, ocsp.RevocationTime, ocsp.RevocationReason);
                        case OcspCheckStatus.Unknown when policy.UnknownStatus == UnknownStatusAction.Revoked:
                            steps.Add("OCSP answered unknown; the policy treats unknown as revoked");
                            return Decided(result, steps, RevocationStatus.Revoked, source);
                        case OcspCheckStatus.Unknown when policy.UnknownStatus == UnknownStatusAction.NotRevoked:
                            steps.Add("OCSP answered unknown; the policy treats unknown as not revoked");
                            return Decided(result, steps, RevocationStatus.NotRevoked, source);
                        case OcspCheckStatus.Unknown:
                            steps.Add("OCSP answered unknown; the policy treats unknown as no answer: next method");
                            failures.Add("OCSP: the responder does not know the certificate (unknown)");
                            connectivityOnly = false;
                            break;
                        default:
                            steps.Add($"OCSP gave no trustworthy answer: {ocsp.FailureReason}");
                            failures.Add("OCSP: " + ocsp.FailureReason);
                            connectivityOnly &= ocsp.ConnectivityFailure;
                            break;
                    }
                }
                else if (method == RevocationMethod.Crl)
                {
                    var crl = crlSession.CheckCertificate(certificate, issuer, others, at, policy.PreferHttp, policy.MaxCrlAge);
                    steps.AddRange(crl.Steps.Select(s => "CRL: " + s));
                    var source2 = crl.FromCache ? RevocationDecisionSource.Cache : RevocationDecisionSource.Crl;
                    if (crl.Status == CrlStatus.NotRevoked)
                    {
                        steps.Add("CRL decided: not revoked");
                        return Decided(result, steps, RevocationStatus.NotRevoked, source2);
                    }

                    if (crl.Status == CrlStatus.Revoked)
                    {
                        steps.Add("CRL decided: revoked");
                        return Decided(result, steps, RevocationStatus.Revoked, source2, crl.RevocationTime, crl.RevocationReason);
                    }

                    steps.Add($"CRL gave no trustworthy answer: {crl.FailureReason}");
                    failures.Add("CRL: " + crl.FailureReason);
                    connectivityOnly &= crl.ConnectivityFailure;
                }
                else
                {
                    steps.Add("None: the policy lists None, so the certificate is taken as not revoked without revocation data");
                    return Decided(result, steps, RevocationStatus.NotRevoked, RevocationDecisionSource.None);
                }
            }

            if (policy.SoftFail && failures.Count > 0 && connectivityOnly)
            {
                steps.Add("Soft-fail: every method failed only because its server could not be reached; the policy accepts the certificate");
                return Decided(result, steps, RevocationStatus.NotRevoked, RevocationDecisionSource.None);
            }

            if (policy.SoftFail) steps.Add("Soft-fail does not apply: a method failed for a reason other than reaching its server");
            return Undecided(result, steps, failures.Count == 0 ? "the policy lists no method that could decide" : string.Join("; ", failures));
        }

        private static RevocationResult Decided(RevocationResult result, List<string> steps, RevocationStatus status, RevocationDecisionSource by,
            DateTime? time = null, RevocationReason? reason = null)
        {
            result.Status = status;
            result.DecidedBy = by;
            result.RevocationTime = status == RevocationStatus.Revoked ? time : null;
            result.RevocationReason = status == RevocationStatus.Revoked ? reason : null;
            result.Steps = steps.ToArray();
            return result;
        }

        private static RevocationResult Undecided(RevocationResult result, List<string> steps, string reason)
        {
            steps.Add("Indeterminate: " + reason);
            result.Status = RevocationStatus.Indeterminate;
            result.DecidedBy = null;
            result.FailureReason = reason;
            result.Steps = steps.ToArray();
            return result;
        }

        // The given and chain certificates first; then the CA and Root stores (a server rarely sends the root that issued its leaf).
        private static X509Certificate2? FindIssuer(X509Certificate2 certificate, IEnumerable<X509Certificate2> pool) =>
            pool.FirstOrDefault(c => c.Thumbprint != certificate.Thumbprint && IssuedBy(certificate, c))
            ?? Certificates.SystemCaCertificates.All.FirstOrDefault(c => c.Thumbprint != certificate.Thumbprint && IssuedBy(certificate, c));

        private static bool IssuedBy(X509Certificate2 certificate, X509Certificate2 candidate)
        {
            if (!candidate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData)) return false;
            var issuer = Ocsp.IssuerLocator.TryParse(candidate.RawData);
            return issuer != null && Ocsp.SignatureVerifier.IssuedBy(certificate.RawData, issuer);
        }

        private static bool IsSelfSigned(X509Certificate2 certificate) => IssuedBy(certificate, certificate);
    }
}
