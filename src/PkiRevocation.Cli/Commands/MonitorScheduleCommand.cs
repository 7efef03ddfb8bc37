using System.CommandLine;
using PkiRevocation.Cli.Output;
using PkiRevocation.Monitoring;
using static PkiRevocation.Cli.Commands.MonitorCli;

namespace PkiRevocation.Cli.Commands;

/// <summary>pkirev monitor schedule: see MonitorCommand.</summary>
public static class MonitorScheduleCommand
{
    public static Command Create(CliContext context)
    {
        var scope = ScopeOption("The settings scope the scheduled runs read.");
        var pkirev = new Option<string>("--pkirev-path") { Description = "The pkirev executable cron and systemd run.", DefaultValueFactory = _ => SelfCommand() };
        var json = CommonOptions.Json();
        var command = new Command("schedule", "Print the hourly cron line and systemd units (and the Windows task XML) that run the monitor.") { scope, pkirev, json };
        command.SetAction(parseResult =>
        {
            var engine = context.EngineFactory();
            var definition = MonitorSchedule.Define(new MonitorTaskRequest { Scope = parseResult.GetValue(scope), PkirevPath = parseResult.GetValue(pkirev)! }, engine.Environment);
            if (parseResult.GetValue(json))
            {
                JsonLines.Write(context.Out, definition);
                return ExitCodes.Success;
            }

            context.Out.WriteLine("# crontab -e");
            context.Out.WriteLine(definition.CronLinePkirev);
            context.Out.WriteLine();
            context.Out.WriteLine("# ~/.config/systemd/user/pkirevocation-monitor.service");
            context.Out.Write(definition.SystemdService);
            context.Out.WriteLine();
            context.Out.WriteLine("# ~/.config/systemd/user/pkirevocation-monitor.timer  (then: systemctl --user enable --now pkirevocation-monitor.timer)");
            context.Out.Write(definition.SystemdTimer);
            return ExitCodes.Success;
        });
        return command;
    }
}
