using System;
using System.Net;
using PkiRevocation.Configuration;

namespace PkiRevocation.Monitoring
{
    /// <summary>One monitor run (Invoke-CertificateMonitor, pkirev monitor run).</summary>
    public sealed class MonitorRunRequest
    {
        /// <summary>The settings scope; null: CurrentUser when it has a monitor.json, AllUsers otherwise.</summary>
        public ConfigurationScope? Scope { get; set; }

        /// <summary>The reference time; the engine clock when null.</summary>
        public DateTime? At { get; set; }

        /// <summary>Show what would be sent: nothing is sent, no state changes, the schedule is ignored.</summary>
        public bool WhatIf { get; set; }

        /// <summary>Run even when the next scheduled run is not due yet (a manual run). Per-certificate frequency still applies.</summary>
        public bool Force { get; set; }

        /// <summary>The SMTP login resolved by the front end (SecretManagement, or -Credential for this run only); overrides the stored one.</summary>
        public NetworkCredential? Credential { get; set; }

        /// <summary>An OAuth 2.0 access token for XOAUTH2 for this run only; overrides <see cref="Credential"/> and the stored login.</summary>
        public SmtpAccessToken? AccessToken { get; set; }

        /// <summary>
        /// After a run that scanned (not WhatIf), write the metrics of the run and its certificates there, atomically, in the
        /// Prometheus text format (for node_exporter's / windows_exporter's textfile collector). Null: no metrics file.
        /// </summary>
        public string? MetricsFile { get; set; }

        /// <summary>How long to wait for a concurrent run to finish before giving up with Busy.</summary>
        public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(5);
    }
}
