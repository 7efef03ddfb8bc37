using System.Net;
using System.Text.Json;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;
using PkiRevocation.Monitoring;
using Xunit;

namespace PkiRevocation.Engine.Tests.Monitoring;

public sealed class MonitorSettingsTests
{
    private static MonitorSettingsChange Valid(MonitorTestBed bed) => new()
    {
        EnableEmail = true,
        EmailTo = new[] { "a@example.test;b@example.test", "c@example.test" },
        From = "monitor@example.test",
        SmtpServer = "mail.example.test",
        SmtpPort = 587,
        SmtpSecurity = SmtpSecurity.StartTls,
        NotificationStartDays = 45,
        NotificationFrequency = TimeSpan.FromHours(12),
        Sources = new[] { bed.CertificateFolder, "store://CurrentUser/My", "tls://mail.example.test:25?starttls=smtp" },
    };

    [Fact]
    public void Set_SplitsSemicolonSeparatedAddresses_AndPersistsOneJsonFile()
    {
        using var bed = new MonitorTestBed();
        var status = bed.Configure(Valid(bed));

        Assert.Equal(new[] { "a@example.test", "b@example.test", "c@example.test" }, status.EmailTo);
        using var json = JsonDocument.Parse(File.ReadAllText(bed.SettingsPath));
        Assert.Equal("12:00:00", json.RootElement.GetProperty("notificationFrequency").GetString());
        Assert.Equal("StartTls", json.RootElement.GetProperty("smtpSecurity").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("emailTo").GetArrayLength());
        Assert.Equal(45, bed.Monitor.GetSettings(ConfigurationScope.CurrentUser).NotificationStartDays);
    }

    [Fact]
    public void Set_Credential_IsNeverInTheSettingsFile_AndTheSecretFileIsOwnerOnly()
    {
        using var bed = new MonitorTestBed();
        var change = Valid(bed);
        change.Credential = new NetworkCredential("smtp-user", "Pa55-w0rd-not-in-clear");
        var status = bed.Configure(change);

        Assert.DoesNotContain("Pa55-w0rd-not-in-clear", File.ReadAllText(bed.SettingsPath));
        Assert.Equal(MonitorCredentialKind.ProtectedFile, status.CredentialKind);
        Assert.Equal("smtp-user", status.CredentialUserName);
        var path = bed.Monitor.CredentialPath(ConfigurationScope.CurrentUser);
        Assert.Equal(path, status.CredentialLocation);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var loaded = ProtectedCredentialFile.Load(path, ConfigurationScope.CurrentUser);
        Assert.Equal("smtp-user", loaded.UserName);
        Assert.Equal("Pa55-w0rd-not-in-clear", loaded.Password);
    }

    [Fact]
    public void Set_SecretManagementReference_StoresOnlyTheName_AndPkirevRunsReportIt()
    {
        using var bed = new MonitorTestBed();
        var change = Valid(bed);
        change.CredentialSecretName = "SmtpRelay";
        change.CredentialUserName = "relay-user";
        change.CredentialVault = "LocalStore";
        var status = bed.Configure(change);

        Assert.Equal(MonitorCredentialKind.SecretManagement, status.CredentialKind);
        Assert.Equal("relay-user", status.CredentialUserName);
        Assert.Equal("secret 'SmtpRelay' in vault 'LocalStore'", status.CredentialLocation);
        Assert.False(File.Exists(bed.Monitor.CredentialPath(ConfigurationScope.CurrentUser)));
        var result = bed.Run(MonitorTestBed.T0);
        Assert.Equal(MonitorRunOutcome.ConfigurationInvalid, result.Outcome);
        Assert.Contains(result.GetFailures(), f => f.ErrorId == ErrorIds.MonitorCredentialMissing && f.Message.Contains("SmtpRelay"));
    }

