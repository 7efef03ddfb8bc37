using System;
using System.Net;
using PkiRevocation.Configuration;

namespace PkiRevocation.Monitoring
{
    /// <summary>
    /// A change to the monitor settings (Set-CertificateMonitor, pkirev monitor set): null leaves a setting as it is.
    /// The merged settings are validated as a whole; nothing is saved when any value is invalid.
    /// </summary>
    public sealed class MonitorSettingsChange
    {
        public ConfigurationScope Scope { get; set; } = ConfigurationScope.CurrentUser;
        public bool? Enabled { get; set; }
        public int? NotificationStartDays { get; set; }
        public TimeSpan? NotificationFrequency { get; set; }
        public bool? EnableEmail { get; set; }

        /// <summary>Recipients; each item may hold several addresses separated by ';' or ','.</summary>
        public string[]? EmailTo { get; set; }

        public string? From { get; set; }
        public string? SmtpServer { get; set; }
        public int? SmtpPort { get; set; }
        public SmtpSecurity? SmtpSecurity { get; set; }
        public string[]? Sources { get; set; }
        public bool? IncludeLocallyIssued { get; set; }
        public string[]? LocallyIssuedIssuers { get; set; }
        public string[]? LocallyIssuedSources { get; set; }
        public string? WebhookUri { get; set; }
        public bool? EventLog { get; set; }
        public bool? RemoveExpired { get; set; }
        public string? BackupFolder { get; set; }

        /// <summary>An SMTP login to store protected (DPAPI on Windows, an owner-only file elsewhere).</summary>
        public NetworkCredential? Credential { get; set; }

        /// <summary>Instead of storing a password: the SecretManagement secret that holds it (with <see cref="CredentialUserName"/>).</summary>
        public string? CredentialSecretName { get; set; }

        public string? CredentialVault { get; set; }

        /// <summary>The user name that goes with <see cref="CredentialSecretName"/>.</summary>
        public string? CredentialUserName { get; set; }

        /// <summary>Forget the stored SMTP login (and delete the protected file).</summary>
        public bool ClearCredential { get; set; }

        /// <summary>Also run the restart rule: the next run is due 24 hours from now.</summary>
        public bool Restart { get; set; }

        /// <summary>The reference time for <see cref="Restart"/>; the engine clock when null.</summary>
        public DateTime? At { get; set; }
    }
}
