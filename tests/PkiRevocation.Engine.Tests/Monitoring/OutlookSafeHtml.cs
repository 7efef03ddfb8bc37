using System.Text.RegularExpressions;

namespace PkiRevocation.Engine.Tests.Monitoring;

/// <summary>
/// The small allow-list the digest keeps to: what Outlook's Word engine and web mail render alike. Tables for layout,
/// inline styles only (no &lt;style&gt;, no class), no script, no image, no event handler, a short list of CSS properties.
/// </summary>
internal static class OutlookSafeHtml
{
    private static readonly HashSet<string> Tags = new(StringComparer.OrdinalIgnoreCase)
        { "html", "head", "meta", "title", "body", "table", "tr", "th", "td", "p", "span", "b", "br", "wbr" };

    private static readonly HashSet<string> Attributes = new(StringComparer.OrdinalIgnoreCase)
        { "style", "width", "align", "valign", "cellpadding", "cellspacing", "border", "role", "lang", "http-equiv", "content", "name" };

    private static readonly HashSet<string> Properties = new(StringComparer.OrdinalIgnoreCase)
    {
        "font-family", "font-size", "font-weight", "line-height", "color", "background-color", "text-align", "width",
        "padding", "margin", "border", "border-top", "border-bottom", "border-left", "border-collapse",
        "word-wrap", "overflow-wrap", "word-break",
    };

    public static IEnumerable<string> Problems(string html)
    {
        if (!html.StartsWith("<!DOCTYPE html>", StringComparison.OrdinalIgnoreCase) && !html.StartsWith("<html", StringComparison.OrdinalIgnoreCase))
            yield return "The document does not start with <!DOCTYPE html> or <html>.";
        foreach (Match tag in Regex.Matches(html, @"<(/?)([A-Za-z][A-Za-z0-9]*)([^>]*)>"))
        {
            var name = tag.Groups[2].Value;
            if (!Tags.Contains(name))
            {
                yield return $"<{name}> is not on the allow-list.";
                continue;
            }

            foreach (Match attribute in Regex.Matches(tag.Groups[3].Value, @"([A-Za-z-]+)\s*=\s*""([^""]*)"""))
            {
                var attributeName = attribute.Groups[1].Value;
                if (!Attributes.Contains(attributeName)) yield return $"<{name} {attributeName}> is not on the allow-list.";
                if (!attributeName.Equals("style", StringComparison.OrdinalIgnoreCase)) continue;
                foreach (var declaration in attribute.Groups[2].Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var property = declaration.Split(':', 2)[0].Trim();
                    if (!Properties.Contains(property)) yield return $"<{name} style=\"{property}\"> is not on the allow-list.";
                    if (declaration.Contains("url(", StringComparison.OrdinalIgnoreCase)) yield return $"<{name} style=\"{declaration}\"> loads a resource.";
                }
            }
        }
    }
}
