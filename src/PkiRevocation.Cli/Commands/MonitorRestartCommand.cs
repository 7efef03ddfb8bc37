using System.CommandLine;
using static PkiRevocation.Cli.Commands.MonitorCli;

namespace PkiRevocation.Cli.Commands;

/// <summary>pkirev monitor restart: see MonitorCommand.</summary>
public static class MonitorRestartCommand
{
    public static Command Create(CliContext context)
    {
        var scope = ScopeOption("Which settings: CurrentUser or AllUsers.");
        var at = CommonOptions.At();
        var json = CommonOptions.Json();
        var command = new Command("restart", "The restart rule: the next run is due 24 hours from now.") { scope, at, json };
        command.SetAction(parseResult =>
        {
            if (!CommonOptions.TryGetAt(parseResult, at, context, out var reference)) return ExitCodes.BadInput;
            WriteStatus(context, context.EngineFactory().Monitor.Restart(parseResult.GetValue(scope), reference), parseResult.GetValue(json));
            return ExitCodes.Success;
        });
        return command;
    }
}
