using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.InteropServices;

namespace PkiRevocation.Monitoring
{
    /// <summary>
    /// Windows Application event log entries written by the certificate monitor (EventLog = true; Windows only).
    /// <list type="table">
    /// <item><term>Source</term><description>PkiRevocation (log: Application). Creating it needs an elevated session once:
    /// Register-CertificateMonitorTask does it, or <c>New-EventLog -LogName Application -Source PkiRevocation</c>.</description></item>
    /// <item><term>1000 Information</term><description>A run delivered its digest (summary: counts per group).</description></item>
    /// <item><term>1001 Error</term><description>One certificate has expired.</description></item>
    /// <item><term>1002 Warning</term><description>One certificate expires within 7 days.</description></item>
    /// <item><term>1003 Information</term><description>One certificate expires within the notification window.</description></item>
    /// <item><term>1100 Error</term><description>The digest could not be delivered (e-mail or webhook); the notices stay pending.</description></item>
    /// </list>
    /// </summary>
    public static class EventLogChannel
    {
        public const string SourceName = "PkiRevocation";
        public const string LogName = "Application";
        public const int RunSummaryEventId = 1000;
        public const int ExpiredEventId = 1001;
        public const int Within7DaysEventId = 1002;
        public const int WithinWindowEventId = 1003;
        public const int DeliveryFailedEventId = 1100;

        public static bool IsSupported => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>Creates the event source (needs elevation); false with a reason when it cannot.</summary>
        public static bool EnsureSource(out string message)
        {
            message = "";
            if (!IsSupported)
            {
                message = "The Windows event log is not available on this platform.";
                return false;
            }

            try
            {
                if (!EventLog.SourceExists(SourceName)) EventLog.CreateEventSource(SourceName, LogName);
                return true;
            }
            catch (Exception ex) when (ex is System.Security.SecurityException || ex is InvalidOperationException || ex is UnauthorizedAccessException || ex is ArgumentException)
            {
                message = $"The event source '{SourceName}' does not exist and cannot be created without elevation ({ex.Message}); run once as administrator: New-EventLog -LogName {LogName} -Source {SourceName}.";
                return false;
            }
        }

        internal static bool WriteDigest(IReadOnlyList<MonitoredCertificate> due, string subject, out string message)
        {
            if (!EnsureSource(out message)) return false;
            try
            {
                foreach (var c in due)
                {
                    var (id, type) = c.Group switch
                    {
                        MonitorGroup.Expired => (ExpiredEventId, EventLogEntryType.Error),
                        MonitorGroup.Within7Days => (Within7DaysEventId, EventLogEntryType.Warning),
                        _ => (WithinWindowEventId, EventLogEntryType.Information),
                    };
                    EventLog.WriteEntry(SourceName,
                        $"{c.Group}: {c.Subject}\nIssuer: {c.Issuer}\nThumbprint: {c.Thumbprint}\nNot after: {MonitorDigest.Iso(c.NotAfter)}\nDays left: {c.DaysRemaining}\nSource: {c.Source}",
                        type, id);
                }

                EventLog.WriteEntry(SourceName, subject, EventLogEntryType.Information, RunSummaryEventId);
                message = $"{due.Count + 1} entries written to the {LogName} log";
                return true;
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is System.ComponentModel.Win32Exception || ex is ArgumentException)
            {
                message = $"Cannot write to the {LogName} event log: {ex.Message}";
                return false;
            }
        }

        internal static void WriteDeliveryFailure(string message)
        {
            if (!IsSupported) return;
            try
            {
                if (EventLog.SourceExists(SourceName)) EventLog.WriteEntry(SourceName, message, EventLogEntryType.Error, DeliveryFailedEventId);
            }
            catch (Exception ex) when (ex is System.Security.SecurityException || ex is InvalidOperationException || ex is System.ComponentModel.Win32Exception)
            {
                // The delivery failure is reported by the run result anyway.
            }
        }
    }
}
