using System;
using System.Collections.Generic;
using System.Net;
using System.Threading;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;
using PkiRevocation.Expiry;

namespace PkiRevocation.Monitoring
{
    /// <summary>
    /// The certificate monitor, as the cmdlets and pkirev call it. Each concern is its own file:
    /// <see cref="MonitorFiles"/> (where settings, state, login and lock live per scope), <see cref="MonitorSettingsStore"/>
    /// (read, show, change settings), <see cref="MonitorRun"/> (one pass: schedule, notices due, state),
    /// <see cref="MonitorScanner"/> (what the sources hold), <see cref="MonitorDelivery"/> (the digest through mail, webhook,
    /// event log), <see cref="MonitorTestMail"/>, <see cref="ExpiredCertificateRemoval"/> and <see cref="MonitorCredentials"/>.
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

        public MonitorService(EngineEnvironment environment, ExpiryService expiry, IMailTransport? mail = null)
        {
            Environment = environment ?? throw new ArgumentNullException(nameof(environment));
            if (expiry == null) throw new ArgumentNullException(nameof(expiry));
            Mail = mail ?? SmtpMailTransport.Instance;
            Files = new MonitorFiles(environment.Paths);
            SettingsStore = new MonitorSettingsStore(Files);
            Scanner = new MonitorScanner(expiry);
            Delivery = new MonitorDelivery(environment, Files);
            Removal = new ExpiredCertificateRemoval(environment, expiry);
        }

        /// <summary>The mail transport (<see cref="SmtpMailTransport"/>, MailKit, by default).</summary>
        public IMailTransport Mail { get; set; }

        /// <summary>The host name the digest names.</summary>
        public string HostName { get; set; } = System.Environment.MachineName;

        internal EngineEnvironment Environment { get; }
        internal MonitorFiles Files { get; }
        internal MonitorSettingsStore SettingsStore { get; }
        internal MonitorScanner Scanner { get; }
        internal MonitorDelivery Delivery { get; }
        internal ExpiredCertificateRemoval Removal { get; }

        public string SettingsPath(ConfigurationScope scope) => Files.SettingsPath(scope);

        public string StatePath(ConfigurationScope scope) => Files.StatePath(scope);

        public string CredentialPath(ConfigurationScope scope) => Files.CredentialPath(scope);

        public string WebhookPath(ConfigurationScope scope) => Files.WebhookPath(scope);

        /// <summary>The given scope; otherwise CurrentUser when it has settings, AllUsers when only that has, CurrentUser when neither.</summary>
        public ConfigurationScope ResolveScope(ConfigurationScope? scope) => Files.ResolveScope(scope);

        /// <summary>The settings of a scope (defaults when there is no file). Throws ConfigurationCorruptException for a bad file.</summary>
        public MonitorSettings GetSettings(ConfigurationScope scope) => SettingsStore.Get(scope);

        /// <summary>Settings without secrets, the last run and the next due run. Throws ConfigurationCorruptException for a bad file.</summary>
        public MonitorStatus GetStatus(ConfigurationScope? scope = null) => SettingsStore.Status(ResolveScope(scope));

        /// <summary>
        /// Applies a change to the settings of <see cref="MonitorSettingsChange.Scope"/>. The merged settings are validated as
        /// a whole first: on any problem nothing is written (settings nor credential) and the failure lists every problem.
        /// </summary>
        public Outcome<MonitorStatus> Set(MonitorSettingsChange change)
        {
            if (change == null) throw new ArgumentNullException(nameof(change));
            var failure = SettingsStore.Apply(change);
            if (failure != null) return failure;
            if (change.Restart) Restart(change.Scope, change.At);
            return Outcome<MonitorStatus>.Success(GetStatus(change.Scope));
        }

        /// <summary>The restart rule: "When you restart the service, it calculates the next run 24 hours later."</summary>
        public MonitorStatus Restart(ConfigurationScope? scope = null, DateTime? at = null)
        {
            var resolved = ResolveScope(scope);
            var now = ReferenceTime.Resolve(at, Environment.Clock);
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
        /// One monitor pass (<see cref="MonitorRun"/>). Configuration problems, a busy lock and delivery failures are results
        /// (Outcome, Message, Failures), never exceptions; only cancellation throws (OperationCanceledException), and then no
        /// state has changed.
        /// </summary>
        public MonitorRunResult Run(MonitorRunRequest request, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            return new MonitorRun(this).Execute(request, progress, cancellationToken);
        }

        /// <summary>Sends a test message with the scope's mail settings (Send-CertificateMonitorTestMail).</summary>
        public Outcome<MailDelivery> SendTestMail(ConfigurationScope? scope = null, NetworkCredential? credential = null, CancellationToken cancellationToken = default,
            SmtpAccessToken? accessToken = null) =>
            MonitorTestMail.Send(Files, SettingsStore, Mail, HostName, Environment.Clock.UtcNow, ResolveScope(scope), credential, accessToken, cancellationToken);

        /// <summary>
        /// Backs up then removes the certificates of a store that are expired at the reference time. A certificate not expired
        /// is never touched (when named by thumbprint it yields CertificateNotExpired). The backup is written and read back
        /// before the removal; a backup failure leaves the certificate in the store.
        /// </summary>
        public IReadOnlyList<Outcome<RemovedCertificate>> RemoveExpired(RemoveExpiredRequest request, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            return Removal.Remove(request, progress, cancellationToken);
        }
    }
}
