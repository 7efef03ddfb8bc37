using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Xml.Linq;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;

namespace PkiRevocation.Monitoring
{
    /// <summary>
    /// Builds and (on Windows) registers the scheduled task of the monitor. The task fires every hour; each pass returns
    /// early unless the monitor's next run is due (24 h cadence, 1 h while a certificate is within 7 days). Registering
    /// counts as a restart: the next run is due 24 hours later.
    /// </summary>
    public static class MonitorSchedule
    {
        private static readonly XNamespace Task = "http://schemas.microsoft.com/windows/2004/02/mit/task";

        public static MonitorTaskDefinition Define(MonitorTaskRequest request, EngineEnvironment environment)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var at = ReferenceTime.Resolve(request.At, environment.Clock);
            var start = new DateTime(at.Year, at.Month, at.Day, at.Hour, 0, 0, DateTimeKind.Utc).AddHours(1);
            var home = environment.Paths.IsOverridden ? Path.GetDirectoryName(environment.Paths.ConfigurationDirectory(ConfigurationScope.CurrentUser)) : null;
            var scopeArgument = request.Scope.HasValue ? " -Scope " + request.Scope.Value : "";
            var pwshCommand = (home != null ? $"$env:{PkiRevocationPaths.HomeVariable}='{home.Replace("'", "''")}'; " : "")
                              + ImportThen(request.ModulePath, "Invoke-CertificateMonitor" + scopeArgument);
            var arguments = $"-NoProfile -NonInteractive -Command \"{pwshCommand}\"";
            var windowsRunAs = request.RunAs == null || string.IsNullOrEmpty(request.RunAs.UserName) || request.RunAs.UserName.Equals("SYSTEM", StringComparison.OrdinalIgnoreCase)
                ? "SYSTEM" : (string.IsNullOrEmpty(request.RunAs.Domain) ? request.RunAs.UserName : request.RunAs.Domain + "\\" + request.RunAs.UserName);
            var windows = request.Windows ?? RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
            var windowsPowerShell = request.PowerShellPath ?? "pwsh.exe";

            var principal = new XElement(Task + "Principal", new XAttribute("id", "Author"));
            if (windowsRunAs == "SYSTEM") principal.Add(new XElement(Task + "UserId", "S-1-5-18"));
            else principal.Add(new XElement(Task + "UserId", windowsRunAs), new XElement(Task + "LogonType", "Password"));
            principal.Add(new XElement(Task + "RunLevel", "HighestAvailable"));

            var xml = new XDocument(new XDeclaration("1.0", "UTF-16", null),
                new XElement(Task + "Task", new XAttribute("version", "1.2"),
                    new XElement(Task + "RegistrationInfo",
                        new XElement(Task + "Author", "PkiRevocation"),
                        new XElement(Task + "Description", "PkiRevocation certificate monitor: hourly trigger; each pass returns at once unless a run is due (every 24 h, hourly while a certificate is within 7 days of expiry)."),
                        new XElement(Task + "URI", request.TaskName)),
                    new XElement(Task + "Triggers",
                        new XElement(Task + "TimeTrigger",
                            new XElement(Task + "Repetition", new XElement(Task + "Interval", "PT1H"), new XElement(Task + "StopAtDurationEnd", "false")),
                            new XElement(Task + "StartBoundary", start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
                            new XElement(Task + "Enabled", "true"))),
                    new XElement(Task + "Principals", principal),
                    new XElement(Task + "Settings",
                        new XElement(Task + "MultipleInstancesPolicy", "IgnoreNew"),
                        new XElement(Task + "DisallowStartIfOnBatteries", "false"),
                        new XElement(Task + "StopIfGoingOnBatteries", "false"),
                        new XElement(Task + "StartWhenAvailable", "true"),
                        new XElement(Task + "ExecutionTimeLimit", "PT30M"),
                        new XElement(Task + "Enabled", "true")),
                    new XElement(Task + "Actions", new XAttribute("Context", "Author"),
                        new XElement(Task + "Exec", new XElement(Task + "Command", windowsPowerShell),
                            new XElement(Task + "Arguments", JoinArguments(request.PowerShellArguments, arguments, windowsQuote: true))))));

            // cron: the crontab's owner runs it, the module is imported by path (cron has no PSModulePath of ours), and
            // output is appended to a log next to the settings instead of being thrown away.
            var envPrefix = home != null ? $"{PkiRevocationPaths.HomeVariable}={ShellQuote(home)} " : "";
            var pkirevScope = request.Scope.HasValue ? " --scope " + request.Scope.Value : "";
            var log = ShellQuote(CronLogPath(request, environment));
            var unixPowerShell = ShellQuote(request.PowerShellPath ?? "pwsh")
                                 + (string.IsNullOrEmpty(request.PowerShellArguments) ? "" : " " + ShellQuote(request.PowerShellArguments!));
            var unixPwsh = $"{unixPowerShell} -NoProfile -NonInteractive -Command {ShellQuote(ImportThen(request.ModulePath, "Invoke-CertificateMonitor" + scopeArgument))}";
            var unixPkirev = $"{request.PkirevPath} monitor run{pkirevScope}";
            return new MonitorTaskDefinition
            {
                TaskName = request.TaskName,
                RunAs = windows ? windowsRunAs : (string.IsNullOrEmpty(request.RunAs?.UserName) ? Environment.UserName : request.RunAs!.UserName),
                Command = windows ? windowsPowerShell + " " + JoinArguments(request.PowerShellArguments, arguments, windowsQuote: true) : envPrefix + unixPwsh,
                TaskXml = xml.Declaration + Environment.NewLine + xml.ToString(),
                CronLine = $"0 * * * * {envPrefix}{unixPwsh} >> {log} 2>&1",
                CronLinePkirev = $"0 * * * * {envPrefix}{unixPkirev} >> {log} 2>&1",
                CronLog = CronLogPath(request, environment),
                SystemdService = "[Unit]\nDescription=PkiRevocation certificate monitor (one pass; returns at once when not due)\n\n[Service]\nType=oneshot\n"
                                 + (home != null ? $"Environment={PkiRevocationPaths.HomeVariable}={home}\n" : "")
                                 + $"ExecStart={unixPkirev}\n",
                SystemdTimer = "[Unit]\nDescription=Hourly PkiRevocation certificate monitor pass\n\n[Timer]\nOnCalendar=hourly\nPersistent=true\n\n[Install]\nWantedBy=timers.target\n",
            };
        }

        /// <summary>
        /// Windows: registers the task with schtasks /Create /XML (replacing one of the same name) and applies the restart
        /// rule. Elsewhere nothing is registered: the definition carries the cron line and the systemd units to install.
        /// </summary>
        public static Outcome<MonitorTaskDefinition> Register(MonitorTaskRequest request, MonitorService monitor, EngineEnvironment environment)
        {
            var definition = Define(request, environment);
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                definition.Message = "Scheduled tasks exist only on Windows. Here, add this line with 'crontab -e':" + Environment.NewLine + "  " + definition.CronLinePkirev + Environment.NewLine +
                                     "or, with PowerShell:" + Environment.NewLine + "  " + definition.CronLine + Environment.NewLine +
                                     $"(output is appended to {definition.CronLog}), or install the systemd units (SystemdService as pkirevocation-monitor.service, SystemdTimer as pkirevocation-monitor.timer) and run 'systemctl --user enable --now pkirevocation-monitor.timer'.";
                return Outcome<MonitorTaskDefinition>.Success(definition);
            }

            var file = Path.Combine(Path.GetTempPath(), "pkirevocation-task-" + Guid.NewGuid().ToString("N") + ".xml");
            try
            {
                File.WriteAllText(file, definition.TaskXml, Encoding.Unicode);
                var arguments = $"/Create /TN \"{request.TaskName}\" /XML \"{file}\" /F";
                if (definition.RunAs != "SYSTEM") arguments += $" /RU \"{definition.RunAs}\" /RP \"{request.RunAs!.Password}\"";
                var (exitCode, output) = RunSchtasks(arguments);
                if (exitCode != 0)
                    return new InputFailure(request.TaskName, ErrorIds.ScheduledTaskFailed, FailureKind.PermissionDenied, $"schtasks could not register '{request.TaskName}' (exit {exitCode}): {output.Replace(request.RunAs?.Password ?? "\0", "***")}");
            }
            finally
            {
                if (File.Exists(file)) File.Delete(file);
            }

            definition.Registered = true;
            var status = monitor.Restart(request.Scope);
            EventLogChannel.EnsureSource(out _);
            definition.Message = $"Registered '{request.TaskName}' running as {definition.RunAs}; the next monitor run is due at {MonitorDigest.Iso(status.NextRun!.Value)} (restart rule).";
            return Outcome<MonitorTaskDefinition>.Success(definition);
        }

