using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using PkiRevocation.Configuration;
using PkiRevocation.Expiry;
using PkiRevocation.Monitoring;
using PkiRevocation.Revocation;

namespace PkiRevocation.Metrics
{
    /// <summary>
    /// The one writer of metrics for Prometheus (and anything that reads OpenMetrics): expiry results, revocation results
    /// and monitor runs in, the text exposition format out (gauges only, <c># EOF</c> last, which the Prometheus text
    /// parser reads as a comment), for <c>pkirev expiry --format openmetrics</c>, <c>pkirev monitor run --metrics-file</c>
    /// and ConvertTo-CertificateMetrics. Every certificate series is labelled subject, issuer, serial, thumbprint, source;
    /// times are Unix seconds; states are one series per state with 1 for the current one (OpenMetrics StateSet shape).
    /// A revocation result has no source: it joins every expiry series of the same thumbprint, or stands alone with source "".
    /// </summary>
    public sealed class CertificateMetrics
    {
        public const string Prefix = "pkirev_";

        private static readonly string[] ExpiryStates = Enum.GetNames(typeof(ExpiryStatus));
        private static readonly string[] RevocationStates = Enum.GetNames(typeof(RevocationStatus));
        private static readonly string[] MonitorGroups = Enum.GetNames(typeof(MonitorGroup));

        private readonly List<Entry> _entries = new List<Entry>();
        private readonly Dictionary<(string, string), Entry> _byKey = new Dictionary<(string, string), Entry>();
        private readonly List<RevocationResult> _revocations = new List<RevocationResult>();
        private readonly List<MonitorRunResult> _runs = new List<MonitorRunResult>();

        /// <summary>A certificate as Get-CertificateExpiry / pkirev expiry report it.</summary>
        public void Add(CertificateExpiry expiry)
        {
            if (expiry == null) throw new ArgumentNullException(nameof(expiry));
            var entry = EntryFor(expiry.Thumbprint, expiry.Source, expiry.Subject, expiry.Issuer, expiry.SerialNumber);
            entry.NotBefore = expiry.NotBefore;
            entry.NotAfter = expiry.NotAfter;
            entry.ExpiryStatus = expiry.Status;
            entry.CheckedAt = expiry.ReferenceTime;
            entry.TimeEncodingViolations = expiry.TimeEncodingViolations.Count;
        }

        /// <summary>A certificate a monitor run found (expired or within NotificationStartDays).</summary>
        public void Add(MonitoredCertificate certificate)
        {
            if (certificate == null) throw new ArgumentNullException(nameof(certificate));
            var entry = EntryFor(certificate.Thumbprint, certificate.Source, certificate.Subject, certificate.Issuer, certificate.SerialNumber);
            entry.NotBefore = certificate.NotBefore;
            entry.NotAfter = certificate.NotAfter;
            entry.ExpiryStatus = certificate.Group == MonitorGroup.Expired ? ExpiryStatus.Expired : ExpiryStatus.Expiring;
            entry.CheckedAt = certificate.ReferenceTime;
            entry.TimeEncodingViolations = certificate.TimeEncodingViolations.Count;
        }

        /// <summary>A revocation decision (Test-CertificateRevocation, pkirev revocation check).</summary>
        public void Add(RevocationResult revocation) => _revocations.Add(revocation ?? throw new ArgumentNullException(nameof(revocation)));

        /// <summary>A monitor run: its time, next run, outcome and counts, and every certificate it found.</summary>
        public void Add(MonitorRunResult run)
        {
            _runs.Add(run ?? throw new ArgumentNullException(nameof(run)));
            foreach (var certificate in run.Certificates) Add(certificate);
        }

        /// <summary>Adds whatever of the above <paramref name="item"/> is; false (nothing added) for anything else.</summary>
        public bool TryAdd(object? item)
        {
            switch (item)
            {
                case CertificateExpiry expiry: Add(expiry); return true;
                case MonitoredCertificate certificate: Add(certificate); return true;
                case RevocationResult revocation: Add(revocation); return true;
                case MonitorRunResult run: Add(run); return true;
                default: return false;
            }
        }

