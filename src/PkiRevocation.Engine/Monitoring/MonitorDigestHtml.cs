using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;

namespace PkiRevocation.Monitoring
{
    /// <summary>
    /// The HTML part of the digest, for Outlook (which renders with Word: tables, inline styles, no CSS classes, no
    /// flexbox, no images needed) and web mail. A fixed 720-pixel card of nested tables; every style is inline; long
    /// subjects and sources wrap at their separators (&lt;wbr&gt;, which a copied path does not carry) and anywhere as a
    /// last resort. Each group has a coloured badge with its text marker and a coloured left rule; the days column leads.
    /// </summary>
    internal static class MonitorDigestHtml
    {
        private const string Font = "font-family:'Segoe UI',Arial,Helvetica,sans-serif;";
        private const string Mono = "font-family:Consolas,'Courier New',monospace;";
        private const string Wrap = "word-wrap:break-word;overflow-wrap:anywhere;word-break:break-word;";
        private const string Muted = "#57606A";
        private const string Rule = "#D0D7DE";

        public static string Render(List<DigestSection> sections, string subject, string summary, string heading, string next)
        {
            var h = new StringBuilder();
            h.Append("<!DOCTYPE html><html lang=\"en\"><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">")
             .Append("<meta name=\"viewport\" content=\"width=device-width\"><title>").Append(Encode(subject)).Append("</title></head>");
            h.Append("<body style=\"margin:0;padding:0;background-color:#F3F4F6;\">");
            h.Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"background-color:#F3F4F6;\"><tr><td align=\"center\" style=\"padding:16px 8px;\">");
            h.Append("<table role=\"presentation\" width=\"720\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:720px;background-color:#FFFFFF;border:1px solid ")
             .Append(Rule).Append(";").Append(Font).Append("color:#1F2328;\">");

            // The summary line, then one chip per group (count, marker, title) in order of urgency.
            h.Append("<tr><td style=\"padding:16px 20px 8px 20px;\">")
             .Append("<p style=\"margin:0;font-size:16px;line-height:22px;font-weight:bold;\">").Append(Encode(summary)).Append("</p>")
             .Append("<p style=\"margin:4px 0 0 0;font-size:13px;line-height:18px;color:").Append(Muted).Append(";\">").Append(Encode(heading)).Append("</p>")
             .Append("</td></tr>");
            h.Append("<tr><td style=\"padding:4px 20px 8px 20px;\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr>");
            foreach (var section in sections)
            {
                var style = section.Style;
                var empty = section.Items.Count == 0;
                h.Append("<td width=\"33%\" valign=\"top\" style=\"padding:4px;\">")
                 .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"border-left:6px solid ").Append(empty ? Rule : style.Colour)
                 .Append(";background-color:").Append(empty ? "#F6F8FA" : style.Tint).Append(";\"><tr><td style=\"padding:8px 10px;\">")
                 .Append("<span style=\"font-size:24px;line-height:28px;font-weight:bold;color:").Append(empty ? Muted : style.Colour).Append(";\">")
                 .Append(section.Items.Count.ToString(CultureInfo.InvariantCulture)).Append("</span> ")
                 .Append(Badge(style, empty)).Append("<br>")
                 .Append("<span style=\"font-size:13px;line-height:18px;\">").Append(Encode(style.Title)).Append("</span>")
                 .Append("</td></tr></table></td>");
            }

            h.Append("</tr></table></td></tr>");

            foreach (var section in sections.Where(s => s.Items.Count > 0)) AppendSection(h, section);

            h.Append("<tr><td style=\"padding:12px 20px 16px 20px;border-top:1px solid ").Append(Rule).Append(";font-size:12px;line-height:18px;color:").Append(Muted).Append(";\">")
             .Append("<b style=\"color:#1F2328;\">").Append(Encode(next)).Append("</b><br>")
             .Append(Encode(MonitorDigest.ChecksNote)).Append("<br>")
             .Append(Encode(MonitorDigest.RevocationNote))
             .Append("</td></tr>");
            h.Append("</table></td></tr></table></body></html>");
            return h.ToString();
        }

