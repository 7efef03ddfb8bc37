using System.Net;
using System.Text.RegularExpressions;
using PkiRevocation.Monitoring;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Monitoring;

/// <summary>The digest's content: what a reader sees first, in which order, and that Outlook can render the HTML.</summary>
public sealed class MonitorDigestTests
{
    private const string Summary = "Summary: 2 expired, 2 expiring within 7 days, 2 expiring within 30 days";

    [Fact]
    public void Build_SummaryLine_IsTheFirstLineOfTheText_AndLeadsTheHtml()
    {
        var digest = DigestFixture.Build();

        Assert.Equal(Summary, digest.Summary);
        Assert.Equal(Summary, digest.Text.Split(Environment.NewLine)[0]);
        var body = digest.Html[digest.Html.IndexOf("<body", StringComparison.Ordinal)..];
        var first = Regex.Match(body, ">([^<>]+)<").Groups[1].Value;
        Assert.Equal(Summary, WebUtility.HtmlDecode(first));
    }

    [Fact]
    public void Build_SummaryCountsEveryGroup_IncludingEmptyOnes()
    {
        var due = DigestFixture.Due().Where(c => c.Group != MonitorGroup.Within7Days).ToList();

        var digest = MonitorDigest.Build(due, DigestFixture.T0, 30, "host", null);

        Assert.Equal("Summary: 2 expired, 0 expiring within 7 days, 2 expiring within 30 days", digest.Summary);
        Assert.DoesNotContain("[URGENT]", digest.Text);
        Assert.Contains("Next run: not scheduled.", digest.Text);
    }

    [Fact]
    public void Build_GroupsInUrgencyOrder_EachWithATextMarker_InBothParts()
    {
        var digest = DigestFixture.Build();

        foreach (var part in new[] { digest.Text, PlainText(digest.Html) })
        {
            var expired = part.IndexOf("EXPIRED (2)", StringComparison.OrdinalIgnoreCase);
            var urgent = part.IndexOf("within 7 days (2)", StringComparison.OrdinalIgnoreCase);
            var soon = part.IndexOf("within 30 days (2)", StringComparison.OrdinalIgnoreCase);
            Assert.True(expired > 0 && urgent > expired && soon > urgent, part);
        }

        Assert.Contains("[EXPIRED] EXPIRED (2) - replace now", digest.Text);
        Assert.Contains("[URGENT] EXPIRING WITHIN 7 DAYS (2) - replace this week", digest.Text);
        Assert.Contains("[SOON] EXPIRING WITHIN 30 DAYS (2) - plan the renewal", digest.Text);
        // The same markers as text in the HTML badges: colour is never the only signal.
        var html = PlainText(digest.Html);
        foreach (var marker in new[] { "EXPIRED Expired (2)", "URGENT Expiring within 7 days (2)", "SOON Expiring within 30 days (2)" })
            Assert.Contains(marker, html);
    }

    [Fact]
    public void Build_EachEntry_LeadsWithDaysLeft_AndNamesTheCheck_AndTheNextRun()
    {
        var digest = DigestFixture.Build();
        var text = digest.Text;

        // Within a group the most urgent comes first; each entry's first line is its days left.
        var vpn = text.IndexOf("  Days left:  -3 (3 days ago)" + Environment.NewLine + "  Subject:    CN=legacy-vpn.corp.example.test", StringComparison.Ordinal);
        var intranet = text.IndexOf("  Days left:  -41 (41 days ago)" + Environment.NewLine + "  Subject:    CN=intranet.example.test", StringComparison.Ordinal);
        Assert.True(intranet > 0 && vpn > intranet, text);
        Assert.Contains("  Check:      Expiry" + Environment.NewLine, text);
        Assert.Contains("  Check:      Expiry, time encoding (RFC 5280)" + Environment.NewLine
                        + "  Encoding:   notAfter: GeneralizedTime used before 2050 (UTCTime required) (GeneralizedTime 20260613080000Z)", text);
        Assert.Contains("Next run: 2026-06-01T09:00:00Z", text);
        Assert.Contains("The monitor does not check revocation", text);

        var html = PlainText(digest.Html);
        Assert.Contains("Days left Certificate Not after (UTC) Check Source", html);
        Assert.Contains("-41 41 days ago CN=intranet.example.test", html);
        Assert.Contains("Time encoding: notAfter: GeneralizedTime used before 2050 (UTCTime required)", html);
        Assert.Contains("Expiry, time encoding (RFC 5280)", html);
        Assert.Contains("Next run: 2026-06-01T09:00:00Z", html);
    }

