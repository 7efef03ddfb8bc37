using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;

namespace PkiRevocation.Monitoring
{
    /// <summary>
    /// One monitor pass, in order: settings checked, the run lock taken, the schedule consulted, the sources scanned
    /// (<see cref="MonitorScanner"/>), the notices that are due decided, ONE digest built and delivered
    /// (<see cref="MonitorDelivery"/>), expired store certificates removed when asked, and the run state written.
    /// Notices are marked sent only when the primary channel accepted the digest; a failed delivery leaves them pending.
    /// A run killed before the state is written sends again next time (at least once, never lost).
    /// </summary>
    internal sealed class MonitorRun
    {
        private static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(90);
        private readonly MonitorService _monitor;

        public MonitorRun(MonitorService monitor) => _monitor = monitor;

        private MonitorFiles Files => _monitor.Files;

        public MonitorRunResult Execute(MonitorRunRequest request, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
        {
            var at = ReferenceTime.Resolve(request.At, _monitor.Environment.Clock);
            var scope = Files.ResolveScope(request.Scope);
            var result = new MonitorRunResult { Scope = scope, At = at, WhatIf = request.WhatIf };
            var failures = new List<InputFailure>();
            var settingsStore = new JsonFileStore<MonitorSettings>(Files.SettingsPath(scope));

            if (!settingsStore.Exists)
                return Finish(result, failures, MonitorRunOutcome.NotConfigured, new InputFailure(settingsStore.Path, ErrorIds.MonitorNotConfigured, FailureKind.InvalidConfiguration,
                    $"The certificate monitor is not configured for {scope} ({settingsStore.Path} does not exist): run Set-CertificateMonitor or 'pkirev monitor set' first."));

            MonitorSettings settings;
            string? webhookProblem;
            try
            {
                settings = _monitor.SettingsStore.LoadWebhook(settingsStore.Read(), scope, out webhookProblem);
            }
            catch (ConfigurationCorruptException ex)
            {
                return Finish(result, failures, MonitorRunOutcome.ConfigurationInvalid, new InputFailure(ex.Path, ErrorIds.ConfigurationCorrupt, FailureKind.InvalidConfiguration, ex.Message, ex));
            }

            if (webhookProblem != null) failures.Add(new InputFailure(Files.WebhookPath(scope), ErrorIds.WebhookFailed, FailureKind.InvalidConfiguration, webhookProblem));
            var errors = MonitorSettingsValidator.Validate(settings);
            if (errors.Count > 0)
                return Finish(result, failures, MonitorRunOutcome.ConfigurationInvalid, new InputFailure(settingsStore.Path, ErrorIds.MonitorSettingsInvalid, FailureKind.InvalidConfiguration,
                    $"The monitor settings in {settingsStore.Path} are invalid: {string.Join(" ", errors)}"));

            if (!settings.Enabled)
            {
                result.Message = "The certificate monitor is disabled (Set-CertificateMonitor -Enabled $true to enable it).";
                return Finish(result, failures, MonitorRunOutcome.Disabled, null);
            }

            CrossProcessLock runLock;
            try
            {
                runLock = CrossProcessLock.Acquire(Files.RunLockPath(scope), request.LockTimeout, cancellationToken);
            }
            catch (TimeoutException ex)
            {
                return Finish(result, failures, MonitorRunOutcome.Busy, new InputFailure(Files.RunLockPath(scope), ErrorIds.MonitorBusy, FailureKind.ResourceBusy,
                    $"Another certificate monitor run for {scope} is still going on: {ex.Message}", ex));
            }

            using (runLock)
                return RunLocked(request, settings, scope, at, result, failures, progress, cancellationToken);
        }

        private MonitorRunResult RunLocked(MonitorRunRequest request, MonitorSettings settings, ConfigurationScope scope, DateTime at, MonitorRunResult result,
            List<InputFailure> failures, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
        {
            var stateStore = new JsonFileStore<MonitorState>(Files.StatePath(scope));
            MonitorState state;
            try
            {
                state = stateStore.Read();
            }
            catch (ConfigurationCorruptException ex)
            {
                return Finish(result, failures, MonitorRunOutcome.ConfigurationInvalid, new InputFailure(ex.Path, ErrorIds.ConfigurationCorrupt, FailureKind.InvalidConfiguration, ex.Message, ex));
            }

            result.NextRun = state.NextRun;
            if (!request.WhatIf && !request.Force && state.NextRun.HasValue && at < state.NextRun.Value)
            {
                result.Message = $"Not due: the next run is due at {MonitorDigest.Iso(state.NextRun.Value)} (use -Force / --force to run now).";
                return Finish(result, failures, MonitorRunOutcome.NotDue, null);
            }

            var certificates = _monitor.Scanner.Scan(settings, at, failures, progress, cancellationToken);
            MarkDueNotices(certificates, state, settings, at);
            var due = certificates.Where(c => c.NoticeDue).ToList();
            result.Certificates = certificates.ToArray();
            result.CertificatesFound = certificates.Count;
            result.NoticesDue = due.Count;
            var nextRun = at + (certificates.Any(c => c.Group == MonitorGroup.Within7Days) ? MonitorService.UrgentCadence : MonitorService.DefaultCadence);
            MonitorDigest? digest = null;
            if (due.Count > 0)
            {
                digest = MonitorDigest.Build(due, at, settings.NotificationStartDays, _monitor.HostName, nextRun);
                result.DigestSubject = digest.Subject;
                result.DigestText = digest.Text;
                result.Recipients = settings.EnableEmail ? settings.EmailTo.ToArray() : Array.Empty<string>();
            }

            if (request.WhatIf)
            {
                result.NextRun = nextRun;
                result.Message = due.Count == 0
                    ? $"{certificates.Count} certificate(s) within {settings.NotificationStartDays} days or expired; no notice is due."
                    : $"Would send one digest with {due.Count} notice(s) via {string.Join(", ", MonitorDelivery.EnabledChannels(settings).DefaultIfEmpty("no channel (none enabled)"))}" +
                      (settings.EnableEmail ? $" to {string.Join(", ", settings.EmailTo)}." : ".");
                return Finish(result, failures, MonitorRunOutcome.WhatIf, null);
            }

            MonitorRunOutcome outcome;
            if (digest == null)
            {
                outcome = MonitorRunOutcome.NothingDue;
                result.Message = $"{certificates.Count} certificate(s) within {settings.NotificationStartDays} days or expired; no notice is due.";
            }
            else
            {
                outcome = _monitor.Delivery.Deliver(_monitor.Mail, settings, scope, request.Credential, request.AccessToken, due, digest, result, failures, cancellationToken);
                if (outcome == MonitorRunOutcome.Sent)
                {
                    foreach (var certificate in due)
                    {
                        certificate.NotificationSent = true;
                        certificate.LastNotified = at;
                        certificate.NextNotice = at + settings.NotificationFrequency;
                    }

                    result.DigestSent = true;
                    result.NoticesSent = due.Count;
                    result.Message = $"Sent one digest with {due.Count} notice(s) via {string.Join(", ", result.Channels)}.";
                }
                else
                {
                    var retry = at + MonitorService.RetryCadence;
                    if (retry < nextRun) nextRun = retry;
                    if (settings.EventLog) EventLogChannel.WriteDeliveryFailure(result.Message);
                }
            }

            if (settings.RemoveExpired) _monitor.Removal.RemoveNotified(settings, certificates, at, failures);

            result.NextRun = nextRun;
            cancellationToken.ThrowIfCancellationRequested();
            SaveState(stateStore, certificates, at, outcome, result.Message, nextRun);
            result.Outcome = outcome;
            if (!string.IsNullOrEmpty(request.MetricsFile)) WriteMetrics(request.MetricsFile!, result, failures);
            return Finish(result, failures, outcome, null);
        }

        /// <summary>The run's metrics file; a failure to write it is reported and changes nothing else (the notices are sent).</summary>
        private static void WriteMetrics(string path, MonitorRunResult result, List<InputFailure> failures)
        {
            try
            {
                var metrics = new Metrics.CertificateMetrics();
                metrics.Add(result);
                metrics.WriteFile(path);
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                failures.Add(new InputFailure(path, ErrorIds.MetricsFileFailed, FailureKind.PermissionDenied, $"Cannot write the metrics file '{path}': {ex.Message}", ex));
            }
        }

        /// <summary>A notice is due when none was sent, the frequency has passed since the last, or the group got worse.</summary>
        private static void MarkDueNotices(List<MonitoredCertificate> certificates, MonitorState state, MonitorSettings settings, DateTime at)
        {
            foreach (var certificate in certificates)
            {
                state.Notices.TryGetValue(certificate.Thumbprint, out var record);
                var lastSent = record?.LastSentAt;
                certificate.LastNotified = lastSent;
                var worse = record?.LastGroup != null && certificate.Group < record.LastGroup.Value;
                certificate.NoticeDue = lastSent == null || at - lastSent.Value >= settings.NotificationFrequency || worse;
                certificate.NextNotice = certificate.NoticeDue ? at : lastSent!.Value + settings.NotificationFrequency;
            }
        }

        /// <summary>Records the run and each certificate seen; forgets certificates not seen for 90 days.</summary>
        private static void SaveState(JsonFileStore<MonitorState> stateStore, List<MonitoredCertificate> certificates, DateTime at, MonitorRunOutcome outcome, string message, DateTime nextRun)
        {
            stateStore.Update(current =>
            {
                current.LastRun = at;
                current.LastOutcome = outcome;
                current.LastMessage = message;
                current.NextRun = nextRun;
                foreach (var certificate in certificates)
                {
                    if (!current.Notices.TryGetValue(certificate.Thumbprint, out var record))
                        current.Notices[certificate.Thumbprint] = record = new MonitorNoticeRecord { Thumbprint = certificate.Thumbprint };
                    record.Subject = certificate.Subject;
                    record.NotAfter = certificate.NotAfter;
                    record.Source = certificate.Source;
                    record.LastSeenAt = at;
                    if (certificate.NotificationSent)
                    {
                        record.LastSentAt = at;
                        record.LastGroup = certificate.Group;
                    }
                }

                foreach (var stale in current.Notices.Where(n => at - n.Value.LastSeenAt > ForgetAfter).Select(n => n.Key).ToList())
                    current.Notices.Remove(stale);
                return current;
            }, CancellationToken.None);
        }

        private static MonitorRunResult Finish(MonitorRunResult result, List<InputFailure> failures, MonitorRunOutcome outcome, InputFailure? failure)
        {
            if (failure != null)
            {
                failures.Add(failure);
                if (string.IsNullOrEmpty(result.Message)) result.Message = failure.Message;
            }

            result.Outcome = outcome;
            result.SetFailures(failures.ToArray());
            result.Errors = failures.Select(f => f.ToString()).ToArray();
            return result;
        }
    }
}