    [Fact]
    public void Set_SwitchingToSecretManagement_DeletesTheStoredPassword()
    {
        using var bed = new MonitorTestBed();
        var change = Valid(bed);
        change.Credential = new NetworkCredential("smtp-user", "old-password");
        bed.Configure(change);
        Assert.True(File.Exists(bed.Monitor.CredentialPath(ConfigurationScope.CurrentUser)));

        var status = bed.Configure(new MonitorSettingsChange { CredentialSecretName = "SmtpRelay" });

        Assert.Equal(MonitorCredentialKind.SecretManagement, status.CredentialKind);
        Assert.Equal("smtp-user", status.CredentialUserName);
        Assert.False(File.Exists(bed.Monitor.CredentialPath(ConfigurationScope.CurrentUser)));
    }

    [Theory]
    [InlineData("not-an-address", "'not-an-address' is not an e-mail address")]
    [InlineData("Ops Team <ops@example.test>", "is not an e-mail address")]
    public void Set_BadAddress_ClearError_NothingSaved(string address, string expected)
    {
        using var bed = new MonitorTestBed();
        bed.Configure(Valid(bed));
        var before = File.ReadAllBytes(bed.SettingsPath);

        var outcome = bed.Monitor.Set(new MonitorSettingsChange { EmailTo = new[] { "ok@example.test;" + address }, Credential = new NetworkCredential("u", "p") });

        Assert.True(outcome.IsFailure);
        Assert.Equal(ErrorIds.MonitorSettingsInvalid, outcome.Failure!.ErrorId);
        Assert.Contains(expected, outcome.Failure.Message);
        Assert.Equal(before, File.ReadAllBytes(bed.SettingsPath));
        Assert.False(File.Exists(bed.Monitor.CredentialPath(ConfigurationScope.CurrentUser)));
    }

    [Fact]
    public void Set_SeveralBadValues_EveryProblemIsNamed_NothingSaved()
    {
        using var bed = new MonitorTestBed();

        var outcome = bed.Monitor.Set(new MonitorSettingsChange
        {
            SmtpPort = 70000,
            NotificationStartDays = 0,
            NotificationFrequency = TimeSpan.Zero,
            Sources = new[] { "relative/folder", "store://Nowhere/My", "tls://host-without-port" },
            WebhookUri = "ftp://example.test/hook",
            RemoveExpired = true,
        });

        Assert.True(outcome.IsFailure);
        var message = outcome.Failure!.Message;
        Assert.Contains("SmtpPort 70000", message);
        Assert.Contains("NotificationStartDays 0", message);
        Assert.Contains("NotificationFrequency", message);
        Assert.Contains("'relative/folder' is a relative path", message);
        Assert.Contains("CurrentUser or LocalMachine", message);
        Assert.Contains("has no port", message);
        Assert.Contains("WebhookUri", message);
        Assert.Contains("RemoveExpired needs a BackupFolder", message);
        Assert.False(File.Exists(bed.SettingsPath));
    }

    [Fact]
    public void Set_ImplicitTlsOn465_IsAccepted()
    {
        using var bed = new MonitorTestBed();
        var change = Valid(bed);
        change.SmtpSecurity = SmtpSecurity.Tls;
        change.SmtpPort = 465;

        var outcome = bed.Monitor.Set(change);

        Assert.False(outcome.IsFailure, outcome.Failure?.Message);
        Assert.Equal(SmtpSecurity.Tls, bed.Monitor.GetSettings(ConfigurationScope.CurrentUser).SmtpSecurity);
    }

    [Fact]
    public void Set_CredentialWithoutStartTls_IsRefused()
    {
        using var bed = new MonitorTestBed();
        var change = Valid(bed);
        change.SmtpSecurity = SmtpSecurity.None;
        change.Credential = new NetworkCredential("u", "p");

        var outcome = bed.Monitor.Set(change);

        Assert.True(outcome.IsFailure);
        Assert.Contains("needs SmtpSecurity StartTls", outcome.Failure!.Message);
        Assert.False(File.Exists(bed.Monitor.CredentialPath(ConfigurationScope.CurrentUser)));
    }

