using System.Xml.Linq;
using PkiRevocation.Configuration;
using PkiRevocation.Monitoring;
using Xunit;

namespace PkiRevocation.Engine.Tests.Monitoring;

public sealed class MonitorScheduleTests
{
    private static readonly XNamespace Task = "http://schemas.microsoft.com/windows/2004/02/mit/task";

    [Fact]
    public void Define_WindowsTask_HourlyTriggerRunningInvokeCertificateMonitor()
    {
        using var bed = new MonitorTestBed();
        var definition = MonitorSchedule.Define(new MonitorTaskRequest
        {
            Scope = ConfigurationScope.AllUsers,
            At = MonitorTestBed.T0.AddMinutes(17),
            ModulePath = @"C:\Program Files\PowerShell\Modules\PkiRevocation\0.1.0\PkiRevocation.psd1",
        }, bed.Engine.Environment);

        var xml = XDocument.Parse(definition.TaskXml);
        var trigger = xml.Descendants(Task + "TimeTrigger").Single();
        Assert.Equal("PT1H", trigger.Element(Task + "Repetition")!.Element(Task + "Interval")!.Value);
        Assert.Equal("2026-06-01T09:00:00Z", trigger.Element(Task + "StartBoundary")!.Value);
        Assert.Equal("S-1-5-18", xml.Descendants(Task + "UserId").Single().Value);
        Assert.Equal("IgnoreNew", xml.Descendants(Task + "MultipleInstancesPolicy").Single().Value);
        var exec = xml.Descendants(Task + "Exec").Single();
        Assert.Equal("pwsh.exe", exec.Element(Task + "Command")!.Value);
        var arguments = exec.Element(Task + "Arguments")!.Value;
        Assert.StartsWith("-NoProfile -NonInteractive -Command", arguments);
        Assert.Contains(@"Import-Module 'C:\Program Files\PowerShell\Modules\PkiRevocation\0.1.0\PkiRevocation.psd1' -ErrorAction Stop; Invoke-CertificateMonitor -Scope AllUsers", arguments);
        Assert.Contains($"$env:PKIREVOCATION_HOME='{bed.Home.Path}'", arguments);
        Assert.Equal(@"\PkiRevocation\CertificateMonitor", xml.Descendants(Task + "URI").Single().Value);
    }

    [Fact]
    public void Define_NamedAccount_UsesPasswordLogon()
    {
        using var bed = new MonitorTestBed();
        var definition = MonitorSchedule.Define(new MonitorTaskRequest { RunAs = new System.Net.NetworkCredential("svc-pki", "x", "CORP") }, bed.Engine.Environment);

        var xml = XDocument.Parse(definition.TaskXml);
        Assert.Equal(@"CORP\svc-pki", xml.Descendants(Task + "UserId").Single().Value);
        Assert.Equal("Password", xml.Descendants(Task + "LogonType").Single().Value);
        Assert.DoesNotContain(">x<", definition.TaskXml);
    }

    [Fact]
    public void Define_CronAndSystemd_RunHourly()
    {
        using var bed = new MonitorTestBed();
        var definition = MonitorSchedule.Define(new MonitorTaskRequest
        {
            Scope = ConfigurationScope.CurrentUser, PkirevPath = "/usr/local/bin/pkirev", Windows = false,
            ModulePath = "/opt/microsoft/powershell/7/Modules/PkiRevocation/PkiRevocation.psd1",
        }, bed.Engine.Environment);
        var log = Path.Combine(bed.Engine.Environment.Paths.ConfigurationDirectory(ConfigurationScope.CurrentUser), "monitor-cron.log");

        Assert.Equal($"0 * * * * PKIREVOCATION_HOME='{bed.Home.Path}' /usr/local/bin/pkirev monitor run --scope CurrentUser >> '{log}' 2>&1", definition.CronLinePkirev);
        Assert.Equal($"0 * * * * PKIREVOCATION_HOME='{bed.Home.Path}' 'pwsh' -NoProfile -NonInteractive -Command "
                     + "'Import-Module '\\''/opt/microsoft/powershell/7/Modules/PkiRevocation/PkiRevocation.psd1'\\'' -ErrorAction Stop; Invoke-CertificateMonitor -Scope CurrentUser'"
                     + $" >> '{log}' 2>&1", definition.CronLine);
        Assert.Equal(log, definition.CronLog);
        Assert.Equal(Environment.UserName, definition.RunAs);
        Assert.DoesNotContain("pwsh.exe", definition.Command);
        Assert.Contains("OnCalendar=hourly", definition.SystemdTimer);
        Assert.Contains("Persistent=true", definition.SystemdTimer);
        Assert.Contains("ExecStart=/usr/local/bin/pkirev monitor run --scope CurrentUser", definition.SystemdService);
        Assert.Contains($"Environment=PKIREVOCATION_HOME={bed.Home.Path}", definition.SystemdService);
    }

    [Fact]
    public void Register_OffWindows_RegistersNothing_AndSaysWhatToInstall()
    {
        if (OperatingSystem.IsWindows()) return; // registering a real task is for Windows hosts (Pester)
        using var bed = new MonitorTestBed();

        var outcome = MonitorSchedule.Register(new MonitorTaskRequest(), bed.Monitor, bed.Engine.Environment);

        Assert.False(outcome.IsFailure);
        Assert.False(outcome.Result!.Registered);
        Assert.Contains("crontab -e", outcome.Result.Message);
        Assert.Contains("monitor run", outcome.Result.Message);
        Assert.Null(bed.Monitor.GetStatus().NextRun);
        Assert.Contains("crontab", MonitorSchedule.Unregister().Result);
    }
}
