namespace PkiRevocation.Monitoring
{
    /// <summary>
    /// The schedule of the monitor: the Windows scheduled task (an hourly trigger running Invoke-CertificateMonitor, which
    /// returns at once when the next run is not due), or elsewhere the equivalent cron line and systemd timer.
    /// </summary>
    public sealed class MonitorTaskDefinition
    {
        public string TaskName { get; set; } = "";

        /// <summary>The account a pass runs as: the task's account on Windows (SYSTEM by default), the crontab's owner elsewhere.</summary>
        public string RunAs { get; set; } = "";

        /// <summary>The command line of one scheduled pass on this platform (the task's action on Windows, the cron line's command elsewhere).</summary>
        public string Command { get; set; } = "";

        /// <summary>Task Scheduler XML (schtasks /Create /XML).</summary>
        public string TaskXml { get; set; } = "";

        /// <summary>The file both cron lines append their output to (in the settings folder of the scope).</summary>
        public string CronLog { get; set; } = "";

        /// <summary>A crontab line running the pass every hour with pwsh (importing the module by path).</summary>
        public string CronLine { get; set; } = "";

        /// <summary>The same with pkirev, for hosts without PowerShell.</summary>
        public string CronLinePkirev { get; set; } = "";

        /// <summary>~/.config/systemd/user/pkirevocation-monitor.service (or /etc/systemd/system/).</summary>
        public string SystemdService { get; set; } = "";

        /// <summary>pkirevocation-monitor.timer: hourly, persistent.</summary>
        public string SystemdTimer { get; set; } = "";

        /// <summary>True once the task exists in Task Scheduler (Windows only).</summary>
        public bool Registered { get; set; }

        /// <summary>What was done, or on other platforms how to install the cron line or the timer.</summary>
        public string Message { get; set; } = "";
    }
}
