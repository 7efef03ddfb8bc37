using Xunit;
using System.Net;
using PkiRevocation.Configuration;
using PkiRevocation.Monitoring;
using PkiRevocation.TestSupport;

namespace PkiRevocation.Engine.Tests.Monitoring;

/// <summary>
/// A monitor in a temp PKIREVOCATION_HOME, watching a folder of generated certificates with pinned validity around
/// <see cref="T0"/>: one expired 3 days ago, one expiring in 3 days, one in 20 days, one valid for 200 days.
/// </summary>
internal sealed class MonitorTestBed : IDisposable
{
    public static readonly DateTime T0 = new(2026, 6, 1, 8, 0, 0, DateTimeKind.Utc);

    public MonitorTestBed(bool within7Days = true, bool expired = true)
    {
        Home = new TempDirectory("monitor-home");
        Engine = new PkiEngine(new EngineEnvironment(clock: new FixedClock(T0), paths: new PkiRevocationPaths(Home.Path)));
        Monitor = Engine.Monitor;
        Monitor.HostName = "testhost";
        CertificateFolder = Home.File("certs");
        Directory.CreateDirectory(CertificateFolder);
        Root = TestPki.CreateRoot("CN=Monitor Test Root", T0);
        if (expired) Expired = Write("expired", Root.Issue("CN=expired.example.test", T0.AddDays(-400), T0.AddDays(-3)));
        if (within7Days) Within7Days = Write("soon", Root.Issue("CN=soon.example.test", T0.AddDays(-300), T0.AddDays(3)));
        WithinWindow = Write("window", Root.Issue("CN=window.example.test", T0.AddDays(-300), T0.AddDays(20)));
        Valid = Write("valid", Root.Issue("CN=valid.example.test", T0.AddDays(-100), T0.AddDays(200)));
    }

    public TempDirectory Home { get; }
    public PkiEngine Engine { get; }
    public MonitorService Monitor { get; }
    public string CertificateFolder { get; }
    public TestCertificate Root { get; }
    public TestCertificate? Expired { get; }
    public TestCertificate? Within7Days { get; }
    public TestCertificate WithinWindow { get; }
    public TestCertificate Valid { get; }

    public string SettingsPath => Monitor.SettingsPath(ConfigurationScope.CurrentUser);
    public string StatePath => Monitor.StatePath(ConfigurationScope.CurrentUser);

    public TestCertificate Write(string name, TestCertificate certificate)
    {
        certificate.WritePem(Path.Combine(CertificateFolder, name + ".pem"));
        return certificate;
    }

    /// <summary>Mail to two recipients through <paramref name="server"/>, with STARTTLS and AUTH when the server has them.</summary>
    public MonitorSettingsChange MailSettings(SmtpTestServer server) => new()
    {
        NotificationStartDays = 30,
        NotificationFrequency = TimeSpan.FromDays(1),
        EnableEmail = true,
        EmailTo = new[] { "ops@example.test;pki-team@example.test" },
        From = "monitor@example.test",
        SmtpServer = "127.0.0.1",
        SmtpPort = server.Port,
        SmtpSecurity = server.Certificate != null ? SmtpSecurity.StartTls : SmtpSecurity.None,
        Credential = server.User != null ? new NetworkCredential(server.User, server.Password) : null,
        Sources = new[] { CertificateFolder },
    };

    public MonitorStatus Configure(MonitorSettingsChange change)
    {
        var outcome = Monitor.Set(change);
        Assert.False(outcome.IsFailure, outcome.Failure?.ToString());
        return outcome.Result!;
    }

    public MonitorRunResult Run(DateTime at, bool force = true, bool whatIf = false, CancellationToken cancellationToken = default, IProgress<PkiRevocation.Diagnostics.OperationProgress>? progress = null) =>
        Monitor.Run(new MonitorRunRequest { At = at, Force = force, WhatIf = whatIf }, progress, cancellationToken);

    public byte[]? StateBytes() => File.Exists(StatePath) ? File.ReadAllBytes(StatePath) : null;

    public static string Thumbprint(TestCertificate certificate) => certificate.Certificate.Thumbprint;

    public void Dispose() => Home.Dispose();
}
