using Xunit;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;
using PkiRevocation.Monitoring;
using PkiRevocation.TestSupport;

namespace PkiRevocation.Engine.Tests.Monitoring;

/// <summary>The monitor against a real SMTP server (aiosmtpd with STARTTLS and AUTH) on 127.0.0.1.</summary>
[Trait("Category", "RequiresLinuxPeers")] // aiosmtpd, slapd or flock: Debian packages that .ci/run installs
public sealed class MonitorMailTests
{
    private static readonly DateTime T0 = MonitorTestBed.T0;

    [Fact]
    public void Run_DueNotices_OneDigestArrivesWithRecipientsGroupsAndFields()
    {
        using var server = SmtpTestServer.Start();
        using var bed = new MonitorTestBed();
        bed.Configure(bed.MailSettings(server));

        var result = bed.Run(T0);

        Assert.Equal(MonitorRunOutcome.Sent, result.Outcome);
        Assert.Empty(result.Errors);
        var mail = Assert.Single(server.Messages());
        Assert.True(mail.Tls);
        Assert.Equal("monitor", mail.Login);
        Assert.Equal(new[] { "ops@example.test", "pki-team@example.test" }, mail.RcptTos.OrderBy(r => r, StringComparer.Ordinal));
        Assert.Equal("monitor@example.test", mail.MailFrom);
        Assert.Equal("multipart/alternative", mail.ContentType);
        Assert.Contains("3 certificates need attention on testhost", mail.Subject);
        Assert.Contains("1 expired, 1 expiring within 7 days, 1 expiring within 30 days", mail.Subject);

        var text = mail.Text!;
        var expiredAt = text.IndexOf("EXPIRED (1)", StringComparison.Ordinal);
        var soonAt = text.IndexOf("EXPIRING WITHIN 7 DAYS (1)", StringComparison.Ordinal);
        var windowAt = text.IndexOf("EXPIRING WITHIN 30 DAYS (1)", StringComparison.Ordinal);
        Assert.True(expiredAt >= 0 && soonAt > expiredAt && windowAt > soonAt, text);
        AssertEntry(text, expiredAt, soonAt, bed.Expired!, "CN=expired.example.test", "2026-05-29T08:00:00Z", -3, bed);
        AssertEntry(text, soonAt, windowAt, bed.Within7Days!, "CN=soon.example.test", "2026-06-04T08:00:00Z", 3, bed);
        AssertEntry(text, windowAt, text.Length, bed.WithinWindow, "CN=window.example.test", "2026-06-21T08:00:00Z", 20, bed);
        Assert.DoesNotContain(MonitorTestBed.Thumbprint(bed.Valid), text);
        Assert.Contains("Expiry notices are not a replacement for revocation checks.", text);

        var html = mail.Html!.Replace("<wbr>", ""); // <wbr> lets long names wrap; it is not text
        const string summary = "Summary: 1 expired, 1 expiring within 7 days, 1 expiring within 30 days";
        Assert.StartsWith(summary + "\n", text.ReplaceLineEndings("\n"));
        Assert.Contains(">" + summary + "<", html);
        Assert.Contains("<table", html);
        Assert.Contains(MonitorTestBed.Thumbprint(bed.Within7Days!), html);
        Assert.Contains("CN=window.example.test", html);

        Assert.Equal(3, result.NoticesSent);
        Assert.All(result.Certificates, c => Assert.True(c.NotificationSent));
        Assert.Equal(new[] { "Email" }, result.Channels);
        Assert.Equal(new[] { MonitorGroup.Expired, MonitorGroup.Within7Days, MonitorGroup.WithinWindow }, result.Certificates.Select(c => c.Group).OrderBy(g => g));
        Assert.Equal(0, bed.Monitor.GetStatus().PendingNotices);
    }

    private static void AssertEntry(string text, int start, int end, TestCertificate certificate, string subject, string notAfter, int daysLeft, MonitorTestBed bed)
    {
        var section = text.Substring(start, end - start);
        Assert.Contains("Subject:    " + subject, section);
        Assert.Contains("Issuer:     CN=Monitor Test Root", section);
        Assert.Contains("Thumbprint: " + MonitorTestBed.Thumbprint(certificate), section);
        Assert.Contains("Not after:  " + notAfter, section);
        Assert.Contains("Days left:  " + daysLeft, section);
        Assert.Contains("Source:     " + bed.CertificateFolder, section);
    }