        /// <summary>The exposition text (UTF-8, "\n" line ends, ending in "# EOF\n").</summary>
        public string ToText()
        {
            var entries = _entries.ToList();
            foreach (var revocation in _revocations)
            {
                var matches = entries.Where(e => string.Equals(e.Thumbprint, revocation.Thumbprint, StringComparison.OrdinalIgnoreCase)).ToList();
                if (matches.Count == 0)
                {
                    var entry = new Entry(revocation.Thumbprint, "", revocation.Subject, revocation.Issuer, revocation.SerialNumber);
                    if (revocation.Certificate != null)
                    {
                        entry.NotBefore = revocation.Certificate.NotBefore.ToUniversalTime();
                        entry.NotAfter = revocation.Certificate.NotAfter.ToUniversalTime();
                    }

                    entries.Add(entry);
                    matches.Add(entry);
                }

                foreach (var entry in matches)
                {
                    entry.RevocationStatus = revocation.Status;
                    entry.RevocationCheckedAt = revocation.Status == RevocationStatus.Indeterminate ? null : revocation.ReferenceTime;
                }
            }

            var w = new Writer();
            w.Family("certificate_not_before_timestamp_seconds", "The certificate's notBefore, as Unix time.");
            foreach (var e in entries.Where(e => e.NotBefore.HasValue)) w.Sample(e.Labels, Unix(e.NotBefore!.Value));
            w.Family("certificate_not_after_timestamp_seconds", "The certificate's notAfter, as Unix time; expires in = this - time().");
            foreach (var e in entries.Where(e => e.NotAfter.HasValue)) w.Sample(e.Labels, Unix(e.NotAfter!.Value));
            w.Family("certificate_expires_in_seconds", "Seconds from the check to notAfter (negative once expired); divide by 86400 for days remaining.");
            foreach (var e in entries.Where(e => e.NotAfter.HasValue && e.CheckedAt.HasValue)) w.Sample(e.Labels, Unix(e.NotAfter!.Value) - Unix(e.CheckedAt!.Value));
            w.Family("certificate_expiry_status", "1 for the certificate's expiry status at the check (Valid, Expiring, Expired, NotYetValid), 0 for the others.");
            foreach (var e in entries.Where(e => e.ExpiryStatus.HasValue))
                foreach (var state in ExpiryStates) w.Sample(e.Labels + Label("status", state), state == e.ExpiryStatus!.Value.ToString() ? 1 : 0);
            w.Family("certificate_time_encoding_violations", "How many RFC 5280 time-encoding rules notBefore/notAfter break (0 when well encoded).");
            foreach (var e in entries.Where(e => e.ExpiryStatus.HasValue)) w.Sample(e.Labels, e.TimeEncodingViolations);
            w.Family("certificate_revocation_status", "1 for the revocation decision (NotRevoked, Revoked, Indeterminate), 0 for the others.");
            foreach (var e in entries.Where(e => e.RevocationStatus.HasValue))
                foreach (var state in RevocationStates) w.Sample(e.Labels + Label("status", state), state == e.RevocationStatus!.Value.ToString() ? 1 : 0);
            w.Family("certificate_last_check_timestamp_seconds", "When a check of the certificate last succeeded (check: expiry, revocation), as Unix time.");
            foreach (var e in entries.Where(e => e.CheckedAt.HasValue)) w.Sample(e.Labels + Label("check", "expiry"), Unix(e.CheckedAt!.Value));
            foreach (var e in entries.Where(e => e.RevocationCheckedAt.HasValue)) w.Sample(e.Labels + Label("check", "revocation"), Unix(e.RevocationCheckedAt!.Value));

            if (_runs.Count > 0)
            {
                w.Family("monitor_last_run_timestamp_seconds", "When the certificate monitor last ran (its reference time), as Unix time.");
                foreach (var r in _runs) w.Sample(ScopeLabel(r), Unix(r.At));
                w.Family("monitor_next_run_timestamp_seconds", "When the next monitor run is due, as Unix time.");
                foreach (var r in _runs.Where(r => r.NextRun.HasValue)) w.Sample(ScopeLabel(r), Unix(r.NextRun!.Value));
                w.Family("monitor_run_info", "The outcome of the last monitor run (Sent, NothingDue, SendFailed, NoChannel, ...), always 1.");
                foreach (var r in _runs) w.Sample(ScopeLabel(r) + Label("outcome", r.Outcome.ToString()), 1);
                w.Family("monitor_certificates", "Certificates the last monitor run found, per digest group (Expired, Within7Days, WithinWindow).");
                foreach (var r in _runs)
                    foreach (var group in MonitorGroups) w.Sample(ScopeLabel(r) + Label("group", group), r.Certificates.Count(c => c.Group.ToString() == group));
                w.Family("monitor_notices_pending", "Notices that were due at the last monitor run and not delivered.");
                foreach (var r in _runs) w.Sample(ScopeLabel(r), r.NoticesDue - r.NoticesSent);
            }

            return w.Finish();
        }

