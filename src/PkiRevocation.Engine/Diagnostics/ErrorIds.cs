namespace PkiRevocation.Diagnostics
{
    /// <summary>
    /// Every ErrorId the module and the CLI report, in one place. PowerShell tests assert these; the CLI prints
    /// them at the start of each error line.
    /// </summary>
    public static class ErrorIds
    {
        // Inputs: files, stores, certificates
        public const string PathNotFound = "PathNotFound";
        public const string PathAccessDenied = "PathAccessDenied";
        public const string FileUnreadable = "FileUnreadable";
        public const string FileTooLarge = "FileTooLarge";
        public const string NotARegularFile = "NotARegularFile";
        public const string NotACertificate = "NotACertificate";
        public const string PfxPasswordRequired = "PfxPasswordRequired";
        public const string PfxPasswordInvalid = "PfxPasswordInvalid";
        public const string StoreUnavailable = "StoreUnavailable";
        public const string StoreNameInvalid = "StoreNameInvalid";
        public const string TimeEncodingViolation = "TimeEncodingViolation";
        public const string NoSource = "NoSource";

        // Network endpoints
        public const string EndpointInvalid = "EndpointInvalid";
        public const string HostNotFound = "HostNotFound";
        public const string EndpointRefused = "EndpointRefused";
        public const string EndpointTimeout = "EndpointTimeout";
        public const string EndpointUnreachable = "EndpointUnreachable";
        public const string TlsHandshakeFailed = "TlsHandshakeFailed";
        public const string StartTlsRefused = "StartTlsRefused";

        // Configuration and state
        public const string ConfigurationCorrupt = "ConfigurationCorrupt";
        public const string ConfigurationLocked = "ConfigurationLocked";
        public const string InvalidArgument = "InvalidArgument";
        public const string ReferenceTimeInvalid = "ReferenceTimeInvalid";

        // CRL, revocation policies, revocation cache
        public const string IssuerRequired = "IssuerRequired";
        public const string SerialNumberInvalid = "SerialNumberInvalid";
        public const string CrlUnreadable = "CrlUnreadable";
        public const string PolicyInvalid = "PolicyInvalid";
        public const string PolicyNotFound = "PolicyNotFound";
        public const string PolicyBuiltIn = "PolicyBuiltIn";


        // Long-lived sessions
        public const string SessionInvalid = "SessionInvalid";
        public const string SessionNotFound = "SessionNotFound";
        public const string SessionExists = "SessionExists";
        public const string SessionSettingsInvalid = "SessionSettingsInvalid";
        // Certificate monitor
        public const string MonitorNotConfigured = "MonitorNotConfigured";
        public const string MonitorSettingsInvalid = "MonitorSettingsInvalid";
        public const string MonitorCredentialMissing = "MonitorCredentialMissing";
        public const string MonitorCredentialUnreadable = "MonitorCredentialUnreadable";
        public const string MonitorBusy = "MonitorBusy";
        public const string MonitorNoChannel = "MonitorNoChannel";
        public const string MetricsFileFailed = "MetricsFileFailed";
        public const string MetricsInputUnsupported = "MetricsInputUnsupported";
        public const string SmtpSendFailed = "SmtpSendFailed";
        public const string WebhookFailed = "WebhookFailed";
        public const string EventLogFailed = "EventLogFailed";
        public const string CertificateNotExpired = "CertificateNotExpired";
        public const string CertificateBackupFailed = "CertificateBackupFailed";
        public const string CertificateRemoveFailed = "CertificateRemoveFailed";
        public const string ScheduledTaskFailed = "ScheduledTaskFailed";
        public const string PlatformNotSupported = "PlatformNotSupported";
    }
}
