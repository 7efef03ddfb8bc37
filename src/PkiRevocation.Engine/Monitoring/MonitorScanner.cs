using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using PkiRevocation.Diagnostics;
using PkiRevocation.Expiry;

namespace PkiRevocation.Monitoring
{
    /// <summary>
    /// The scan of a run: the configured sources (and, with IncludeLocallyIssued, the locally issued sources) through the
    /// <see cref="ExpiryService"/>, keeping each certificate that is expired or within NotificationStartDays once (by
    /// thumbprint) with its digest group. Certificates of a LocallyIssuedIssuer are left out unless IncludeLocallyIssued.
    /// </summary>
    internal sealed class MonitorScanner
    {
        private const string Activity = "Certificate monitor";
        private readonly ExpiryService _expiry;

        public MonitorScanner(ExpiryService expiry) => _expiry = expiry;

        public List<MonitoredCertificate> Scan(MonitorSettings settings, DateTime at, List<InputFailure> failures, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
        {
            var found = new List<MonitoredCertificate>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var issuers = new HashSet<string>((settings.LocallyIssuedIssuers ?? Array.Empty<string>()).Select(NormalizeName), StringComparer.OrdinalIgnoreCase);
            var passes = new List<(string[] Sources, bool LocallyIssued)> { (settings.Sources.Length > 0 ? settings.Sources : new[] { MonitorSource.DefaultSource }, false) };
            if (settings.IncludeLocallyIssued && settings.LocallyIssuedSources.Length > 0) passes.Add((settings.LocallyIssuedSources, true));

            foreach (var (sources, locallyIssuedSource) in passes)
            {
                var request = new ExpiryRequest { At = at, WithinDays = settings.NotificationStartDays };
                foreach (var text in sources)
                    if (MonitorSource.TryParse(text, out var source, out _)) source!.AddTo(request);

                foreach (var outcome in _expiry.Scan(request, progress, cancellationToken))
                {
                    if (outcome.IsFailure)
                    {
                        failures.Add(outcome.Failure!);
                        continue;
                    }

                    var expiry = outcome.Result!;
                    if (expiry.Status != ExpiryStatus.Expired && expiry.Status != ExpiryStatus.Expiring) continue;
                    var locallyIssued = locallyIssuedSource || issuers.Contains(NormalizeName(expiry.Issuer));
                    if (locallyIssued && !settings.IncludeLocallyIssued) continue;
                    if (!seen.Add(expiry.Thumbprint)) continue;
                    found.Add(new MonitoredCertificate
                    {
                        Subject = expiry.Subject,
                        Issuer = expiry.Issuer,
                        SerialNumber = expiry.SerialNumber,
                        Thumbprint = expiry.Thumbprint,
                        NotBefore = expiry.NotBefore,
                        NotAfter = expiry.NotAfter,
                        DaysRemaining = expiry.DaysRemaining,
                        Group = GroupOf(expiry, at),
                        TimeEncodingViolations = expiry.TimeEncodingViolations,
                        Source = expiry.Source,
                        LocallyIssued = locallyIssued,
                        ReferenceTime = at,
                        Certificate = expiry.Certificate,
                    });
                }
            }

            progress?.Report(new OperationProgress(Activity, $"{found.Count} certificate(s) need attention", 1, 1));
            return found;
        }

        private static MonitorGroup GroupOf(CertificateExpiry expiry, DateTime at) =>
            expiry.Status == ExpiryStatus.Expired ? MonitorGroup.Expired
            : expiry.NotAfter <= at + MonitorService.UrgentWindow ? MonitorGroup.Within7Days : MonitorGroup.WithinWindow;

        /// <summary>Issuer names compare by their RDNs, case- and order-insensitively ("CN=X, O=Y" equals "O=Y,CN=X"): tools print DNs in either order.</summary>
        private static string NormalizeName(string name) =>
            string.Join(",", (name ?? "").Split(',').Select(p => p.Trim().ToUpperInvariant()).Where(p => p.Length > 0).OrderBy(p => p, StringComparer.Ordinal));
    }
}
