using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;

namespace PkiRevocation.Monitoring
{
    /// <summary>
    /// The monitor settings of a scope: read (with the webhook URL from its protected file), shown without secrets
    /// (<see cref="MonitorStatus"/>), and changed as a whole: a change is merged, validated, and only then written together
    /// with the login and webhook URL it carries.
    /// </summary>
    internal sealed class MonitorSettingsStore
    {
        private readonly MonitorFiles _files;

        public MonitorSettingsStore(MonitorFiles files) => _files = files;

        /// <summary>The settings of a scope (defaults when there is no file). Throws ConfigurationCorruptException for a bad file.</summary>
        public MonitorSettings Get(ConfigurationScope scope) => LoadWebhook(new JsonFileStore<MonitorSettings>(_files.SettingsPath(scope)).Read(), scope, out _);

        /// <summary>Fills <see cref="MonitorSettings.WebhookUri"/> from its protected file; a missing or unreadable file leaves it empty with the reason.</summary>
        public MonitorSettings LoadWebhook(MonitorSettings settings, ConfigurationScope scope, out string? problem)
        {
            problem = null;
            settings.WebhookUri = "";
            if (string.IsNullOrEmpty(settings.Webhook)) return settings;
            var path = _files.WebhookPath(scope);
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
        public MonitorStatus Status(ConfigurationScope scope)
        {
            var store = new JsonFileStore<MonitorSettings>(_files.SettingsPath(scope));
            var settings = store.Read();
            var state = new JsonFileStore<MonitorState>(_files.StatePath(scope)).Read();
            var credential = settings.Credential ?? new MonitorCredentialReference();
            return new MonitorStatus
            {
                Scope = scope,
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
                    MonitorCredentialKind.ProtectedFile => _files.CredentialPath(scope),
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
                StatePath = _files.StatePath(scope),
            };
        }

        /// <summary>
        /// Merges and validates the change, then writes settings, login and webhook URL; on any problem nothing is written
        /// and the failure lists every problem. Restarting (<see cref="MonitorSettingsChange.Restart"/>) is the caller's.
        /// </summary>
        public InputFailure? Apply(MonitorSettingsChange change)
        {
            var scope = change.Scope;
            var store = new JsonFileStore<MonitorSettings>(_files.SettingsPath(scope));
            var credentialPath = _files.CredentialPath(scope);
            try
            {
                store.Update(current =>
                {
                    var merged = Merge(LoadWebhook(current.Clone(), scope, out _), change);
                    var errors = MonitorSettingsValidator.Validate(merged);
                    if (errors.Count > 0) throw new SettingsRejectedException(errors);
                    if (change.Credential != null) ProtectedCredentialFile.Save(credentialPath, scope, change.Credential);
                    if (change.WebhookUri != null)
                    {
                        if (merged.WebhookUri.Length == 0) ProtectedCredentialFile.Delete(_files.WebhookPath(scope));
                        else ProtectedCredentialFile.Save(_files.WebhookPath(scope), scope, new NetworkCredential("webhook", merged.WebhookUri));
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
            return null;
        }

        private static MonitorSettings Merge(MonitorSettings settings, MonitorSettingsChange change)
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

        /// <summary>The webhook URL as monitor.json shows it: scheme and host only (the path is the bearer secret).</summary>
        internal static string MaskWebhook(string? uri)
        {
            if (string.IsNullOrEmpty(uri)) return "";
            return Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? parsed.GetLeftPart(UriPartial.Authority) + "/…" : "(invalid)";
        }

        private sealed class SettingsRejectedException : Exception
        {
            public SettingsRejectedException(IReadOnlyList<string> errors) : base(string.Join(" ", errors)) => Errors = errors;

            public IReadOnlyList<string> Errors { get; }
        }
    }
}
