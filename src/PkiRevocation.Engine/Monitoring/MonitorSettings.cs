using System;
using System.Text.Json.Serialization;

namespace PkiRevocation.Monitoring
{
    /// <summary>
    /// The certificate monitor's settings: one JSON file per scope (monitor.json in the scope's configuration folder).
    /// No secret is ever stored here; <see cref="Credential"/> only says where the SMTP password lives.
    /// </summary>
    public sealed class MonitorSettings
    {
        public const int DefaultNotificationStartDays = 30;

        /// <summary>Runs nothing while false (a scheduled run returns Disabled).</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>"Notification Start Time": notices begin this many days before notAfter (1-3650).</summary>
        public int NotificationStartDays { get; set; } = DefaultNotificationStartDays;

        /// <summary>"Notification Frequency": the least time between two notices for the same certificate (1 minute to 365 days).</summary>
        public TimeSpan NotificationFrequency { get; set; } = TimeSpan.FromDays(1);

        public bool EnableEmail { get; set; }

        /// <summary>"E-mail IDs": bare addresses (a@example.com); "a@x;b@y" is split on ; and ,.</summary>
        public string[] EmailTo { get; set; } = Array.Empty<string>();

        public string From { get; set; } = "";

        public string SmtpServer { get; set; } = "";

        public int SmtpPort { get; set; } = 25;

        public SmtpSecurity SmtpSecurity { get; set; } = SmtpSecurity.StartTls;

        /// <summary>The SMTP login, by reference; null for none.</summary>
        public MonitorCredentialReference? Credential { get; set; }

        /// <summary>What to watch: file or folder paths, store://Location/Name, tls://host:port[?starttls=ldap|smtp]. Empty: the default store.</summary>
        public string[] Sources { get; set; } = Array.Empty<string>();

        /// <summary>"Enable LSC Monitoring": include locally issued certificates (see <see cref="LocallyIssuedIssuers"/>) in the checks.</summary>
        public bool IncludeLocallyIssued { get; set; }

        /// <summary>The issuer distinguished names (compared RDN by RDN, case- and order-insensitive) that make a certificate "locally issued".</summary>
        public string[] LocallyIssuedIssuers { get; set; } = Array.Empty<string>();

        /// <summary>Where locally issued certificates live (same forms as <see cref="Sources"/>); scanned only with <see cref="IncludeLocallyIssued"/>.</summary>
        public string[] LocallyIssuedSources { get; set; } = Array.Empty<string>();

        /// <summary>
        /// An incoming-webhook URL (Teams, Slack): the digest is POSTed as {"text": "..."}. Empty for none. Such a URL is a
        /// bearer secret, so it is never written to monitor.json: it lives in the protected file monitor.webhook (like the
        /// SMTP password) and is loaded from there; <see cref="Webhook"/> is what the settings file shows.
        /// </summary>
        [JsonIgnore]
        public string WebhookUri { get; set; } = "";

        /// <summary>The webhook as the settings file shows it: scheme and host only ("https://hooks.slack.com/…"); empty for none.</summary>
        public string Webhook { get; set; } = "";

        /// <summary>Write Application event log entries (Windows only; see <see cref="EventLogChannel"/>).</summary>
        public bool EventLog { get; set; }

        /// <summary>Back up then remove expired certificates found in monitored stores, once a notice about each was accepted.</summary>
        public bool RemoveExpired { get; set; }

        /// <summary>Where removed certificates are exported first (required with <see cref="RemoveExpired"/>).</summary>
        public string BackupFolder { get; set; } = "";

        public MonitorSettings Clone()
        {
            var copy = (MonitorSettings)MemberwiseClone();
            copy.EmailTo = (string[])EmailTo.Clone();
            copy.Sources = (string[])Sources.Clone();
            copy.LocallyIssuedIssuers = (string[])LocallyIssuedIssuers.Clone();
            copy.LocallyIssuedSources = (string[])LocallyIssuedSources.Clone();
            if (Credential != null)
                copy.Credential = new MonitorCredentialReference { Kind = Credential.Kind, UserName = Credential.UserName, SecretName = Credential.SecretName, Vault = Credential.Vault };
            return copy;
        }
    }
}
