using PkiRevocation.Monitoring;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Monitoring;

/// <summary>"Runs once every 24 hours by default … every hour once a certificate is within seven days … restart: next run 24 hours later."</summary>
[Trait("Category", "RequiresLinuxPeers")] // aiosmtpd, slapd or flock: Debian packages that .ci/run installs
public sealed class MonitorCadenceTests
{
    private static readonly DateTime T0 = MonitorTestBed.T0;

    [Fact]
    public void NextRun_IsIn24Hours_WhenNoCertificateIsWithin7Days()
    {
        using var server = SmtpTestServer.Start();
        using var bed = new MonitorTestBed(within7Days: false, expired: false);
        bed.Configure(bed.MailSettings(server));

        var first = bed.Run(T0, force: false);
        Assert.Equal(MonitorRunOutcome.Sent, first.Outcome);
        Assert.Equal(T0.AddHours(24), first.NextRun);
        Assert.Equal(T0.AddHours(24), bed.Monitor.GetStatus().NextRun);

        var early = bed.Run(T0.AddHours(23).AddMinutes(59), force: false);
        Assert.Equal(MonitorRunOutcome.NotDue, early.Outcome);
        Assert.Empty(early.Certificates);
        Assert.Equal(T0.AddHours(24), early.NextRun);

        var due = bed.Run(T0.AddHours(24), force: false);
        Assert.Equal(MonitorRunOutcome.Sent, due.Outcome);
        Assert.Equal(T0.AddHours(48), due.NextRun);
        Assert.Equal(2, server.Messages().Count);
    }

    [Fact]
    public void NextRun_IsIn1Hour_WhileACertificateIsWithin7Days()
    {
        using var server = SmtpTestServer.Start();
        using var bed = new MonitorTestBed(within7Days: true, expired: false);
        bed.Configure(bed.MailSettings(server));

        Assert.Equal(T0.AddHours(1), bed.Run(T0, force: false).NextRun);
        Assert.Equal(MonitorRunOutcome.NotDue, bed.Run(T0.AddMinutes(59), force: false).Outcome);

        var hourly = bed.Run(T0.AddHours(1), force: false);
        Assert.Equal(MonitorRunOutcome.NothingDue, hourly.Outcome); // scanned, but the 1-day frequency holds the notices
        Assert.Equal(2, hourly.CertificatesFound);
        Assert.Equal(T0.AddHours(2), hourly.NextRun);
        Assert.Single(server.Messages());
    }

    [Fact]
    public void Restart_MakesTheNextRunDue24HoursLater_EvenWithinSevenDays()
    {
        using var server = SmtpTestServer.Start();
        using var bed = new MonitorTestBed();
        bed.Configure(bed.MailSettings(server));
        Assert.Equal(T0.AddHours(1), bed.Run(T0, force: false).NextRun);

        var restartAt = T0.AddMinutes(10);
        var status = bed.Monitor.Restart(at: restartAt);

        Assert.Equal(restartAt.AddHours(24), status.NextRun);
        Assert.Equal(MonitorRunOutcome.NotDue, bed.Run(T0.AddHours(2), force: false).Outcome);
        Assert.Equal(MonitorRunOutcome.NotDue, bed.Run(restartAt.AddHours(24).AddSeconds(-1), force: false).Outcome);
        var due = bed.Run(restartAt.AddHours(24), force: false);
        Assert.Equal(MonitorRunOutcome.Sent, due.Outcome);
        Assert.Equal(restartAt.AddHours(25), due.NextRun);
    }

    [Fact]
    public void SetWithRestart_AppliesTheRestartRule()
    {
        using var bed = new MonitorTestBed();
        var status = bed.Configure(new MonitorSettingsChange { Sources = new[] { bed.CertificateFolder }, Restart = true, At = T0 });

        Assert.Equal(T0.AddHours(24), status.NextRun);
    }

    [Fact]
    public void FirstRun_WithoutState_IsDueAtOnce()
    {
        using var bed = new MonitorTestBed();
        bed.Configure(new MonitorSettingsChange { Sources = new[] { bed.CertificateFolder } });

        Assert.Null(bed.Monitor.GetStatus().NextRun);
        var result = bed.Run(T0, force: false);
        Assert.Equal(MonitorRunOutcome.NoChannel, result.Outcome); // scanned; nothing can deliver, so the notices stay pending
        Assert.Equal(3, result.NoticesDue);
        Assert.Equal(3, bed.Monitor.GetStatus().PendingNotices);
    }
}
