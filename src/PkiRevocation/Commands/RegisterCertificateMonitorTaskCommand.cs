using System.Management.Automation;
using PkiRevocation.Configuration;
using PkiRevocation.Monitoring;

namespace PkiRevocation.PowerShell.Commands
{
    /// <summary>
    /// Register-CertificateMonitorTask: a Windows scheduled task running Invoke-CertificateMonitor every hour (each pass
    /// returns at once unless due) as LocalSystem or -Credential. Elsewhere it registers nothing and says which cron line
    /// or systemd timer to install (the returned object carries both); -WhatIf says so on every platform.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Register, "CertificateMonitorTask", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MonitorTaskDefinition))]
    public sealed class RegisterCertificateMonitorTaskCommand : PkiCmdlet
    {
        [Parameter] public string TaskName { get; set; } = MonitorTaskRequest.DefaultTaskName;

        /// <summary>The account the task runs as; LocalSystem when omitted (then use -Scope AllUsers settings).</summary>
        [Parameter] [Credential] public PSCredential? Credential { get; set; }

        [Parameter] public ConfigurationScope? Scope { get; set; }
        /// <summary>The PowerShell the task starts; default: the one running this command (pwsh.exe or powershell.exe).</summary>
        [Parameter] public string? PowerShellPath { get; set; }

        protected override void EndProcessing()
        {
            string? hostArguments = null;
            var powerShell = PowerShellPath ?? CurrentHost(out hostArguments);
            var request = new MonitorTaskRequest
            {
                TaskName = TaskName,
                RunAs = Credential?.GetNetworkCredential(),
                Scope = Scope,
                PowerShellPath = powerShell,
                PowerShellArguments = hostArguments,
                ModulePath = MyInvocation.MyCommand.Module?.Path,
            };
            if (!ShouldProcess(TaskName, MonitorSchedule.RegistrationAction)) return;
            var outcome = MonitorSchedule.Register(request, Engine.Monitor, Engine.Environment);
            if (outcome.IsFailure)
            {
                WriteFailure(outcome.Failure!);
                return;
            }

            if (!outcome.Result!.Registered) WriteWarning(outcome.Result.Message);
            WriteObject(outcome.Result);
        }

        /// <summary>The PowerShell running this command: pwsh or powershell.exe, or 'dotnet' with pwsh.dll (the dotnet tool); null lets the engine choose.</summary>
        private string? CurrentHost(out string? arguments)
        {
            arguments = null;
            using (var process = System.Diagnostics.Process.GetCurrentProcess())
            {
                var path = process.MainModule?.FileName ?? "";
                var name = System.IO.Path.GetFileNameWithoutExtension(path);
                if (name.Equals("pwsh", System.StringComparison.OrdinalIgnoreCase) || name.Equals("powershell", System.StringComparison.OrdinalIgnoreCase)) return path;
                var dll = System.IO.Path.Combine(SessionState.PSVariable.GetValue("PSHOME") as string ?? "", "pwsh.dll");
                if (!name.Equals("dotnet", System.StringComparison.OrdinalIgnoreCase) || !System.IO.File.Exists(dll)) return null;
                arguments = dll;
                return path;
            }
        }
    }
}
