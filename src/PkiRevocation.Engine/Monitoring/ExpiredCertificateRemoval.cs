using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using PkiRevocation.Certificates;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;
using PkiRevocation.Expiry;

namespace PkiRevocation.Monitoring
{
    /// <summary>
    /// Removal of expired certificates from a store (Remove-ExpiredCertificate, and RemoveExpired after a monitor run): each
    /// one is backed up as &lt;thumbprint&gt;.cer, read back, and only then removed. A certificate not expired at the reference
    /// time is never touched; a backup failure leaves the certificate in the store.
    /// </summary>
    internal sealed class ExpiredCertificateRemoval
    {
        private const string Activity = "Removing expired certificates";
        private readonly EngineEnvironment _environment;
        private readonly ExpiryService _expiry;

        public ExpiredCertificateRemoval(EngineEnvironment environment, ExpiryService expiry)
        {
            _environment = environment;
            _expiry = expiry;
        }

        public IReadOnlyList<Outcome<RemovedCertificate>> Remove(RemoveExpiredRequest request, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
        {
            var at = ReferenceTime.Resolve(request.At, _environment.Clock);
            var source = request.Store.ToString();
            var results = new List<Outcome<RemovedCertificate>>();
            var wanted = new HashSet<string>(request.Thumbprints.Select(t => t.Replace(" ", "").ToUpperInvariant()));
            X509Store store;
            try
            {
                store = new X509Store(request.Store.Name, request.Store.Location);
                var existingOnly = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? OpenFlags.OpenExistingOnly : 0;
                store.Open(OpenFlags.ReadWrite | existingOnly);
            }
            catch (Exception ex) when (ex is CryptographicException || ex is PlatformNotSupportedException || ex is UnauthorizedAccessException || ex is System.Security.SecurityException)
            {
                results.Add(new InputFailure(source, ErrorIds.StoreUnavailable, FailureKind.PermissionDenied, $"Cannot open the certificate store {source} for writing: {ex.Message}", ex));
                return results;
            }

            using (store)
            {
                var all = store.Certificates.Cast<X509Certificate2>().ToList();
                var seen = new HashSet<string>();
                for (var i = 0; i < all.Count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var certificate = all[i];
                    var thumbprint = certificate.Thumbprint.ToUpperInvariant();
                    if (wanted.Count > 0 && !wanted.Contains(thumbprint)) continue;
                    seen.Add(thumbprint);
                    progress?.Report(new OperationProgress(Activity, source, i, all.Count, certificate.Subject));
                    var evaluated = _expiry.Evaluate(new LoadedCertificate(certificate.RawData, source, CertificateFormat.Store, certificate), at, new ExpiryRequest { At = at });
                    if (evaluated == null || evaluated.Value.IsFailure)
                    {
                        if (evaluated?.Failure != null) results.Add(evaluated.Value.Failure);
                        continue;
                    }

                    var expiry = evaluated.Value.Result!;
                    if (expiry.Status != ExpiryStatus.Expired)
                    {
                        if (wanted.Count > 0)
                            results.Add(new InputFailure(thumbprint, ErrorIds.CertificateNotExpired, FailureKind.InvalidArgument,
                                $"'{expiry.Subject}' ({thumbprint}) in {source} is not expired at {MonitorDigest.Iso(at)} (notAfter {MonitorDigest.Iso(expiry.NotAfter)}); it was left in place.", null, expiry));
                        continue;
                    }

                    if (request.Confirm != null && !request.Confirm(expiry)) continue;
                    results.Add(BackupAndRemove(store, certificate, expiry, request.BackupFolder, source, at));
                }

                foreach (var missing in wanted.Where(t => !seen.Contains(t)))
                    results.Add(new InputFailure(missing, ErrorIds.PathNotFound, FailureKind.NotFound, $"No certificate with thumbprint {missing} is in {source}."));
            }

            progress?.Report(new OperationProgress(Activity, "Done", 1, 1));
            return results;
        }

        /// <summary>RemoveExpired after a run: the expired store certificates whose notice was accepted (now or before).</summary>
        public void RemoveNotified(MonitorSettings settings, List<MonitoredCertificate> certificates, DateTime at, List<InputFailure> failures)
        {
            // Only after a notice about the certificate was accepted: removing it first would lose the notice for good.
            var removable = certificates.Where(c => c.Group == MonitorGroup.Expired && (c.NotificationSent || c.LastNotified != null)
                                                    && c.Source.StartsWith("store://", StringComparison.OrdinalIgnoreCase));
            foreach (var group in removable.GroupBy(c => c.Source))
            {
                if (!CertificateStoreReference.TryParse(group.Key, out var store, out _)) continue;
                var request = new RemoveExpiredRequest(store!, settings.BackupFolder) { At = at };
                foreach (var certificate in group) request.Thumbprints.Add(certificate.Thumbprint);
                foreach (var outcome in Remove(request, null, CancellationToken.None))
                {
                    if (outcome.IsFailure)
                    {
                        failures.Add(outcome.Failure!);
                        continue;
                    }

                    var removed = group.First(c => string.Equals(c.Thumbprint, outcome.Result!.Thumbprint, StringComparison.OrdinalIgnoreCase));
                    removed.Removed = true;
                    removed.BackupPath = outcome.Result!.BackupPath;
                }
            }
        }

        private static Outcome<RemovedCertificate> BackupAndRemove(X509Store store, X509Certificate2 certificate, CertificateExpiry expiry, string backupFolder, string source, DateTime at)
        {
            var thumbprint = certificate.Thumbprint.ToUpperInvariant();
            var backup = Path.Combine(Path.GetFullPath(backupFolder), thumbprint + ".cer");
            try
            {
                AtomicFile.WriteAllBytes(backup, certificate.RawData);
                if (!File.ReadAllBytes(backup).SequenceEqual(certificate.RawData)) throw new IOException($"'{backup}' does not read back as written.");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return new InputFailure(backup, ErrorIds.CertificateBackupFailed, FailureKind.PermissionDenied,
                    $"Cannot back up '{expiry.Subject}' ({thumbprint}) to '{backup}': {ex.Message}. It was left in {source}.", ex, expiry);
            }

            try
            {
                store.Remove(certificate);
            }
            catch (Exception ex) when (ex is CryptographicException || ex is UnauthorizedAccessException || ex is System.Security.SecurityException)
            {
                return new InputFailure(thumbprint, ErrorIds.CertificateRemoveFailed, FailureKind.PermissionDenied,
                    $"Cannot remove '{expiry.Subject}' ({thumbprint}) from {source}: {ex.Message}. The backup is at '{backup}'.", ex, expiry);
            }

            return Outcome<RemovedCertificate>.Success(new RemovedCertificate
            {
                Subject = expiry.Subject,
                Issuer = expiry.Issuer,
                Thumbprint = thumbprint,
                NotAfter = expiry.NotAfter,
                DaysRemaining = expiry.DaysRemaining,
                Store = source,
                BackupPath = backup,
                HadPrivateKey = certificate.HasPrivateKey,
                ReferenceTime = at,
            });
        }
    }
}
