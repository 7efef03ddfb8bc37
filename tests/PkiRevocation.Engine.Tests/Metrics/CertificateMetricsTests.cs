using PkiRevocation.Configuration;
using PkiRevocation.Expiry;
using PkiRevocation.Metrics;
using PkiRevocation.Monitoring;
using PkiRevocation.Revocation;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Metrics;

/// <summary>The metrics text: exact values and labels, escaping, and what promtool (Prometheus's own linter) says of it.</summary>
[Trait("Category", "RequiresLinuxPeers")] // promtool: Debian's prometheus package, which .ci/run installs
public sealed class CertificateMetricsTests : IDisposable
{
    private static readonly DateTime At = new(2026, 6, 1, 8, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _dir = new("metrics");
    private readonly TestCertificate _root = TestPki.CreateRoot("CN=Metrics Root", At);

    public void Dispose() => _dir.Dispose();

    private List<CertificateExpiry> Scan()
    {
        _root.Issue("CN=expired.example.test", At.AddDays(-90), At.AddDays(-2)).WritePem(_dir.File("expired.pem"));
        _root.Issue("CN=soon.example.test", At.AddDays(-90), At.AddDays(12)).WritePem(_dir.File("soon.pem"));
        _root.Issue("CN=valid.example.test", At.AddDays(-10), At.AddDays(200)).WritePem(_dir.File("valid.pem"));
        var engine = new PkiEngine(new EngineEnvironment(clock: new FixedClock(At), paths: new PkiRevocationPaths(_dir.File("home"))));
        var request = new ExpiryRequest { At = At };
        request.Paths.Add(_dir.Path);
        return engine.Expiry.Scan(request).Select(o => o.Result!).OrderBy(e => e.Subject, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public void ToText_ExpiryResults_PassPromtool_WithUnixTimesStatesAndLabels()
    {
        var scan = Scan();
        var metrics = new CertificateMetrics();
        foreach (var expiry in scan) metrics.Add(expiry);

        var text = metrics.ToText();

        Assert.Equal((0, ""), Promtool.CheckMetrics(text));
        var soon = scan.Single(e => e.Subject == "CN=soon.example.test");
        var labels = $"subject=\"CN=soon.example.test\",issuer=\"CN=Metrics Root\",serial=\"{soon.SerialNumber}\",thumbprint=\"{soon.Thumbprint}\",source=\"{_dir.File("soon.pem")}\"";
        var notAfter = new DateTimeOffset(At.AddDays(12)).ToUnixTimeSeconds();
        Assert.Contains($"pkirev_certificate_not_after_timestamp_seconds{{{labels}}} {notAfter}\n", text);
        Assert.Contains($"pkirev_certificate_not_before_timestamp_seconds{{{labels}}} {new DateTimeOffset(At.AddDays(-90)).ToUnixTimeSeconds()}\n", text);
        Assert.Contains($"pkirev_certificate_expires_in_seconds{{{labels}}} {12 * 86400}\n", text);
        Assert.Contains($"pkirev_certificate_expiry_status{{{labels},status=\"Expiring\"}} 1\n", text);
        Assert.Contains($"pkirev_certificate_expiry_status{{{labels},status=\"Expired\"}} 0\n", text);
        Assert.Contains($"pkirev_certificate_last_check_timestamp_seconds{{{labels},check=\"expiry\"}} {new DateTimeOffset(At).ToUnixTimeSeconds()}\n", text);
        Assert.Contains("pkirev_certificate_expires_in_seconds{subject=\"CN=expired.example.test\"", text);
        Assert.Contains($" {-2 * 86400}\n", text);
        Assert.DoesNotContain("pkirev_certificate_revocation_status", text); // no revocation result was given
        Assert.EndsWith("\n# EOF\n", text);
    }

    [Fact]
    public void ToText_LabelValues_EscapeQuotesBackslashesAndNewlines()
    {
        var metrics = new CertificateMetrics();
        metrics.Add(new CertificateExpiry
        {
            Subject = "CN=\"quoted\" \\ back, O=Odd\nName", Issuer = "CN=CA", SerialNumber = "0A", Thumbprint = "ff01",
            Source = @"C:\certs\odd.pem", NotBefore = At.AddDays(-1), NotAfter = At.AddDays(1), ReferenceTime = At, Status = ExpiryStatus.Expiring,
        });

        var text = metrics.ToText();

        Assert.Contains("pkirev_certificate_not_after_timestamp_seconds{subject=\"CN=\\\"quoted\\\" \\\\ back, O=Odd\\nName\",issuer=\"CN=CA\",serial=\"0A\",thumbprint=\"FF01\",source=\"C:\\\\certs\\\\odd.pem\"} ", text);
        Assert.Equal((0, ""), Promtool.CheckMetrics(text));
    }

    [Fact]
    public void ToText_RevocationResults_JoinTheExpirySeries_AndOnlyADecisionCountsAsASuccessfulCheck()
    {
        var scan = Scan();
        var metrics = new CertificateMetrics();
        foreach (var expiry in scan) metrics.Add(expiry);
        var soon = scan.Single(e => e.Subject == "CN=soon.example.test");
        var expired = scan.Single(e => e.Subject == "CN=expired.example.test");
        metrics.Add(new RevocationResult { Subject = soon.Subject, Issuer = soon.Issuer, SerialNumber = soon.SerialNumber, Thumbprint = soon.Thumbprint.ToLowerInvariant(), Status = RevocationStatus.Revoked, ReferenceTime = At.AddMinutes(5) });
        metrics.Add(new RevocationResult { Subject = expired.Subject, Issuer = expired.Issuer, SerialNumber = expired.SerialNumber, Thumbprint = expired.Thumbprint, Status = RevocationStatus.Indeterminate, ReferenceTime = At });
        metrics.Add(new RevocationResult { Subject = "CN=elsewhere", Issuer = "CN=Other CA", SerialNumber = "01", Thumbprint = "AB", Status = RevocationStatus.NotRevoked, ReferenceTime = At });

        var text = metrics.ToText();

        Assert.Equal((0, ""), Promtool.CheckMetrics(text));
        var soonLabels = $"subject=\"CN=soon.example.test\",issuer=\"CN=Metrics Root\",serial=\"{soon.SerialNumber}\",thumbprint=\"{soon.Thumbprint}\",source=\"{_dir.File("soon.pem")}\"";
        Assert.Contains($"pkirev_certificate_revocation_status{{{soonLabels},status=\"Revoked\"}} 1\n", text);
        Assert.Contains($"pkirev_certificate_revocation_status{{{soonLabels},status=\"NotRevoked\"}} 0\n", text);
        Assert.Contains($"pkirev_certificate_last_check_timestamp_seconds{{{soonLabels},check=\"revocation\"}} {new DateTimeOffset(At.AddMinutes(5)).ToUnixTimeSeconds()}\n", text);
        Assert.Contains("status=\"Indeterminate\"} 1\n", text);
        Assert.DoesNotContain($"thumbprint=\"{expired.Thumbprint}\",source=\"{_dir.File("expired.pem")}\",check=\"revocation\"", text); // Indeterminate is no success
        Assert.Contains("pkirev_certificate_revocation_status{subject=\"CN=elsewhere\",issuer=\"CN=Other CA\",serial=\"01\",thumbprint=\"AB\",source=\"\",status=\"NotRevoked\"} 1\n", text);
    }

    [Fact]
    public void Promtool_RejectsWhatTheWriterAvoids()
    {
        // The check can fail: a non-base unit, and a family split in two, are what promtool reports.
        Assert.Contains("base unit", Promtool.CheckMetrics("# HELP pkirev_x_days D.\n# TYPE pkirev_x_days gauge\npkirev_x_days 1\n").Output);
        Assert.NotEqual(0, Promtool.CheckMetrics("# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\n# TYPE a gauge\na{x=\"1\"} 1\n").ExitCode);
    }

    [Fact]
    public void MonitorRun_WithMetricsFile_WritesRunAndCertificateMetricsAtomically_WhatIfWritesNothing()
    {
        using var bed = new Monitoring.MonitorTestBed();
        bed.Configure(new MonitorSettingsChange { Sources = new[] { bed.CertificateFolder }, EventLog = false, WebhookUri = null, NotificationStartDays = 30 });
        var file = _dir.File("textfile/pkirev.prom");

        var whatIf = bed.Monitor.Run(new MonitorRunRequest { At = At, WhatIf = true, MetricsFile = file });
        Assert.Equal(MonitorRunOutcome.WhatIf, whatIf.Outcome);
        Assert.False(File.Exists(file));

        var result = bed.Monitor.Run(new MonitorRunRequest { At = Monitoring.MonitorTestBed.T0, Force = true, MetricsFile = file });

        Assert.Equal(MonitorRunOutcome.NoChannel, result.Outcome);
        var text = File.ReadAllText(file);
        Assert.Equal((0, ""), Promtool.CheckMetrics(text));
        var t0 = new DateTimeOffset(Monitoring.MonitorTestBed.T0).ToUnixTimeSeconds();
        Assert.Contains($"pkirev_monitor_last_run_timestamp_seconds{{scope=\"CurrentUser\"}} {t0}\n", text);
        Assert.Contains($"pkirev_monitor_next_run_timestamp_seconds{{scope=\"CurrentUser\"}} {t0 + 3600}\n", text);
        Assert.Contains("pkirev_monitor_run_info{scope=\"CurrentUser\",outcome=\"NoChannel\"} 1\n", text);
        Assert.Contains("pkirev_monitor_certificates{scope=\"CurrentUser\",group=\"Expired\"} 1\n", text);
        Assert.Contains("pkirev_monitor_notices_pending{scope=\"CurrentUser\"} 3\n", text);
        Assert.Contains("pkirev_certificate_expiry_status{subject=\"CN=soon.example.test\"", text);
        Assert.DoesNotContain("CN=valid.example.test", text); // the monitor reports what needs attention
        Assert.Equal(new[] { file }, Directory.GetFiles(Path.GetDirectoryName(file)!)); // no temp file left
    }
}