    [Fact]
    public void Run_AgainWithinFrequency_SendsNothing_AndPastFrequency_SendsAgain()
    {
        using var server = SmtpTestServer.Start();
        using var bed = new MonitorTestBed();
        bed.Configure(bed.MailSettings(server));

        Assert.Equal(MonitorRunOutcome.Sent, bed.Run(T0).Outcome);
        var second = bed.Run(T0.AddHours(23).AddMinutes(59));
        Assert.Equal(MonitorRunOutcome.NothingDue, second.Outcome);
        Assert.All(second.Certificates, c => Assert.False(c.NoticeDue));
        Assert.All(second.Certificates, c => Assert.Equal(T0.AddDays(1), c.NextNotice));
        Assert.Single(server.Messages());

        var third = bed.Run(T0.AddDays(1));
        Assert.Equal(MonitorRunOutcome.Sent, third.Outcome);
        Assert.Equal(2, server.Messages().Count);
        Assert.Equal(3, third.NoticesSent);
    }

    [Fact]
    public void Run_CertificateMovesToAWorseGroup_NoticeIsDueBeforeTheFrequency()
    {
        using var server = SmtpTestServer.Start();
        using var bed = new MonitorTestBed();
        var change = bed.MailSettings(server);
        change.NotificationFrequency = TimeSpan.FromDays(30);
        bed.Configure(change);
        Assert.Equal(MonitorRunOutcome.Sent, bed.Run(T0).Outcome);

        var result = bed.Run(T0.AddDays(4)); // soon.example.test expired one day ago
        Assert.Equal(MonitorRunOutcome.Sent, result.Outcome);
        var notice = Assert.Single(result.Certificates, c => c.NoticeDue);
        Assert.Equal(MonitorTestBed.Thumbprint(bed.Within7Days!), notice.Thumbprint);
        Assert.Equal(MonitorGroup.Expired, notice.Group);
        Assert.Contains("1 certificate needs attention", server.Messages()[1].Subject);
    }

    [Fact]
    public void Run_ServerAnswers5xx_NoticesStayPending_AndTheNextRunDeliversThem()
    {
        using var server = SmtpTestServer.Start();
        using var bed = new MonitorTestBed();
        bed.Configure(bed.MailSettings(server));
        server.Reject("554 5.7.1 Relay access denied for testing");

        var failed = bed.Run(T0);

        Assert.Equal(MonitorRunOutcome.SendFailed, failed.Outcome);
        Assert.Contains("554", failed.ServerResponse);
        Assert.Contains("Relay access denied for testing", failed.ServerResponse);
        Assert.Contains(failed.GetFailures(), f => f.ErrorId == ErrorIds.SmtpSendFailed);
        Assert.False(failed.DigestSent);
        Assert.All(failed.Certificates, c => Assert.False(c.NotificationSent));
        Assert.Empty(server.Messages());
        Assert.Equal(T0.AddHours(1), failed.NextRun);
        var status = bed.Monitor.GetStatus();
        Assert.Equal(3, status.PendingNotices);
        Assert.Equal(MonitorRunOutcome.SendFailed, status.LastOutcome);

        server.Accept();
        var retry = bed.Run(T0.AddHours(1), force: false);
        Assert.Equal(MonitorRunOutcome.Sent, retry.Outcome);
        Assert.Equal(3, retry.NoticesSent);
        Assert.Single(server.Messages());
        Assert.Equal(0, bed.Monitor.GetStatus().PendingNotices);
    }

    [Fact]
    public void Run_SmtpServerUnreachable_ReportsIt_AndLosesNoState()
    {
        using var server = SmtpTestServer.Start();
        using var bed = new MonitorTestBed();
        var change = bed.MailSettings(server);
        change.SmtpPort = FreePort.Next(); // nothing listens there
        bed.Configure(change);

        var result = bed.Run(T0);

        Assert.Equal(MonitorRunOutcome.SendFailed, result.Outcome);
        var failure = Assert.Single(result.GetFailures(), f => f.ErrorId == ErrorIds.SmtpSendFailed);
        Assert.Contains($"127.0.0.1:{change.SmtpPort}", failure.Message);
        Assert.Equal(3, bed.Monitor.GetStatus().PendingNotices);

        bed.Configure(new MonitorSettingsChange { SmtpPort = server.Port });
        Assert.Equal(MonitorRunOutcome.Sent, bed.Run(T0.AddHours(1), force: false).Outcome);
        Assert.Single(server.Messages());
    }

    [Fact]
    public void Run_StoredCredentialMissing_ClearError_NothingSent_NoticesPending()
    {
        using var server = SmtpTestServer.Start();
        using var bed = new MonitorTestBed();
        bed.Configure(bed.MailSettings(server));
        File.Delete(bed.Monitor.CredentialPath(ConfigurationScope.CurrentUser));

        var result = bed.Run(T0);

        Assert.Equal(MonitorRunOutcome.ConfigurationInvalid, result.Outcome);
        var failure = Assert.Single(result.GetFailures(), f => f.ErrorId == ErrorIds.MonitorCredentialMissing);
        Assert.Contains("'monitor'", failure.Message);
        Assert.Empty(server.Messages());
        Assert.Equal(3, bed.Monitor.GetStatus().PendingNotices);

        bed.Configure(new MonitorSettingsChange { Credential = new System.Net.NetworkCredential(server.User, server.Password) });
        Assert.Equal(MonitorRunOutcome.Sent, bed.Run(T0.AddHours(1)).Outcome);
        Assert.Single(server.Messages());
    }