        /// <summary>Writes <see cref="ToText"/> to <paramref name="path"/> atomically (a textfile collector never reads half a file).</summary>
        public void WriteFile(string path) => AtomicFile.WriteAllBytes(path, new UTF8Encoding(false).GetBytes(ToText()));

        private Entry EntryFor(string thumbprint, string source, string subject, string issuer, string serial)
        {
            var key = (thumbprint.ToUpperInvariant(), source);
            if (_byKey.TryGetValue(key, out var entry)) return entry;
            entry = new Entry(thumbprint, source, subject, issuer, serial);
            _byKey[key] = entry;
            _entries.Add(entry);
            return entry;
        }

        private static string ScopeLabel(MonitorRunResult run) => Label("scope", run.Scope.ToString());

        internal static long Unix(DateTime value)
        {
            var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
            return (long)Math.Floor((utc - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds);
        }

        /// <summary>One label, name="value", with the value escaped as the exposition formats require (\\, \", \n).</summary>
        internal static string Label(string name, string value)
        {
            var escaped = new StringBuilder((value ?? "").Length + 2);
            foreach (var ch in value ?? "")
            {
                if (ch == '\\') escaped.Append("\\\\");
                else if (ch == '"') escaped.Append("\\\"");
                else if (ch == '\n') escaped.Append("\\n");
                else if (ch == '\r') continue;
                else escaped.Append(ch);
            }

            return "," + name + "=\"" + escaped + "\"";
        }

        private sealed class Entry
        {
            public Entry(string thumbprint, string source, string subject, string issuer, string serial)
            {
                Thumbprint = thumbprint;
                Labels = Label("subject", subject) + Label("issuer", issuer) + Label("serial", serial) + Label("thumbprint", thumbprint.ToUpperInvariant()) + Label("source", source);
            }

            public string Thumbprint { get; }

            /// <summary>The certificate's labels, each led by a comma.</summary>
            public string Labels { get; }

            public DateTime? NotBefore { get; set; }
            public DateTime? NotAfter { get; set; }
            public ExpiryStatus? ExpiryStatus { get; set; }
            public DateTime? CheckedAt { get; set; }
            public int TimeEncodingViolations { get; set; }
            public RevocationStatus? RevocationStatus { get; set; }
            public DateTime? RevocationCheckedAt { get; set; }
        }

        /// <summary>Families in order, each HELP and TYPE once, then its samples; a family without samples is left out.</summary>
        private sealed class Writer
        {
            private readonly StringBuilder _text = new StringBuilder();
            private string _name = "";
            private string _help = "";
            private bool _headerWritten;

            public void Family(string name, string help)
            {
                _name = Prefix + name;
                _help = help;
                _headerWritten = false;
            }

            public void Sample(string labels, long value)
            {
                if (!_headerWritten)
                {
                    _text.Append("# HELP ").Append(_name).Append(' ').Append(_help.Replace("\\", "\\\\").Replace("\n", "\\n")).Append('\n');
                    _text.Append("# TYPE ").Append(_name).Append(" gauge\n");
                    _headerWritten = true;
                }

                _text.Append(_name).Append('{').Append(labels.Substring(1)).Append("} ").Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            public string Finish() => _text.Append("# EOF\n").ToString();
        }
    }
}
