using System;
using PkiRevocation.Configuration;

namespace PkiRevocation.Monitoring
{
    /// <summary>What Get-CertificateMonitor shows: the settings of a scope (no secret), the last run and the next due run.</summary>
    public sealed class MonitorStatus
    {
        public ConfigurationScope Scope { get; set; }

        /// <summary>False when the scope has no monitor.json yet (the values shown are the defaults).</summary>
        public bool Configured { get; set; }

        public bool Enabled { get; set; }
        public int NotificationStartDays { get; set; }
        public TimeSpan NotificationFrequency { get; set; }
        public bool EnableEmail { get; set; }
        public string[] EmailTo { get; set; } = Array.Empty<string>();
        public string From { get; set; } = "";
        public string SmtpServer { get; set; } = "";
        public int SmtpPort { get; set; }
        public SmtpSecurity SmtpSecurity { get; set; }
        public MonitorCredentialKind CredentialKind { get; set; }
        public string CredentialUserName { get; set; } = "";

        /// <summary>Where the secret is: the protected file's path, or "secret NAME [in vault V]"; never the secret.</summary>
        public string CredentialLocation { get; set; } = "";

        /// <summary>The sources as configured, or the default store when none is.</summary>
        public string[] Sources { get; set; } = Array.Empty<string>();

        public bool IncludeLocallyIssued { get; set; }
        public string[] LocallyIssuedIssuers { get; set; } = Array.Empty<string>();
        public string[] LocallyIssuedSources { get; set; } = Array.Empty<string>();

        /// <summary>The webhook's scheme and host only: the path of an incoming-webhook URL is itself a secret.</summary>
        public string Webhook { get; set; } = "";

        public bool EventLog { get; set; }
        public bool RemoveExpired { get; set; }
        public string BackupFolder { get; set; } = "";
        public DateTime? LastRun { get; set; }
        public MonitorRunOutcome? LastOutcome { get; set; }
        public string LastMessage { get; set; } = "";

        /// <summary>When the next scheduled run is due; null means the next run is due now.</summary>
        public DateTime? NextRun { get; set; }

        /// <summary>Certificates in the run state that have not had a notice accepted yet.</summary>
        public int PendingNotices { get; set; }

        public string SettingsPath { get; set; } = "";
        public string StatePath { get; set; } = "";
    }
}
