using System.CommandLine;
using PkiRevocation.Certificates;
using PkiRevocation.Sessions;
using static PkiRevocation.Cli.Commands.SessionsCli;

namespace PkiRevocation.Cli.Commands;

/// <summary>pkirev sessions unregister: see SessionsCommand.</summary>
public static class SessionsUnregisterCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Option<string[]>("--name") { Description = "The session to remove (repeatable).", Required = true, Arity = ArgumentArity.OneOrMore };
        var scope = ScopeOption("Which registry: CurrentUser (default) or AllUsers.");
        var command = new Command("unregister", "Remove registered long-lived sessions and their check state (Unregister-LongLivedSession).") { name, scope };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var engine = context.EngineFactory();
            foreach (var each in parseResult.GetValue(name) ?? [])
            {
                var outcome = engine.Sessions.Unregister(each, parseResult.GetValue(scope), cancellationToken);
                if (outcome.IsFailure) context.WriteFailure(outcome.Failure!);
                else context.Out.WriteLine($"Unregistered '{outcome.Result!.Name}' ({parseResult.GetValue(scope)}).");
            }

            return Task.FromResult(context.HadInputFailure ? ExitCodes.BadInput : ExitCodes.Success);
        });
        return command;
    }
}