        /// <summary>Windows: deletes the task. Elsewhere: says which cron line or timer to remove.</summary>
        public static Outcome<string> Unregister(string taskName = MonitorTaskRequest.DefaultTaskName)
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                return Outcome<string>.Success("Scheduled tasks exist only on Windows. Here, remove the 'monitor run' line with 'crontab -e', or run 'systemctl --user disable --now pkirevocation-monitor.timer'.");
            var (exitCode, output) = RunSchtasks($"/Delete /TN \"{taskName}\" /F");
            if (exitCode != 0)
                return new InputFailure(taskName, ErrorIds.ScheduledTaskFailed, FailureKind.NotFound, $"schtasks could not delete '{taskName}' (exit {exitCode}): {output}");
            return Outcome<string>.Success($"Deleted the scheduled task '{taskName}'.");
        }

        private static (int ExitCode, string Output) RunSchtasks(string arguments)
        {
            var info = new ProcessStartInfo("schtasks.exe", arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, CreateNoWindow = true };
            using (var process = Process.Start(info)!)
            {
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEnd();
                process.WaitForExit();
                return (process.ExitCode, (stdout.Result + stderr).Trim());
            }
        }

        /// <summary>The -WhatIf/-Confirm action of registering on this platform (nothing is installed off Windows).</summary>
        public static string RegistrationAction =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
                ? "Register the certificate monitor scheduled task"
                : "Write the cron line and systemd units of the certificate monitor (scheduled tasks exist only on Windows; nothing is installed)";

        private static string CronLogPath(MonitorTaskRequest request, EngineEnvironment environment) =>
            Path.Combine(environment.Paths.ConfigurationDirectory(request.Scope ?? ConfigurationScope.CurrentUser), "monitor-cron.log");

        private static string ImportThen(string? modulePath, string command) =>
            (string.IsNullOrEmpty(modulePath) ? "" : $"Import-Module '{modulePath!.Replace("'", "''")}' -ErrorAction Stop; ") + command;

        private static string JoinArguments(string? prefix, string arguments, bool windowsQuote) =>
            string.IsNullOrEmpty(prefix) ? arguments : (windowsQuote ? "\"" + prefix + "\" " : prefix + " ") + arguments;

        private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''") + "'";
    }
}
