using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;
using PkiRevocation.Monitoring;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Monitoring;

/// <summary>The run lock is shared across processes; a holder that dies releases it and leaves the state intact.</summary>
[Trait("Category", "RequiresLinuxPeers")] // aiosmtpd, slapd or flock: Debian packages that .ci/run installs
public sealed class MonitorRunLockTests
{
    private static readonly DateTime T0 = MonitorTestBed.T0;

    [Fact]
    public void Run_WhileAnotherProcessHoldsTheRunLock_IsBusy_AndAfterThatProcessIsKilled_Delivers()
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/usr/bin/flock")) return; // util-linux flock(1) plays the other run
        using var hook = new WebhookReceiver();
        using var bed = new MonitorTestBed();
        bed.Configure(new MonitorSettingsChange { Sources = new[] { bed.CertificateFolder }, WebhookUri = hook.Url });
        Assert.Equal(MonitorRunOutcome.Sent, bed.Run(T0).Outcome);
        var before = bed.StateBytes();
        var lockFile = Path.Combine(Path.GetDirectoryName(bed.StatePath)!, "monitor-CurrentUser.run.lock");

        using (var other = ExternalProcess.Start("/usr/bin/flock", new[] { lockFile, "-c", "echo locked; exec sleep 60" }))
        {
            WaitFor(() => other.Output.Contains("locked"));
            var busy = bed.Monitor.Run(new MonitorRunRequest { At = T0.AddDays(2), Force = true, LockTimeout = TimeSpan.FromMilliseconds(300) });
            Assert.Equal(MonitorRunOutcome.Busy, busy.Outcome);
            Assert.Equal(ErrorIds.MonitorBusy, Assert.Single(busy.GetFailures()).ErrorId);
            Assert.Equal(before, bed.StateBytes());
        } // killed: the kernel drops its lock

        var after = bed.Run(T0.AddDays(2));
        Assert.Equal(MonitorRunOutcome.Sent, after.Outcome);
        Assert.Equal(2, hook.Requests.Count);
    }

    [Fact]
    public void Run_LeftoversOfAKilledRun_DoNotBlockOrCorrupt()
    {
        using var hook = new WebhookReceiver();
        using var bed = new MonitorTestBed();
        bed.Configure(new MonitorSettingsChange { Sources = new[] { bed.CertificateFolder }, WebhookUri = hook.Url });
        Assert.Equal(MonitorRunOutcome.Sent, bed.Run(T0).Outcome);
        var stateDirectory = Path.GetDirectoryName(bed.StatePath)!;
        // What a run killed while writing leaves behind: its lock file and a half-written temporary file.
        File.WriteAllText(Path.Combine(stateDirectory, "monitor-CurrentUser.run.lock"), "");
        File.WriteAllText(Path.Combine(stateDirectory, ".monitor-CurrentUser.json.0123456789abcdef.tmp"), "{ \"notices\": { \"half");

        var status = bed.Monitor.GetStatus(ConfigurationScope.CurrentUser);
        Assert.Equal(0, status.PendingNotices);
        Assert.Equal(MonitorRunOutcome.Sent, status.LastOutcome);
        Assert.Equal(MonitorRunOutcome.NothingDue, bed.Run(T0.AddHours(1)).Outcome);
        Assert.Single(hook.Requests);
    }

    private static void WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The lock holder did not start.");
            Thread.Sleep(20);
        }
    }
}
