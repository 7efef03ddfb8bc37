using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;

namespace PkiRevocation.Monitoring
{
    /// <summary>The one message of a run: due notices grouped expired / within 7 days / within the window.</summary>
    internal sealed class MonitorDigest
    {
        private MonitorDigest(string subject, string text, string html)
        {
            Subject = subject;
            Text = text;
            Html = html;
        }

        public string Subject { get; }
        public string Text { get; }
        public string Html { get; }

        public static MonitorDigest Build(IReadOnlyList<MonitoredCertificate> due, DateTime at, int windowDays, string host)
        {
            var groups = new[]
            {
                (Group: MonitorGroup.Expired, Title: "Expired"),
                (Group: MonitorGroup.Within7Days, Title: "Expiring within 7 days"),
                (Group: MonitorGroup.WithinWindow, Title: $"Expiring within {windowDays} days"),
            };
            var counts = groups.Select(g => (g.Title, Count: due.Count(c => c.Group == g.Group))).Where(g => g.Count > 0).ToList();
            var subject = $"[PkiRevocation] {due.Count} certificate{(due.Count == 1 ? "" : "s")} need{(due.Count == 1 ? "s" : "")} attention on {host}: "
                          + string.Join(", ", counts.Select(c => $"{c.Count} {c.Title.ToLowerInvariant()}"));

            var text = new StringBuilder();
            text.AppendLine($"Certificate monitor on {host}, run at {Iso(at)}.");
            text.AppendLine("Expiry notices are not a replacement for revocation checks.");
            var html = new StringBuilder();
            html.Append("<html><body style=\"font-family:Segoe UI,Arial,sans-serif\">");
            html.Append("<p>Certificate monitor on <b>").Append(Encode(host)).Append("</b>, run at ").Append(Encode(Iso(at))).Append(".</p>");
            html.Append("<p><i>Expiry notices are not a replacement for revocation checks.</i></p>");

            foreach (var (group, title) in groups)
            {
                var items = due.Where(c => c.Group == group).OrderBy(c => c.NotAfter).ThenBy(c => c.Subject, StringComparer.Ordinal).ToList();
                if (items.Count == 0) continue;
                text.AppendLine();
                text.AppendLine($"{title.ToUpperInvariant()} ({items.Count})");
                html.Append("<h3>").Append(Encode(title)).Append(" (").Append(items.Count).Append(")</h3>");
                html.Append("<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\"><tr><th>Subject</th><th>Issuer</th><th>Thumbprint</th><th>Not after (UTC)</th><th>Days left</th><th>Source</th></tr>");
                foreach (var c in items)
                {
                    text.AppendLine($"  Subject:    {c.Subject}");
                    text.AppendLine($"  Issuer:     {c.Issuer}");
                    text.AppendLine($"  Thumbprint: {c.Thumbprint}");
                    text.AppendLine($"  Not after:  {Iso(c.NotAfter)}");
                    text.AppendLine($"  Days left:  {c.DaysRemaining.ToString(CultureInfo.InvariantCulture)}");
                    text.AppendLine($"  Source:     {c.Source}");
                    text.AppendLine();
                    html.Append("<tr><td>").Append(Encode(c.Subject)).Append("</td><td>").Append(Encode(c.Issuer))
                        .Append("</td><td><code>").Append(Encode(c.Thumbprint)).Append("</code></td><td>").Append(Encode(Iso(c.NotAfter)))
                        .Append("</td><td>").Append(c.DaysRemaining.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(Encode(c.Source)).Append("</td></tr>");
                }

                html.Append("</table>");
            }

            html.Append("</body></html>");
            return new MonitorDigest(subject, text.ToString().TrimEnd() + Environment.NewLine, html.ToString());
        }

        internal static string Iso(DateTime value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        private static string Encode(string value) => WebUtility.HtmlEncode(value);
    }
}
