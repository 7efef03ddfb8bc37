using System;
using System.Net;
using PkiRevocation.Configuration;

namespace PkiRevocation.Monitoring
{
    /// <summary>How to schedule the monitor (Register-CertificateMonitorTask).</summary>
    public sealed class MonitorTaskRequest
    {
        public const string DefaultTaskName = @"\PkiRevocation\CertificateMonitor";

        public string TaskName { get; set; } = DefaultTaskName;

        /// <summary>The account the task runs as; null or "SYSTEM" runs as LocalSystem (no password needed, use -Scope AllUsers).</summary>
        public NetworkCredential? RunAs { get; set; }

        /// <summary>The settings scope the scheduled run reads; null lets the run resolve it (CurrentUser, then AllUsers).</summary>
        public ConfigurationScope? Scope { get; set; }

        /// <summary>The PowerShell executable the task or cron line starts; null: pwsh.exe on Windows, pwsh elsewhere.</summary>
        public string? PowerShellPath { get; set; }

        /// <summary>What the executable needs before its own arguments: the pwsh.dll of a PowerShell run by 'dotnet' (the dotnet tool).</summary>
        public string? PowerShellArguments { get; set; }

        /// <summary>Which platform's definition RunAs and Command describe; null: the one running.</summary>
        public bool? Windows { get; set; }

        /// <summary>The module manifest the task imports first (so the task works wherever the module is installed); null relies on auto-loading.</summary>
        public string? ModulePath { get; set; }

        /// <summary>The pkirev executable the cron/systemd text uses as an alternative to pwsh.</summary>
        public string PkirevPath { get; set; } = "pkirev";

        /// <summary>The first trigger time; the engine clock (rounded up to the next hour) when null.</summary>
        public DateTime? At { get; set; }
    }
}