        private static void AppendSection(StringBuilder h, DigestSection section)
        {
            var style = section.Style;
            h.Append("<tr><td style=\"padding:14px 20px 6px 20px;\">")
             .Append(Badge(style, false)).Append(" <span style=\"font-size:16px;line-height:22px;font-weight:bold;\">")
             .Append(Encode($"{style.Title} ({section.Items.Count})")).Append("</span>")
             .Append(" <span style=\"font-size:13px;color:").Append(Muted).Append(";\">").Append(Encode("- " + style.Action)).Append("</span>")
             .Append("</td></tr>");
            h.Append("<tr><td style=\"padding:0 20px 8px 20px;\">")
             .Append("<table role=\"presentation\" width=\"680\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:680px;border-collapse:collapse;border-left:6px solid ")
             .Append(style.Colour).Append(";\">");
            h.Append("<tr>")
             .Append(Header("Days left", 76)).Append(Header("Certificate", 290)).Append(Header("Not after (UTC)", 80))
             .Append(Header("Check", 84)).Append(Header("Source", 150)).Append("</tr>");
            foreach (var c in section.Items)
            {
                var cell = "valign=\"top\" style=\"padding:8px;border-bottom:1px solid " + Rule + ";background-color:" + style.Tint + ";font-size:12px;line-height:17px;" + Wrap + "\"";
                h.Append("<tr>");
                h.Append("<td width=\"76\" ").Append(cell).Append(">")
                 .Append("<span style=\"font-size:22px;line-height:26px;font-weight:bold;color:").Append(style.Colour).Append(";\">")
                 .Append(c.DaysRemaining.ToString(CultureInfo.InvariantCulture)).Append("</span><br>")
                 .Append("<span style=\"color:").Append(Muted).Append(";\">").Append(Encode(MonitorDigest.DaysText(c.DaysRemaining))).Append("</span></td>");
                h.Append("<td width=\"290\" ").Append(cell).Append(">")
                 .Append("<b style=\"font-size:13px;\">").Append(Breakable(c.Subject)).Append("</b><br>")
                 .Append("<span style=\"color:").Append(Muted).Append(";\">Issuer: ").Append(Breakable(c.Issuer)).Append("<br>")
                 .Append("Serial: <span style=\"").Append(Mono).Append("font-size:10px;\">").Append(Breakable(c.SerialNumber, every: 40)).Append("</span><br>")
                 .Append("Thumbprint: <span style=\"").Append(Mono).Append("font-size:10px;\">").Append(Breakable(c.Thumbprint, every: 40)).Append("</span>");
                foreach (var violation in c.TimeEncodingViolations)
                    h.Append("<br><b style=\"color:").Append(style.Colour).Append(";\">Time encoding:</b> ").Append(Breakable(violation));
                h.Append("</span></td>");
                h.Append("<td width=\"80\" ").Append(cell).Append(">").Append(Encode(MonitorDigest.Iso(c.NotAfter).Replace("T", " ").TrimEnd('Z'))).Append("</td>");
                h.Append("<td width=\"84\" ").Append(cell).Append(">").Append(Breakable(MonitorDigest.CheckOf(c))).Append("</td>");
                h.Append("<td width=\"150\" ").Append(cell).Append("><span style=\"").Append(Mono).Append("font-size:11px;\">").Append(Breakable(c.Source)).Append("</span></td>");
                h.Append("</tr>");
            }

            h.Append("</table></td></tr>");
        }

        private static string Badge(DigestGroupStyle style, bool muted) =>
            "<span style=\"background-color:" + (muted ? "#8C959F" : style.Colour) + ";color:#FFFFFF;font-size:11px;line-height:16px;font-weight:bold;padding:2px 6px;\">"
            + Encode(style.Marker.Trim('[', ']')) + "</span>";

        private static string Header(string title, int width) =>
            $"<th width=\"{width}\" align=\"left\" valign=\"bottom\" style=\"padding:6px 8px;border-bottom:2px solid {Rule};font-size:11px;line-height:14px;color:{Muted};text-align:left;\">{Encode(title)}</th>";

        /// <summary>
        /// HTML-encoded, with a &lt;wbr&gt; after each separator of paths, names and URLs (and every <paramref name="every"/>
        /// characters of a long run without one), so a long subject or source wraps instead of widening the table.
        /// </summary>
        private static string Breakable(string value, int every = 24)
        {
            var s = new StringBuilder();
            var run = 0;
            foreach (var ch in value ?? "")
            {
                s.Append(Encode(ch.ToString()));
                run++;
                if ("/\\,.=:;-_@".IndexOf(ch) >= 0 || ch == ' ') run = 0;
                if ("/\\,.=:;-_@".IndexOf(ch) >= 0 || run >= every)
                {
                    if (ch != ' ') s.Append("<wbr>");
                    run = 0;
                }
            }

            return s.ToString();
        }

        private static string Encode(string value) => WebUtility.HtmlEncode(value);
    }
}
