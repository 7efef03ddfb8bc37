using System.CommandLine;
using PkiRevocation.Certificates;
using PkiRevocation.Configuration;
using PkiRevocation.Sessions;
using static PkiRevocation.Cli.Commands.SessionsCli;

namespace PkiRevocation.Cli.Commands;

/// <summary>pkirev sessions list: see SessionsCommand.</summary>
public static class SessionsListCommand
{
    public static Command Create(CliContext context)
    {
        var scope = new Option<ConfigurationScope?>("--scope") { Description = "One scope's registry; without it both (CurrentUser first)." };
        var json = CommonOptions.Json();
        var command = new Command("list", "List the registered long-lived sessions (Get-LongLivedSession).") { scope, json };
        command.SetAction(parseResult =>
        {
            WriteSessions(context, context.EngineFactory().Sessions.GetSessions(parseResult.GetValue(scope)), parseResult.GetValue(json));
            return ExitCodes.Success;
        });
        return command;
    }
}
