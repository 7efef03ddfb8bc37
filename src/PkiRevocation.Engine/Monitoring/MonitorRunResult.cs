using System;
using System.Collections.Generic;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;

namespace PkiRevocation.Monitoring
{
    /// <summary>The summary of one monitor run (Invoke-CertificateMonitor, pkirev monitor run).</summary>
    public sealed class MonitorRunResult
    {
        public ConfigurationScope Scope { get; set; }

        /// <summary>The reference time of the run.</summary>
        public DateTime At { get; set; }

        public bool WhatIf { get; set; }

        public MonitorRunOutcome Outcome { get; set; }

        /// <summary>One sentence: what happened and, when something failed, the server's or the file's answer.</summary>
        public string Message { get; set; } = "";

        /// <summary>Certificates within the window or expired.</summary>
        public int CertificatesFound { get; set; }

        public int NoticesDue { get; set; }

        public int NoticesSent { get; set; }

        public bool DigestSent { get; set; }

        /// <summary>The channels that accepted the digest (Email, Webhook, EventLog).</summary>
        public string[] Channels { get; set; } = Array.Empty<string>();

        public string[] Recipients { get; set; } = Array.Empty<string>();

        /// <summary>The SMTP (or webhook) answer, e.g. "250 OK" or "554 5.7.1 Relay denied".</summary>
        public string ServerResponse { get; set; } = "";

        public string DigestSubject { get; set; } = "";

        /// <summary>The plain-text digest that was (or, with WhatIf, would be) sent.</summary>
        public string DigestText { get; set; } = "";

        /// <summary>When the next scheduled run is due: 24 hours later, 1 hour when a certificate is within 7 days (or a send failed).</summary>
        public DateTime? NextRun { get; set; }

        public MonitoredCertificate[] Certificates { get; set; } = Array.Empty<MonitoredCertificate>();

        /// <summary>Each failure as "ErrorId: message" (sources that could not be read, channels that failed).</summary>
        public string[] Errors { get; set; } = Array.Empty<string>();

        private IReadOnlyList<InputFailure> _failures = Array.Empty<InputFailure>();

        /// <summary>
        /// The same failures with their error ids, kinds and exceptions, for the front ends to report. A method, not a
        /// property: the result object itself carries only plain values (it must survive Export-Clixml and remoting).
        /// </summary>
        public IReadOnlyList<InputFailure> GetFailures() => _failures;

        internal void SetFailures(IReadOnlyList<InputFailure> failures) => _failures = failures;
    }
}
