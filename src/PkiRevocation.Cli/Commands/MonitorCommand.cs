using System.CommandLine;

namespace PkiRevocation.Cli.Commands;

/// <summary>pkirev monitor set|show|run|test-mail|restart|schedule: the certificate monitor cmdlets for hosts without PowerShell.</summary>
public static class MonitorCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("monitor", "The certificate monitor: expiry notices by mail, webhook and event log on a 24 h / 1 h cadence.");
        command.Subcommands.Add(MonitorSetCommand.Create(context));
        command.Subcommands.Add(MonitorShowCommand.Create(context));
        command.Subcommands.Add(MonitorRunCommand.Create(context));
        command.Subcommands.Add(MonitorTestMailCommand.Create(context));
        command.Subcommands.Add(MonitorRestartCommand.Create(context));
        command.Subcommands.Add(MonitorScheduleCommand.Create(context));
        return command;
    }
}
