using System.CommandLine;
using PkiRevocation.Cli.Output;
using static PkiRevocation.Cli.Commands.MonitorCli;

namespace PkiRevocation.Cli.Commands;

/// <summary>pkirev monitor testmail: see MonitorCommand.</summary>
public static class MonitorTestMailCommand
{
    public static Command Create(CliContext context)
    {
        var scope = ScopeOption("Which settings: CurrentUser or AllUsers.");
        var json = CommonOptions.Json();
        var command = new Command("test-mail", "Send a test message with the monitor's mail settings.") { scope, json };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var outcome = context.EngineFactory().Monitor.SendTestMail(parseResult.GetValue(scope), null, cancellationToken);
            if (outcome.IsFailure)
            {
                context.WriteFailure(outcome.Failure!);
                return Task.FromResult(ExitCodes.BadInput);
            }

            if (parseResult.GetValue(json)) JsonLines.Write(context.Out, outcome.Result!);
            else context.Out.WriteLine(outcome.Result!.ServerResponse);
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
