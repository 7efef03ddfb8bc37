using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
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
    /// The certificate monitor: settings per scope (monitor.json), one run at a time per scope (a cross-process run lock),
    /// run state per certificate (state/monitor-&lt;scope&gt;.json, atomic). A run scans the sources with the
    /// <see cref="ExpiryService"/>, decides per certificate whether a notice is due (never sent, the frequency has passed,
    /// or the group got worse), and sends ONE digest. Notices are marked sent only when the primary channel accepted the
    /// digest: the SMTP server when e-mail is enabled, otherwise the webhook, otherwise the event log. A failed delivery
    /// leaves them pending. A run killed before the state is written sends again next time (at least once, never lost).
    /// Cadence: the next run is due 24 hours later, 1 hour later while any certificate is within 7 days of expiry (or after
    /// a failed delivery); restarting the monitor (<see cref="Restart"/>) makes the next run due 24 hours later.
    /// </summary>
    public sealed class MonitorService
    {
        public const string SettingsFileName = "monitor.json";
        public static readonly TimeSpan DefaultCadence = TimeSpan.FromHours(24);
        public static readonly TimeSpan UrgentCadence = TimeSpan.FromHours(1);
        public static readonly TimeSpan UrgentWindow = TimeSpan.FromDays(7);
        public static readonly TimeSpan RetryCadence = TimeSpan.FromHours(1);
        private static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(90);
        private const string Activity = "Certificate monitor";

        private readonly EngineEnvironment _environment;
        private readonly ExpiryService _expiry;

        public MonitorService(EngineEnvironment environment, ExpiryService expiry, IMailTransport? mail = null)
        {
            _environment = environment ?? throw new ArgumentNullException(nameof(environment));
            _expiry = expiry ?? throw new ArgumentNullException(nameof(expiry));
            Mail = mail ?? SmtpMailTransport.Instance;
        }

        /// <summary>The mail transport (System.Net.Mail by default).</summary>
        public IMailTransport Mail { get; set; }

        /// <summary>The host name the digest names.</summary>
        public string HostName { get; set; } = Environment.MachineName;

        public string SettingsPath(ConfigurationScope scope) => _environment.Paths.ConfigurationFile(scope, SettingsFileName);

        public string StatePath(ConfigurationScope scope) => Path.Combine(_environment.Paths.StateDirectory, $"monitor-{scope}.json");

        public string CredentialPath(ConfigurationScope scope) => ProtectedCredentialFile.PathFor(_environment.Paths, scope);

        private string RunLockPath(ConfigurationScope scope) => Path.Combine(_environment.Paths.StateDirectory, $"monitor-{scope}.run");

        /// <summary>The given scope; otherwise CurrentUser when it has settings, AllUsers when only that has, CurrentUser when neither.</summary>
        public ConfigurationScope ResolveScope(ConfigurationScope? scope)
        {
            if (scope.HasValue) return scope.Value;
            if (File.Exists(SettingsPath(ConfigurationScope.CurrentUser))) return ConfigurationScope.CurrentUser;
            return File.Exists(SettingsPath(ConfigurationScope.AllUsers)) ? ConfigurationScope.AllUsers : ConfigurationScope.CurrentUser;
        }

        /// <summary>The settings of a scope (defaults when there is no file). Throws ConfigurationCorruptException for a bad file.</summary>
        public MonitorSettings GetSettings(ConfigurationScope scope) => LoadWebhook(new JsonFileStore<MonitorSettings>(SettingsPath(scope)).Read(), scope, out _);

        public string WebhookPath(ConfigurationScope scope) => ProtectedCredentialFile.WebhookPathFor(_environment.Paths, scope);

        /// <summary>Fills <see cref="MonitorSettings.WebhookUri"/> from its protected file; a missing or unreadable file leaves it empty with the reason.</summary>
        private MonitorSettings LoadWebhook(MonitorSettings settings, ConfigurationScope scope, out string? problem)
        {
            problem = null;
            settings.WebhookUri = "";
            if (string.IsNullOrEmpty(settings.Webhook)) return settings;
            var path = WebhookPath(scope);
            try
            {
                settings.WebhookUri = ProtectedCredentialFile.Load(path, scope).Password;
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException || ex is InvalidDataException || ex is FormatException || ex is IOException || ex is UnauthorizedAccessException)
            {
                problem = $"The webhook URL ({settings.Webhook}) cannot be read from '{path}' ({ex.Message}): set it again with -WebhookUri / --webhook-uri.";
            }

            return settings;
        }

        /// <summary>Settings without secrets, the last run and the next due run. Throws ConfigurationCorruptException for a bad file.</summary>
        public MonitorStatus GetStatus(ConfigurationScope? scope = null)
        {
            var resolved = ResolveScope(scope);
            var store = new JsonFileStore<MonitorSettings>(SettingsPath(resolved));
            var settings = store.Read();
            var state = new JsonFileStore<MonitorState>(StatePath(resolved)).Read();
            var credential = settings.Credential ?? new MonitorCredentialReference();
            return new MonitorStatus
            {
                Scope = resolved,
                Configured = store.Exists,
                Enabled = settings.Enabled,
                NotificationStartDays = settings.NotificationStartDays,
                NotificationFrequency = settings.NotificationFrequency,
                EnableEmail = settings.EnableEmail,
                EmailTo = settings.EmailTo,
                From = settings.From,
                SmtpServer = settings.SmtpServer,
                SmtpPort = settings.SmtpPort,
                SmtpSecurity = settings.SmtpSecurity,
                CredentialKind = credential.Kind,
                CredentialUserName = credential.UserName,
                CredentialLocation = credential.Kind switch
                {
                    MonitorCredentialKind.ProtectedFile => CredentialPath(resolved),
                    MonitorCredentialKind.SecretManagement => $"secret '{credential.SecretName}'" + (string.IsNullOrEmpty(credential.Vault) ? "" : $" in vault '{credential.Vault}'"),
                    _ => "",
                },
                Sources = settings.Sources.Length > 0 ? settings.Sources : new[] { MonitorSource.DefaultSource },
                IncludeLocallyIssued = settings.IncludeLocallyIssued,
                LocallyIssuedIssuers = settings.LocallyIssuedIssuers,
                LocallyIssuedSources = settings.LocallyIssuedSources,
                Webhook = settings.Webhook,
                EventLog = settings.EventLog,
                RemoveExpired = settings.RemoveExpired,
                BackupFolder = settings.BackupFolder,
                LastRun = state.LastRun,
                LastOutcome = state.LastOutcome,
                LastMessage = state.LastMessage,
                NextRun = state.NextRun,
                PendingNotices = state.Notices.Values.Count(n => n.LastSentAt == null),
                SettingsPath = store.Path,
                StatePath = StatePath(resolved),
            };
        }

        /// <summary>
        /// Applies a change to the settings of <see cref="MonitorSettingsChange.Scope"/>. The merged settings are validated as
        /// a whole first: on any problem nothing is written (settings nor credential) and the failure lists every problem.
        /// </summary>
        public Outcome<MonitorStatus> Set(MonitorSettingsChange change)
        {
            if (change == null) throw new ArgumentNullException(nameof(change));
            var scope = change.Scope;
            var store = new JsonFileStore<MonitorSettings>(SettingsPath(scope));
            var credentialPath = CredentialPath(scope);
            try
            {
                store.Update(current =>
                {
                    var merged = Apply(LoadWebhook(current.Clone(), scope, out _), change);
                    var errors = MonitorSettingsValidator.Validate(merged);
                    if (errors.Count > 0) throw new SettingsRejectedException(errors);
                    if (change.Credential != null) ProtectedCredentialFile.Save(credentialPath, scope, change.Credential);
                    if (change.WebhookUri != null)
                    {
                        if (merged.WebhookUri.Length == 0) ProtectedCredentialFile.Delete(WebhookPath(scope));
                        else ProtectedCredentialFile.Save(WebhookPath(scope), scope, new NetworkCredential("webhook", merged.WebhookUri));
                    }

                    return merged;
                });
            }
            catch (SettingsRejectedException ex)
            {
                return new InputFailure(store.Path, ErrorIds.MonitorSettingsInvalid, FailureKind.InvalidArgument,
                    "The monitor settings were not saved: " + string.Join(" ", ex.Errors), ex);
            }
            catch (ConfigurationCorruptException ex)
            {
                return new InputFailure(ex.Path, ErrorIds.ConfigurationCorrupt, FailureKind.InvalidConfiguration, ex.Message, ex);
            }
            catch (TimeoutException ex)
            {
                return new InputFailure(store.Path, ErrorIds.ConfigurationLocked, FailureKind.ResourceBusy, ex.Message, ex);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is CryptographicException)
            {
                return new InputFailure(store.Path, ErrorIds.PathAccessDenied, FailureKind.PermissionDenied, $"The monitor settings were not saved: {ex.Message}", ex);
            }

            // No password is left on disk once the login is cleared or handed over to SecretManagement.
            if ((change.ClearCredential || change.CredentialSecretName != null) && change.Credential == null) ProtectedCredentialFile.Delete(credentialPath);
            if (change.Restart) Restart(scope, change.At);
            return Outcome<MonitorStatus>.Success(GetStatus(scope));
        }

        /// <summary>The restart rule: "When you restart the service, it calculates the next run 24 hours later."</summary>
        public MonitorStatus Restart(ConfigurationScope? scope = null, DateTime? at = null)
        {
            var resolved = ResolveScope(scope);
            var now = ReferenceTime.Resolve(at, _environment.Clock);
            new JsonFileStore<MonitorState>(StatePath(resolved)).Update(state =>
            {
                state.LastRestart = now;
                state.NextRun = now + DefaultCadence;
                return state;
            });
            return GetStatus(resolved);
        }

        /// <summary>One scheduled pass (returns NotDue early when the next run is not due). See <see cref="Run(MonitorRunRequest, IProgress{OperationProgress}, CancellationToken)"/>.</summary>
        public MonitorRunResult Run(DateTime? at, bool whatIf, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default) =>
            Run(new MonitorRunRequest { At = at, WhatIf = whatIf }, progress, cancellationToken);

        /// <summary>
        /// One monitor pass. Configuration problems, a busy lock and delivery failures are results (Outcome, Message, Failures),
        /// never exceptions; only cancellation throws (OperationCanceledException), and then no state has changed.
        /// </summary>
        public MonitorRunResult Run(MonitorRunRequest request, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var at = ReferenceTime.Resolve(request.At, _environment.Clock);
            var scope = ResolveScope(request.Scope);
            var result = new MonitorRunResult { Scope = scope, At = at, WhatIf = request.WhatIf };
            var failures = new List<InputFailure>();
            var settingsStore = new JsonFileStore<MonitorSettings>(SettingsPath(scope));

            if (!settingsStore.Exists)
                return Finish(result, failures, MonitorRunOutcome.NotConfigured, new InputFailure(settingsStore.Path, ErrorIds.MonitorNotConfigured, FailureKind.InvalidConfiguration,
                    $"The certificate monitor is not configured for {scope} ({settingsStore.Path} does not exist): run Set-CertificateMonitor or 'pkirev monitor set' first."));

            MonitorSettings settings;
            string? webhookProblem;
            try
            {
                settings = LoadWebhook(settingsStore.Read(), scope, out webhookProblem);
            }
            catch (ConfigurationCorruptException ex)
            {
                return Finish(result, failures, MonitorRunOutcome.ConfigurationInvalid, new InputFailure(ex.Path, ErrorIds.ConfigurationCorrupt, FailureKind.InvalidConfiguration, ex.Message, ex));
            }

            if (webhookProblem != null) failures.Add(new InputFailure(WebhookPath(scope), ErrorIds.WebhookFailed, FailureKind.InvalidConfiguration, webhookProblem));
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
                runLock = CrossProcessLock.Acquire(RunLockPath(scope), request.LockTimeout, cancellationToken);
            }
            catch (TimeoutException ex)
            {
                return Finish(result, failures, MonitorRunOutcome.Busy, new InputFailure(RunLockPath(scope), ErrorIds.MonitorBusy, FailureKind.ResourceBusy,
                    $"Another certificate monitor run for {scope} is still going on: {ex.Message}", ex));
            }

            using (runLock)
                return RunLocked(request, settings, scope, at, result, failures, progress, cancellationToken);
        }

        private MonitorRunResult RunLocked(MonitorRunRequest request, MonitorSettings settings, ConfigurationScope scope, DateTime at, MonitorRunResult result,
            List<InputFailure> failures, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
        {
            var stateStore = new JsonFileStore<MonitorState>(StatePath(scope));
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

            var certificates = Scan(settings, at, failures, progress, cancellationToken);
            foreach (var certificate in certificates)
            {
                state.Notices.TryGetValue(certificate.Thumbprint, out var record);
                var lastSent = record?.LastSentAt;
                certificate.LastNotified = lastSent;
                var worse = record?.LastGroup != null && certificate.Group < record.LastGroup.Value;
                certificate.NoticeDue = lastSent == null || at - lastSent.Value >= settings.NotificationFrequency || worse;
                certificate.NextNotice = certificate.NoticeDue ? at : lastSent!.Value + settings.NotificationFrequency;
            }

            var due = certificates.Where(c => c.NoticeDue).ToList();
            result.Certificates = certificates.ToArray();
            result.CertificatesFound = certificates.Count;
            result.NoticesDue = due.Count;
            var nextRun = at + (certificates.Any(c => c.Group == MonitorGroup.Within7Days) ? UrgentCadence : DefaultCadence);
            MonitorDigest? digest = null;
            if (due.Count > 0)
            {
                digest = MonitorDigest.Build(due, at, settings.NotificationStartDays, HostName);
                result.DigestSubject = digest.Subject;
                result.DigestText = digest.Text;
                result.Recipients = settings.EnableEmail ? settings.EmailTo.ToArray() : Array.Empty<string>();
            }

            if (request.WhatIf)
            {
                result.NextRun = nextRun;
                result.Message = due.Count == 0
                    ? $"{certificates.Count} certificate(s) within {settings.NotificationStartDays} days or expired; no notice is due."
                    : $"Would send one digest with {due.Count} notice(s) via {string.Join(", ", EnabledChannels(settings).DefaultIfEmpty("no channel (none enabled)"))}" +
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
                outcome = Deliver(settings, scope, request, due, digest, result, failures, cancellationToken);
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
                    nextRun = Min(nextRun, at + RetryCadence);
                    if (settings.EventLog) EventLogChannel.WriteDeliveryFailure(result.Message);
                }
            }

            if (settings.RemoveExpired) RemoveExpiredFromStores(settings, certificates, at, failures);

            result.NextRun = nextRun;
            cancellationToken.ThrowIfCancellationRequested();
            stateStore.Update(current =>
            {
                current.LastRun = at;
                current.LastOutcome = outcome;
                current.LastMessage = result.Message;
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

            return Finish(result, failures, outcome, null);
        }

        private MonitorRunOutcome Deliver(MonitorSettings settings, ConfigurationScope scope, MonitorRunRequest request, List<MonitoredCertificate> due, MonitorDigest digest,
            MonitorRunResult result, List<InputFailure> failures, CancellationToken cancellationToken)
        {
            var channels = EnabledChannels(settings).ToList();
            if (channels.Count == 0)
            {
                result.Message = $"{due.Count} notice(s) are due but no channel is enabled (EnableEmail, WebhookUri, EventLog); they stay pending.";
                failures.Add(new InputFailure(SettingsPath(scope), ErrorIds.MonitorNoChannel, FailureKind.InvalidConfiguration, result.Message));
                return MonitorRunOutcome.NoChannel;
            }

            var delivered = new List<string>();
            bool primaryAccepted;
            if (settings.EnableEmail)
            {
                var credential = ResolveCredential(settings, scope, request.Credential, out var credentialFailure);
                if (credentialFailure != null)
                {
                    failures.Add(credentialFailure);
                    result.Message = credentialFailure.Message + $" Nothing was sent; {due.Count} notice(s) stay pending.";
                    return MonitorRunOutcome.ConfigurationInvalid;
                }

                var mail = NewMail(settings, credential, digest.Subject, digest.Text, digest.Html);
                var delivery = Mail.SendAsync(mail, cancellationToken).GetAwaiter().GetResult();
                result.ServerResponse = delivery.ServerResponse;
                primaryAccepted = delivery.Accepted;
                if (delivery.Accepted) delivered.Add("Email");
                else failures.Add(new InputFailure($"{settings.SmtpServer}:{settings.SmtpPort}", ErrorIds.SmtpSendFailed, FailureKind.ConnectionFailed,
                    $"The SMTP server did not accept the digest: {delivery.ServerResponse}. {due.Count} notice(s) stay pending.", delivery.Exception));
            }
            else primaryAccepted = false;

            if (!string.IsNullOrEmpty(settings.WebhookUri))
            {
                var (ok, response) = WebhookChannel.PostAsync(_environment.HttpHandlerFactory, new Uri(settings.WebhookUri), digest.Subject, digest.Text, cancellationToken).GetAwaiter().GetResult();
                if (ok) delivered.Add("Webhook");
                else failures.Add(new InputFailure(settings.Webhook, ErrorIds.WebhookFailed, FailureKind.ConnectionFailed, $"The webhook did not accept the digest: {response}"));
                if (!settings.EnableEmail) result.ServerResponse = response;
            }

            if (settings.EventLog)
            {
                if (EventLogChannel.WriteDigest(due, digest.Subject, out var message)) delivered.Add("EventLog");
                else failures.Add(new InputFailure(EventLogChannel.LogName, ErrorIds.EventLogFailed, FailureKind.NotSupported, message));
            }

            result.Channels = delivered.ToArray();
            if (!settings.EnableEmail) primaryAccepted = delivered.Count > 0;
            if (primaryAccepted) return MonitorRunOutcome.Sent;
            result.Message = $"The digest with {due.Count} notice(s) was not delivered ({failures.LastOrDefault()?.Message ?? "no channel accepted it"}); the notices stay pending for the next run.";
            return MonitorRunOutcome.SendFailed;
        }

        /// <summary>Sends a test message with the scope's mail settings (Send-CertificateMonitorTestMail).</summary>
        public Outcome<MailDelivery> SendTestMail(ConfigurationScope? scope = null, NetworkCredential? credential = null, CancellationToken cancellationToken = default)
        {
            var resolved = ResolveScope(scope);
            MonitorSettings settings;
            try
            {
                settings = GetSettings(resolved);
            }
            catch (ConfigurationCorruptException ex)
            {
                return new InputFailure(ex.Path, ErrorIds.ConfigurationCorrupt, FailureKind.InvalidConfiguration, ex.Message, ex);
            }

            var errors = MonitorSettingsValidator.Validate(settings).ToList();
            if (settings.EmailTo.Length == 0) errors.Add("EmailTo names no recipient.");
            if (string.IsNullOrWhiteSpace(settings.From)) errors.Add("From is empty.");
            if (string.IsNullOrWhiteSpace(settings.SmtpServer)) errors.Add("SmtpServer is empty.");
            if (errors.Count > 0)
                return new InputFailure(SettingsPath(resolved), ErrorIds.MonitorSettingsInvalid, FailureKind.InvalidConfiguration, "Cannot send a test mail: " + string.Join(" ", errors.Distinct()));

            var login = ResolveCredential(settings, resolved, credential, out var failure);
            if (failure != null) return failure;
            var at = _environment.Clock.UtcNow;
            var text = $"This is a test message from the PkiRevocation certificate monitor on {HostName} at {MonitorDigest.Iso(at)}.{Environment.NewLine}" +
                       $"Server {settings.SmtpServer}:{settings.SmtpPort} ({settings.SmtpSecurity}), recipients {string.Join(", ", settings.EmailTo)}.{Environment.NewLine}";
            var html = "<html><body><p>" + WebUtility.HtmlEncode(text).Replace(Environment.NewLine, "<br/>") + "</p></body></html>";
            var delivery = Mail.SendAsync(NewMail(settings, login, $"[PkiRevocation] Test message from {HostName}", text, html), cancellationToken).GetAwaiter().GetResult();
            if (delivery.Accepted) return Outcome<MailDelivery>.Success(delivery);
            return new InputFailure($"{settings.SmtpServer}:{settings.SmtpPort}", ErrorIds.SmtpSendFailed, FailureKind.ConnectionFailed,
                $"The SMTP server did not accept the test mail: {delivery.ServerResponse}", delivery.Exception, delivery);
        }

        /// <summary>
        /// Backs up then removes the certificates of a store that are expired at the reference time. A certificate not expired
        /// is never touched (when named by thumbprint it yields CertificateNotExpired). The backup is written and read back
        /// before the removal; a backup failure leaves the certificate in the store.
        /// </summary>
        public IReadOnlyList<Outcome<RemovedCertificate>> RemoveExpired(RemoveExpiredRequest request, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
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
                    progress?.Report(new OperationProgress("Removing expired certificates", source, i, all.Count, certificate.Subject));
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

            progress?.Report(new OperationProgress("Removing expired certificates", "Done", 1, 1));
            return results;
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

        private void RemoveExpiredFromStores(MonitorSettings settings, List<MonitoredCertificate> certificates, DateTime at, List<InputFailure> failures)
        {
            // Only after a notice about the certificate was accepted: removing it first would lose the notice for good.
            var removable = certificates.Where(c => c.Group == MonitorGroup.Expired && (c.NotificationSent || c.LastNotified != null)
                                                    && c.Source.StartsWith("store://", StringComparison.OrdinalIgnoreCase));
            foreach (var group in removable.GroupBy(c => c.Source))
            {
                if (!CertificateStoreReference.TryParse(group.Key, out var store, out _)) continue;
                var request = new RemoveExpiredRequest(store!, settings.BackupFolder) { At = at };
                foreach (var certificate in group) request.Thumbprints.Add(certificate.Thumbprint);
                foreach (var outcome in RemoveExpired(request))
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

        private List<MonitoredCertificate> Scan(MonitorSettings settings, DateTime at, List<InputFailure> failures, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
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
                        Group = expiry.Status == ExpiryStatus.Expired ? MonitorGroup.Expired
                            : expiry.NotAfter <= at + UrgentWindow ? MonitorGroup.Within7Days : MonitorGroup.WithinWindow,
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

        private NetworkCredential? ResolveCredential(MonitorSettings settings, ConfigurationScope scope, NetworkCredential? supplied, out InputFailure? failure)
        {
            failure = null;
            if (supplied != null) return supplied;
            var reference = settings.Credential;
            if (reference == null || reference.Kind == MonitorCredentialKind.None) return null;
            if (reference.Kind == MonitorCredentialKind.SecretManagement)
            {
                failure = new InputFailure(reference.SecretName, ErrorIds.MonitorCredentialMissing, FailureKind.InvalidConfiguration,
                    $"The SMTP password is the SecretManagement secret '{reference.SecretName}', which only PowerShell can read: run Invoke-CertificateMonitor, or store the login with Set-CertificateMonitor -Credential / 'pkirev monitor set --user'.");
                return null;
            }

            var path = CredentialPath(scope);
            try
            {
                return ProtectedCredentialFile.Load(path, scope);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                failure = new InputFailure(path, ErrorIds.MonitorCredentialMissing, FailureKind.InvalidConfiguration,
                    $"The SMTP login for '{reference.UserName}' is missing ({path} does not exist): set it again with Set-CertificateMonitor -Credential or 'pkirev monitor set --user'.", ex);
            }
            catch (Exception ex) when (ex is InvalidDataException || ex is FormatException || ex is IOException || ex is UnauthorizedAccessException)
            {
                failure = new InputFailure(path, ErrorIds.MonitorCredentialUnreadable, FailureKind.InvalidConfiguration, $"The SMTP login cannot be read: {ex.Message}", ex);
            }

            return null;
        }

        private static MonitorMail NewMail(MonitorSettings settings, NetworkCredential? credential, string subject, string text, string html) => new MonitorMail
        {
            SmtpServer = settings.SmtpServer,
            SmtpPort = settings.SmtpPort,
            Security = settings.SmtpSecurity,
            Credential = credential,
            From = settings.From,
            To = settings.EmailTo.ToArray(),
            Subject = subject,
            TextBody = text,
            HtmlBody = html,
        };

        private static IEnumerable<string> EnabledChannels(MonitorSettings settings)
        {
            if (settings.EnableEmail) yield return "Email";
            if (!string.IsNullOrEmpty(settings.Webhook)) yield return "Webhook";
            if (settings.EventLog) yield return "EventLog";
        }

        private static MonitorSettings Apply(MonitorSettings settings, MonitorSettingsChange change)
        {
            if (change.Enabled.HasValue) settings.Enabled = change.Enabled.Value;
            if (change.NotificationStartDays.HasValue) settings.NotificationStartDays = change.NotificationStartDays.Value;
            if (change.NotificationFrequency.HasValue) settings.NotificationFrequency = change.NotificationFrequency.Value;
            if (change.EnableEmail.HasValue) settings.EnableEmail = change.EnableEmail.Value;
            if (change.EmailTo != null) settings.EmailTo = MonitorSettingsValidator.SplitAddresses(change.EmailTo);
            if (change.From != null) settings.From = change.From.Trim();
            if (change.SmtpServer != null) settings.SmtpServer = change.SmtpServer.Trim();
            if (change.SmtpPort.HasValue) settings.SmtpPort = change.SmtpPort.Value;
            if (change.SmtpSecurity.HasValue) settings.SmtpSecurity = change.SmtpSecurity.Value;
            if (change.Sources != null) settings.Sources = NormalizeSources(change.Sources);
            if (change.IncludeLocallyIssued.HasValue) settings.IncludeLocallyIssued = change.IncludeLocallyIssued.Value;
            if (change.LocallyIssuedIssuers != null) settings.LocallyIssuedIssuers = change.LocallyIssuedIssuers.Select(i => (i ?? "").Trim()).ToArray();
            if (change.LocallyIssuedSources != null) settings.LocallyIssuedSources = NormalizeSources(change.LocallyIssuedSources);
            if (change.WebhookUri != null)
            {
                settings.WebhookUri = change.WebhookUri.Trim();
                settings.Webhook = MaskWebhook(settings.WebhookUri);
            }
            if (change.EventLog.HasValue) settings.EventLog = change.EventLog.Value;
            if (change.RemoveExpired.HasValue) settings.RemoveExpired = change.RemoveExpired.Value;
            if (change.BackupFolder != null) settings.BackupFolder = change.BackupFolder.Trim();
            if (change.ClearCredential) settings.Credential = null;
            if (change.Credential != null)
                settings.Credential = new MonitorCredentialReference { Kind = MonitorCredentialKind.ProtectedFile, UserName = change.Credential.UserName ?? "" };
            else if (change.CredentialSecretName != null)
                settings.Credential = new MonitorCredentialReference
                {
                    Kind = MonitorCredentialKind.SecretManagement,
                    UserName = change.CredentialUserName ?? settings.Credential?.UserName ?? "",
                    SecretName = change.CredentialSecretName.Trim(),
                    Vault = (change.CredentialVault ?? "").Trim(),
                };
            return settings;
        }

        private static string[] NormalizeSources(IEnumerable<string> sources) =>
            sources.Where(s => s != null).Select(s => s.Trim()).Where(s => s.Length > 0)
                .Select(s => MonitorSource.TryParse(s, out var parsed, out _) && parsed!.Path != null ? parsed.Path : s)
                .Distinct(StringComparer.Ordinal).ToArray();

        /// <summary>Issuer names compare by their RDNs, case- and order-insensitively ("CN=X, O=Y" equals "O=Y,CN=X"): tools print DNs in either order.</summary>
        private static string NormalizeName(string name) =>
            string.Join(",", (name ?? "").Split(',').Select(p => p.Trim().ToUpperInvariant()).Where(p => p.Length > 0).OrderBy(p => p, StringComparer.Ordinal));

        private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

        internal static string MaskWebhook(string? uri)
        {
            if (string.IsNullOrEmpty(uri)) return "";
            return Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? parsed.GetLeftPart(UriPartial.Authority) + "/…" : "(invalid)";
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

        private sealed class SettingsRejectedException : Exception
        {
            public SettingsRejectedException(IReadOnlyList<string> errors) : base(string.Join(" ", errors)) => Errors = errors;

            public IReadOnlyList<string> Errors { get; }
        }
    }
}
