using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace PkiRevocation.Monitoring
{
    /// <summary>
    /// The one message of a run (its content only: the transport builds the MIME message from Subject, Text and Html).
    /// Due notices in groups, most urgent first, each with a colour and a text marker (colour is never the only signal);
    /// a one-line summary with the count of every group on top; per certificate the days left first, then subject,
    /// notAfter, the check that produced the finding, issuer, serial, thumbprint and source; the next run at the end.
    /// The text part says the same as the HTML part (<see cref="MonitorDigestHtml"/>).
    /// </summary>
    internal sealed class MonitorDigest
    {
        /// <summary>The checks the monitor runs on every certificate it reports (revocation is not one of them).</summary>
        internal const string ChecksNote = "Checked: expiry (notAfter) and the RFC 5280 time encoding of notBefore/notAfter. "
                                           + "The monitor does not check revocation: use Test-CertificateRevocation or 'pkirev revocation check'.";

        internal const string RevocationNote = "Expiry notices are not a replacement for revocation checks.";

        private MonitorDigest(string subject, string summary, string text, string html)
        {
            Subject = subject;
            Summary = summary;
            Text = text;
            Html = html;
        }

        public string Subject { get; }

        /// <summary>"Summary: 1 expired, 0 expiring within 7 days, 2 expiring within 30 days", the first line of both parts.</summary>
        public string Summary { get; }

        public string Text { get; }
        public string Html { get; }

        public static MonitorDigest Build(IReadOnlyList<MonitoredCertificate> due, DateTime at, int windowDays, string host, DateTime? nextRun)
        {
            var sections = Sections(due, windowDays);
            var counts = sections.Where(s => s.Items.Count > 0).Select(s => $"{s.Items.Count} {s.Style.Title.ToLowerInvariant()}");
            var subject = $"[PkiRevocation] {due.Count} certificate{(due.Count == 1 ? "" : "s")} need{(due.Count == 1 ? "s" : "")} attention on {host}: "
                          + string.Join(", ", counts);
            var summary = "Summary: " + string.Join(", ", sections.Select(s => $"{s.Items.Count} {s.Style.Title.ToLowerInvariant()}"));
            var heading = $"Certificate monitor on {host}, run at {Iso(at)}.";
            var next = NextRunText(nextRun);
            return new MonitorDigest(subject, summary,
                BuildText(sections, summary, heading, next),
                MonitorDigestHtml.Render(sections, subject, summary, heading, next));
        }

        internal static string Iso(DateTime value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        /// <summary>The checks that produced the finding: "Expiry", and "time encoding (RFC 5280)" when notBefore/notAfter break the rules.</summary>
        internal static string CheckOf(MonitoredCertificate certificate) =>
            certificate.TimeEncodingViolations.Count == 0 ? "Expiry" : "Expiry, time encoding (RFC 5280)";

        internal static string DaysText(int days) => days < 0 ? $"{-days} day{(days == -1 ? "" : "s")} ago" : days == 1 ? "1 day left" : $"{days} days left";

        private static string NextRunText(DateTime? nextRun) =>
            nextRun.HasValue
                ? $"Next run: {Iso(nextRun.Value)} (every 24 hours; hourly while a certificate is within 7 days of expiry or a delivery failed)."
                : "Next run: not scheduled.";

        private static List<DigestSection> Sections(IReadOnlyList<MonitoredCertificate> due, int windowDays) =>
            DigestGroupStyle.All(windowDays)
                .Select(style => new DigestSection(style, due.Where(c => c.Group == style.Group)
                    .OrderBy(c => c.NotAfter).ThenBy(c => c.Subject, StringComparer.Ordinal).ToList()))
                .ToList();

        private static string BuildText(List<DigestSection> sections, string summary, string heading, string next)
        {
            var text = new StringBuilder();
            text.AppendLine(summary);
            text.AppendLine(heading);
            text.AppendLine(next);
            foreach (var section in sections.Where(s => s.Items.Count > 0))
            {
                text.AppendLine();
                text.AppendLine($"{section.Style.Marker} {section.Style.Title.ToUpperInvariant()} ({section.Items.Count}) - {section.Style.Action}");
                foreach (var c in section.Items)
                {
                    text.AppendLine($"  Days left:  {c.DaysRemaining.ToString(CultureInfo.InvariantCulture)} ({DaysText(c.DaysRemaining)})");
                    text.AppendLine($"  Subject:    {c.Subject}");
                    text.AppendLine($"  Not after:  {Iso(c.NotAfter)}");
                    text.AppendLine($"  Check:      {CheckOf(c)}");
                    foreach (var violation in c.TimeEncodingViolations) text.AppendLine($"  Encoding:   {violation}");
                    text.AppendLine($"  Issuer:     {c.Issuer}");
                    text.AppendLine($"  Serial:     {c.SerialNumber}");
                    text.AppendLine($"  Thumbprint: {c.Thumbprint}");
                    text.AppendLine($"  Source:     {c.Source}");
                    text.AppendLine();
                }
            }

            text.AppendLine(ChecksNote);
            text.AppendLine(RevocationNote);
            return text.ToString().TrimEnd() + Environment.NewLine;
        }
    }

    /// <summary>One group of the digest with its certificates, most urgent first.</summary>
    internal sealed class DigestSection
    {
        public DigestSection(DigestGroupStyle style, List<MonitoredCertificate> items)
        {
            Style = style;
            Items = items;
        }

        public DigestGroupStyle Style { get; }
        public List<MonitoredCertificate> Items { get; }
    }

    /// <summary>How a group looks: its title, a text marker and a colour (both, so colour is never the only signal).</summary>
    internal sealed class DigestGroupStyle
    {
        private DigestGroupStyle(MonitorGroup group, string title, string marker, string action, string colour, string tint)
        {
            Group = group;
            Title = title;
            Marker = marker;
            Action = action;
            Colour = colour;
            Tint = tint;
        }

        public MonitorGroup Group { get; }
        public string Title { get; }

        /// <summary>The text marker: "[EXPIRED]", "[URGENT]", "[SOON]".</summary>
        public string Marker { get; }

        public string Action { get; }

        /// <summary>The group colour (badge, left rule, days); white text on it has a contrast ratio of at least 4.5:1.</summary>
        public string Colour { get; }

        /// <summary>A light tint of the colour for the rows.</summary>
        public string Tint { get; }

        public static IEnumerable<DigestGroupStyle> All(int windowDays)
        {
            yield return new DigestGroupStyle(MonitorGroup.Expired, "Expired", "[EXPIRED]", "replace now", "#B3261E", "#FDECEA");
            yield return new DigestGroupStyle(MonitorGroup.Within7Days, "Expiring within 7 days", "[URGENT]", "replace this week", "#A34700", "#FFF1E0");
            yield return new DigestGroupStyle(MonitorGroup.WithinWindow, $"Expiring within {windowDays} days", "[SOON]", "plan the renewal", "#1F5F99", "#EAF2FB");
        }
    }
}
