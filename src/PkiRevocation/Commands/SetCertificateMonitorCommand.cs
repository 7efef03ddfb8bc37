using System;
using System.Management.Automation;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;
using PkiRevocation.Monitoring;

namespace PkiRevocation.PowerShell.Commands
{
    /// <summary>Set-CertificateMonitor: changes the monitor settings of a scope; everything is validated first, nothing is saved on invalid input.</summary>
    [Cmdlet(VerbsCommon.Set, "CertificateMonitor", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MonitorStatus))]
    public sealed class SetCertificateMonitorCommand : PkiCmdlet
    {
        [Parameter] public ConfigurationScope Scope { get; set; } = ConfigurationScope.CurrentUser;
        [Parameter] public bool Enabled { get; set; }
        [Parameter] [ValidateRange(1, 3650)] public int NotificationStartDays { get; set; }
        [Parameter] public TimeSpan NotificationFrequency { get; set; }
        [Parameter] public SwitchParameter EnableEmail { get; set; }

        /// <summary>Recipients; "a@example.com;b@example.com" is split.</summary>
        [Parameter] public string[]? EmailTo { get; set; }

        [Parameter] public string? From { get; set; }
        [Parameter] public string? SmtpServer { get; set; }
        [Parameter] [ValidateRange(1, 65535)] public int SmtpPort { get; set; }
        [Parameter] public SmtpSecurity SmtpSecurity { get; set; }

        /// <summary>The SMTP login: stored with DPAPI on Windows, in an owner-only file elsewhere.</summary>
        [Parameter] [Credential] public PSCredential? Credential { get; set; }

        /// <summary>Instead of -Credential: the SecretManagement secret holding the SMTP password (with -CredentialUserName).</summary>
        [Parameter] public string? CredentialSecretName { get; set; }
        [Parameter] public string? CredentialVault { get; set; }
        [Parameter] public string? CredentialUserName { get; set; }
        [Parameter] public SwitchParameter ClearCredential { get; set; }

        /// <summary>File or folder paths, store://Location/Name, tls://host:port[?starttls=ldap|smtp].</summary>
        [Parameter] public string[]? Source { get; set; }

        [Parameter] public SwitchParameter IncludeLocallyIssued { get; set; }
        [Parameter] public string[]? LocallyIssuedIssuer { get; set; }
        [Parameter] public string[]? LocallyIssuedSource { get; set; }
        [Parameter] public string? WebhookUri { get; set; }
        [Parameter] public SwitchParameter EventLog { get; set; }
        [Parameter] public SwitchParameter RemoveExpired { get; set; }
        [Parameter] public string? BackupFolder { get; set; }

        /// <summary>Apply the restart rule: the next run is due 24 hours from now.</summary>
        [Parameter] public SwitchParameter Restart { get; set; }

        [Parameter] public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var change = new MonitorSettingsChange
            {
                Scope = Scope,
                Enabled = IsBound(nameof(Enabled)) ? Enabled : (bool?)null,
                NotificationStartDays = IsBound(nameof(NotificationStartDays)) ? NotificationStartDays : (int?)null,
                NotificationFrequency = IsBound(nameof(NotificationFrequency)) ? NotificationFrequency : (TimeSpan?)null,
                EnableEmail = IsBound(nameof(EnableEmail)) ? EnableEmail.IsPresent : (bool?)null,
                EmailTo = EmailTo,
                From = From,
                SmtpServer = SmtpServer,
                SmtpPort = IsBound(nameof(SmtpPort)) ? SmtpPort : (int?)null,
                SmtpSecurity = IsBound(nameof(SmtpSecurity)) ? SmtpSecurity : (SmtpSecurity?)null,
                Credential = Credential?.GetNetworkCredential(),
                CredentialSecretName = CredentialSecretName,
                CredentialVault = CredentialVault,
                CredentialUserName = CredentialUserName,
                ClearCredential = ClearCredential,
                Sources = MonitorParameters.Sources(this, Source),
                IncludeLocallyIssued = IsBound(nameof(IncludeLocallyIssued)) ? IncludeLocallyIssued.IsPresent : (bool?)null,
                LocallyIssuedIssuers = LocallyIssuedIssuer,
                LocallyIssuedSources = MonitorParameters.Sources(this, LocallyIssuedSource),
                WebhookUri = WebhookUri,
                EventLog = IsBound(nameof(EventLog)) ? EventLog.IsPresent : (bool?)null,
                RemoveExpired = IsBound(nameof(RemoveExpired)) ? RemoveExpired.IsPresent : (bool?)null,
                BackupFolder = MonitorParameters.FullPath(this, BackupFolder),
                Restart = Restart,
            };

            if (!ShouldProcess(Engine.Monitor.SettingsPath(Scope), "Update the certificate monitor settings")) return;
            var outcome = Engine.Monitor.Set(change);
            if (outcome.IsFailure) ThrowTerminatingError(ErrorMapping.ToErrorRecord(outcome.Failure!));
            if (PassThru) WriteObject(outcome.Result);
        }
    }
}
