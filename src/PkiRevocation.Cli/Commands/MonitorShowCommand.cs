using System.CommandLine;
using static PkiRevocation.Cli.Commands.MonitorCli;

namespace PkiRevocation.Cli.Commands;

/// <summary>pkirev monitor show: see MonitorCommand.</summary>
public static class MonitorShowCommand
{
    public static Command Create(CliContext context)
    {
        var scope = ScopeOption("Which settings: CurrentUser or AllUsers (default: CurrentUser when it has settings, otherwise AllUsers).");
        var json = CommonOptions.Json();
        var command = new Command("show", "Show the monitor settings (never the secret), the last run and the next due run.") { scope, json };
        command.SetAction(parseResult =>
        {
            WriteStatus(context, context.EngineFactory().Monitor.GetStatus(parseResult.GetValue(scope)), parseResult.GetValue(json));
            return ExitCodes.Success;
        });
        return command;
    }
}
