namespace PkiRevocation.Monitoring
{
    /// <summary>How one monitor run ended.</summary>
    public enum MonitorRunOutcome
    {
        /// <summary>Notices were due and the digest was delivered; they are marked sent.</summary>
        Sent,
        /// <summary>The run scanned the sources and no notice was due.</summary>
        NothingDue,
        /// <summary>A scheduled run before the next due time: nothing was scanned.</summary>
        NotDue,
        /// <summary>-WhatIf: the digest that would be sent; nothing sent, no state changed.</summary>
        WhatIf,
        /// <summary>The digest was refused or could not be delivered; the notices stay pending for the next run.</summary>
        SendFailed,
        /// <summary>Notices are due but no channel (e-mail, webhook, event log) is enabled; they stay pending.</summary>
        NoChannel,
        /// <summary>No monitor.json in the scope: run Set-CertificateMonitor first.</summary>
        NotConfigured,
        /// <summary>The settings are invalid, corrupt, or the SMTP credential cannot be read; nothing was sent, no state changed.</summary>
        ConfigurationInvalid,
        /// <summary>The monitor is disabled (Enabled = false).</summary>
        Disabled,
        /// <summary>Another run held the run lock for too long.</summary>
        Busy,
    }
}
