using System.Net;
using System.Text.Json;
using PkiRevocation.Diagnostics;
using PkiRevocation.Monitoring;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Monitoring;

[Trait("Category", "RequiresLinuxPeers")] // aiosmtpd, slapd or flock: Debian packages that .ci/run installs

public sealed class MonitorChannelTests
{
    private static readonly DateTime T0 = MonitorTestBed.T0;

    [Fact]
    public void WhatIf_ShowsTheDigest_SendsNothing_ChangesNoState()
    {
        using var server = SmtpTestServer.Start();
        using var bed = new MonitorTestBed();
        bed.Configure(bed.MailSettings(server));

        var result = bed.Run(T0, force: false, whatIf: true);

        Assert.Equal(MonitorRunOutcome.WhatIf, result.Outcome);
        Assert.Equal(3, result.NoticesDue);
        Assert.Contains("EXPIRED (1)", result.DigestText);
        Assert.Contains(MonitorTestBed.Thumbprint(bed.Within7Days!), result.DigestText);
        Assert.Equal(new[] { "ops@example.test", "pki-team@example.test" }, result.Recipients);
        Assert.Contains("Would send one digest with 3 notice(s) via Email to ops@example.test, pki-team@example.test", result.Message);
        Assert.All(result.Certificates, c => Assert.True(c.NoticeDue && !c.NotificationSent));
        Assert.Empty(server.Messages());
        Assert.False(File.Exists(bed.StatePath));
    }

    [Fact]
    public void Webhook_ReceivesTextJson_AcceptedByTeamsAndSlack()
    {
        using var hook = new WebhookReceiver();
        using var bed = new MonitorTestBed();
        bed.Configure(new MonitorSettingsChange { Sources = new[] { bed.CertificateFolder }, WebhookUri = hook.Url });

        var result = bed.Run(T0);

        Assert.Equal(MonitorRunOutcome.Sent, result.Outcome);
        Assert.Equal(new[] { "Webhook" }, result.Channels);
        var (contentType, body) = Assert.Single(hook.Requests);
        Assert.StartsWith("application/json", contentType);
        using var json = JsonDocument.Parse(body);
        Assert.Single(json.RootElement.EnumerateObject());
        var text = json.RootElement.GetProperty("text").GetString()!;
        Assert.Contains("3 certificates need attention", text);
        Assert.Contains(MonitorTestBed.Thumbprint(bed.Expired!), text);
        Assert.Contains("EXPIRING WITHIN 30 DAYS (1)", text);
    }

    [Fact]
    public void Webhook_Refused_NoticesStayPending()
    {
        using var hook = new WebhookReceiver { Status = HttpStatusCode.Forbidden };
        using var bed = new MonitorTestBed();
        bed.Configure(new MonitorSettingsChange { Sources = new[] { bed.CertificateFolder }, WebhookUri = hook.Url });

        var result = bed.Run(T0);

        Assert.Equal(MonitorRunOutcome.SendFailed, result.Outcome);
        var failure = Assert.Single(result.GetFailures(), f => f.ErrorId == ErrorIds.WebhookFailed);
        Assert.Contains("403", failure.Message);
        Assert.DoesNotContain("secret-token", failure.Message);
        Assert.Equal(3, bed.Monitor.GetStatus().PendingNotices);

        hook.Status = HttpStatusCode.OK;
        Assert.Equal(MonitorRunOutcome.Sent, bed.Run(T0.AddHours(1), force: false).Outcome);
        Assert.Single(hook.Requests);
    }

    [Fact]
    public void MailRefused_WebhookAccepted_NoticesStayPendingBecauseMailIsPrimary()
    {
        using var server = SmtpTestServer.Start();
        using var hook = new WebhookReceiver();
        using var bed = new MonitorTestBed();
        var change = bed.MailSettings(server);
        change.WebhookUri = hook.Url;
        bed.Configure(change);
        server.Reject();

        var result = bed.Run(T0);

        Assert.Equal(MonitorRunOutcome.SendFailed, result.Outcome);
        Assert.Equal(new[] { "Webhook" }, result.Channels);
        Assert.Equal(3, bed.Monitor.GetStatus().PendingNotices);
    }

    [Fact]
    public void LocallyIssued_AreLeftOut_UnlessIncluded()
    {
        using var hook = new WebhookReceiver();
        using var bed = new MonitorTestBed(within7Days: false, expired: false);
        var localCa = TestPki.CreateRoot("CN=Local Device CA, O=Example", T0);
        var device = bed.Write("device", localCa.Issue("CN=device-17.example.test", T0.AddDays(-300), T0.AddDays(5)));
        var lscFolder = bed.Home.File("lsc");
        Directory.CreateDirectory(lscFolder);
        var other = localCa.Issue("CN=device-42.example.test", T0.AddDays(-300), T0.AddDays(10));
        other.WritePem(Path.Combine(lscFolder, "device-42.pem"));
        bed.Configure(new MonitorSettingsChange
        {
            Sources = new[] { bed.CertificateFolder },
            WebhookUri = hook.Url,
            LocallyIssuedIssuers = new[] { "CN=Local Device CA,O=Example" },
            LocallyIssuedSources = new[] { lscFolder },
        });

        var without = bed.Run(T0, whatIf: true);
        Assert.Equal(new[] { MonitorTestBed.Thumbprint(bed.WithinWindow) }, without.Certificates.Select(c => c.Thumbprint));

        bed.Configure(new MonitorSettingsChange { IncludeLocallyIssued = true });
        var with = bed.Run(T0, whatIf: true);
        Assert.Equal(3, with.Certificates.Length);
        Assert.True(with.Certificates.Single(c => c.Thumbprint == MonitorTestBed.Thumbprint(device)).LocallyIssued);
        Assert.True(with.Certificates.Single(c => c.Thumbprint == MonitorTestBed.Thumbprint(other)).LocallyIssued);
        Assert.False(with.Certificates.Single(c => c.Thumbprint == MonitorTestBed.Thumbprint(bed.WithinWindow)).LocallyIssued);
        Assert.Equal(MonitorGroup.Within7Days, with.Certificates.Single(c => c.Thumbprint == MonitorTestBed.Thumbprint(device)).Group);
    }

    [Fact]
    public void UnreadableSource_IsReported_TheOthersAreStillMonitored()
    {
        using var hook = new WebhookReceiver();
        using var bed = new MonitorTestBed();
        var missing = bed.Home.File("no-such-folder");
        bed.Configure(new MonitorSettingsChange { Sources = new[] { missing, bed.CertificateFolder }, WebhookUri = hook.Url });

        var result = bed.Run(T0);

        Assert.Equal(MonitorRunOutcome.Sent, result.Outcome);
        Assert.Equal(3, result.NoticesSent);
        Assert.Contains(result.GetFailures(), f => f.Input == missing);
    }
}
