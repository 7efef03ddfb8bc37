using System.Management.Automation;
using System.Runtime.InteropServices;
using PkiRevocation.Monitoring;

namespace PkiRevocation.PowerShell.Commands
{
    /// <summary>Unregister-CertificateMonitorTask: deletes the monitor's scheduled task (Windows); elsewhere says what to remove.</summary>
    [Cmdlet(VerbsLifecycle.Unregister, "CertificateMonitorTask", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class UnregisterCertificateMonitorTaskCommand : PkiCmdlet
    {
        [Parameter] public string TaskName { get; set; } = MonitorTaskRequest.DefaultTaskName;

        protected override void EndProcessing()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && !ShouldProcess(TaskName, "Delete the certificate monitor scheduled task")) return;
            var outcome = MonitorSchedule.Unregister(TaskName);
            if (outcome.IsFailure) WriteFailure(outcome.Failure!);
            else WriteVerbose(outcome.Result!);
            if (!outcome.IsFailure && !RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) WriteWarning(outcome.Result!);
        }
    }
}