    [Fact]
    public void Run_WrongPassword_ServerRefusesAuth_NoticesPending()
    {
        using var server = SmtpTestServer.Start();
        using var bed = new MonitorTestBed();
        var change = bed.MailSettings(server);
        change.Credential = new System.Net.NetworkCredential("monitor", "wrong-password");
        bed.Configure(change);

        var result = bed.Run(T0);

        Assert.Equal(MonitorRunOutcome.SendFailed, result.Outcome);
        Assert.Contains(result.GetFailures(), f => f.ErrorId == ErrorIds.SmtpSendFailed);
        Assert.Empty(server.Messages());
        Assert.Equal(3, bed.Monitor.GetStatus().PendingNotices);
    }

    [Fact]
    public void Run_StartTlsCertificateNotTrusted_IsRefused_NothingSent()
    {
        using var server = SmtpTestServer.Start(trusted: false);
        using var bed = new MonitorTestBed();
        bed.Configure(bed.MailSettings(server));

        var result = bed.Run(T0);

        Assert.Equal(MonitorRunOutcome.SendFailed, result.Outcome);
        Assert.Empty(server.Messages());
        Assert.Equal(3, bed.Monitor.GetStatus().PendingNotices);
    }

    [Fact]
    public async Task Run_TwoConcurrentRuns_SendAtMostOneDigest()
    {
        using var server = SmtpTestServer.Start();
        using var bed = new MonitorTestBed();
        bed.Configure(bed.MailSettings(server));
        using var start = new Barrier(2);

        var runs = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            return bed.Run(T0);
        })).ToArray();
        var results = await Task.WhenAll(runs);

        Assert.Single(server.Messages());
        Assert.Equal(new[] { MonitorRunOutcome.Sent, MonitorRunOutcome.NothingDue }, results.Select(r => r.Outcome).OrderBy(o => o));
    }

    [Fact]
    public void Run_CancelledMidScan_ChangesNoState_AndTheNextRunSends()
    {
        using var server = SmtpTestServer.Start();
        using var bed = new MonitorTestBed();
        bed.Configure(bed.MailSettings(server));
        Assert.Equal(MonitorRunOutcome.Sent, bed.Run(T0).Outcome);
        var before = bed.StateBytes();

        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(p => { if (p.Completed >= 1) cancel.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => bed.Run(T0.AddDays(2), cancellationToken: cancel.Token, progress: progress));

        Assert.Equal(before, bed.StateBytes());
        Assert.Single(server.Messages());
        Assert.Equal(MonitorRunOutcome.Sent, bed.Run(T0.AddDays(2)).Outcome);
        Assert.Equal(2, server.Messages().Count);
    }

    [Fact]
    public void SendTestMail_ProvesTheMailSettings()
    {
        using var server = SmtpTestServer.Start();
        using var bed = new MonitorTestBed();
        bed.Configure(bed.MailSettings(server));

        var outcome = bed.Monitor.SendTestMail();

        Assert.False(outcome.IsFailure, outcome.Failure?.ToString() + server.Output);
        Assert.True(outcome.Result!.Accepted);
        var mail = Assert.Single(server.Messages());
        Assert.Contains("Test message", mail.Subject);
        Assert.Equal(2, mail.RcptTos.Length);
        Assert.NotNull(mail.Html);
    }

    [Fact]
    public void SendTestMail_Rejected_ReportsTheServersAnswer()
    {
        using var server = SmtpTestServer.Start();
        using var bed = new MonitorTestBed();
        bed.Configure(bed.MailSettings(server));
        server.Reject("550 5.1.1 Mailbox unavailable for testing");

        var outcome = bed.Monitor.SendTestMail();

        Assert.True(outcome.IsFailure);
        Assert.Equal(ErrorIds.SmtpSendFailed, outcome.Failure!.ErrorId);
        Assert.Contains("Mailbox unavailable for testing", outcome.Failure.Message);
    }

    private sealed class SynchronousProgress : IProgress<OperationProgress>
    {
        private readonly Action<OperationProgress> _report;

        public SynchronousProgress(Action<OperationProgress> report) => _report = report;

        public void Report(OperationProgress value) => _report(value);
    }
}