    [Fact]
    public void CorruptSettings_AreKept_SetAndRunReportThePath()
    {
        using var bed = new MonitorTestBed();
        Directory.CreateDirectory(Path.GetDirectoryName(bed.SettingsPath)!);
        File.WriteAllText(bed.SettingsPath, "{ \"emailTo\": [ broken");

        var set = bed.Monitor.Set(new MonitorSettingsChange { Enabled = true });
        var run = bed.Run(MonitorTestBed.T0);

        Assert.Equal(ErrorIds.ConfigurationCorrupt, set.Failure!.ErrorId);
        Assert.Contains(bed.SettingsPath, set.Failure.Message);
        Assert.Equal(MonitorRunOutcome.ConfigurationInvalid, run.Outcome);
        Assert.Contains(run.GetFailures(), f => f.ErrorId == ErrorIds.ConfigurationCorrupt);
        Assert.Equal("{ \"emailTo\": [ broken", File.ReadAllText(bed.SettingsPath));
        Assert.False(File.Exists(bed.StatePath));
    }

    [Fact]
    public void Run_NotConfigured_And_Disabled_AreOutcomes()
    {
        using var bed = new MonitorTestBed();
        var notConfigured = bed.Run(MonitorTestBed.T0);
        Assert.Equal(MonitorRunOutcome.NotConfigured, notConfigured.Outcome);
        Assert.Equal(ErrorIds.MonitorNotConfigured, Assert.Single(notConfigured.GetFailures()).ErrorId);

        bed.Configure(new MonitorSettingsChange { Enabled = false, Sources = new[] { bed.CertificateFolder } });
        Assert.Equal(MonitorRunOutcome.Disabled, bed.Run(MonitorTestBed.T0).Outcome);
        Assert.False(File.Exists(bed.StatePath));
    }

    [Fact]
    public void GetStatus_ShowsDefaultsWithoutSettings_AndMasksTheWebhookPath()
    {
        using var bed = new MonitorTestBed();
        var defaults = bed.Monitor.GetStatus();
        Assert.False(defaults.Configured);
        Assert.Equal(30, defaults.NotificationStartDays);
        Assert.Equal(TimeSpan.FromDays(1), defaults.NotificationFrequency);
        Assert.Equal(new[] { OperatingSystem.IsWindows() ? "store://LocalMachine/My" : "store://CurrentUser/My" }, defaults.Sources);

        var status = bed.Configure(new MonitorSettingsChange { WebhookUri = "https://hooks.example.test/services/T1/B2/very-secret" });
        Assert.True(status.Configured);
        Assert.Equal("https://hooks.example.test/…", status.Webhook);
    }

    [Fact]
    public void Set_WebhookUrl_IsABearerSecret_KeptOutOfTheSettingsFile()
    {
        using var bed = new MonitorTestBed();
        bed.Configure(new MonitorSettingsChange { WebhookUri = "https://hooks.example.test/services/T1/B2/very-secret" });

        Assert.DoesNotContain("very-secret", File.ReadAllText(bed.SettingsPath));
        var path = bed.Monitor.WebhookPath(ConfigurationScope.CurrentUser);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal("https://hooks.example.test/services/T1/B2/very-secret", bed.Monitor.GetSettings(ConfigurationScope.CurrentUser).WebhookUri);

        bed.Configure(new MonitorSettingsChange { NotificationStartDays = 10 }); // other changes keep the webhook
        Assert.Equal("https://hooks.example.test/services/T1/B2/very-secret", bed.Monitor.GetSettings(ConfigurationScope.CurrentUser).WebhookUri);

        var cleared = bed.Configure(new MonitorSettingsChange { WebhookUri = "" });
        Assert.Equal("", cleared.Webhook);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Run_WebhookFileMissing_ClearError_NoticesPending()
    {
        using var bed = new MonitorTestBed();
        bed.Configure(new MonitorSettingsChange { Sources = new[] { bed.CertificateFolder }, WebhookUri = "http://127.0.0.1:9/hook" });
        File.Delete(bed.Monitor.WebhookPath(ConfigurationScope.CurrentUser));

        var result = bed.Run(MonitorTestBed.T0);

        Assert.Equal(MonitorRunOutcome.SendFailed, result.Outcome);
        var failure = Assert.Single(result.GetFailures(), f => f.ErrorId == ErrorIds.WebhookFailed);
        Assert.Contains("monitor.webhook", failure.Message);
        Assert.Equal(3, bed.Monitor.GetStatus().PendingNotices);
    }
}