    [Fact]
    public void Build_Html_UsesOnlyTablesAndInlineStylesThatOutlookRenders()
    {
        var html = DigestFixture.Build().Html;

        foreach (var problem in OutlookSafeHtml.Problems(html)) Assert.Fail(problem);
        Assert.Contains("<wbr>", html);
        Assert.Contains("backend-<wbr>payment-<wbr>gateway-<wbr>2026.<wbr>pfx", html);
    }

    [Fact]
    public void OutlookSafeHtml_RefusesStyleSheetsClassesAndLayoutItCannotRender()
    {
        Assert.Contains(OutlookSafeHtml.Problems("<html><head><style>td{}</style></head><body></body></html>"), p => p.Contains("<style>"));
        Assert.Contains(OutlookSafeHtml.Problems("<html><body><div class=\"x\"></div></body></html>"), p => p.Contains("<div>"));
        Assert.Contains(OutlookSafeHtml.Problems("<html><body><table><tr><td style=\"display:flex\"></td></tr></table></body></html>"), p => p.Contains("display"));
        Assert.Contains(OutlookSafeHtml.Problems("<html><body><span onclick=\"x()\">a</span></body></html>"), p => p.Contains("onclick"));
        Assert.Empty(OutlookSafeHtml.Problems("<html><body><table><tr><td style=\"color:#FFFFFF;padding:2px\">a<br>b</td></tr></table></body></html>"));
    }

    [Fact]
    [Trait("Category", "RequiresLinuxPeers")] // Debian's chromium, which .ci/run installs
    public void Render_InHeadlessChromium_ShowsEveryGroupColour_AndLongValuesWrapWithinTheCard()
    {
        var digest = DigestFixture.Build();
        using var folder = new TempDirectory("digest-render");
        var htmlFile = folder.File("digest.html");
        var pngFile = folder.File("digest.png");
        File.WriteAllText(htmlFile, digest.Html);

        HeadlessChromium.Screenshot(htmlFile, pngFile, 800, 1800);
        var png = PngImage.Read(pngFile);
        KeepForDocs(pngFile);

        Assert.Equal((800, 1800), (png.Width, png.Height));
        var size = new FileInfo(pngFile).Length;
        Assert.InRange(size, 30_000, 400_000);
        // Every group's colour is on screen (badge, left rule, days), and the page is not cut off at the bottom.
        foreach (var colour in new[] { "#B3261E", "#A34700", "#1F5F99" })
            Assert.True(png.Count(colour) > 2_000, $"{colour}: {png.Count(colour)} pixels");
        Assert.InRange(png.ContentBottom(), 600, 1790);
        // Long subjects and paths wrap: the 720-pixel card stays centred, so both 30-pixel margins are page background.
        Assert.True(png.Count("#F3F4F6", tolerance: 0) >= 2 * 30 * 1800, "the card grew beyond 720 pixels");
    }

    /// <summary>PKIREV_DIGEST_PNG=path copies the rendering there (how docs/digest.png is made); tests never write the repository.</summary>
    private static void KeepForDocs(string pngFile)
    {
        var target = Environment.GetEnvironmentVariable("PKIREV_DIGEST_PNG");
        if (!string.IsNullOrEmpty(target)) File.Copy(pngFile, target, overwrite: true);
    }

    private static string PlainText(string html) =>
        Regex.Replace(WebUtility.HtmlDecode(Regex.Replace(html.Replace("<wbr>", ""), "<[^>]+>", " ")), @"\s+", " ");
}
