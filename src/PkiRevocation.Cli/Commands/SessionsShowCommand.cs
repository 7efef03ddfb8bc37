using System.CommandLine;
using PkiRevocation.Certificates;
using PkiRevocation.Configuration;
using static PkiRevocation.Cli.Commands.SessionsCli;

namespace PkiRevocation.Cli.Commands;

/// <summary>pkirev sessions show: see SessionsCommand.</summary>
public static class SessionsShowCommand
{
    public static Command Create(CliContext context)
    {
        var scope = new Option<ConfigurationScope?>("--scope") { Description = "One scope's settings; without it the effective settings (CurrentUser, else AllUsers, else defaults)." };
        var json = CommonOptions.Json();
        var command = new Command("show", "Show the long-lived session check settings (Get-LongLivedSessionCheck).") { scope, json };
        command.SetAction(parseResult =>
        {
            WriteSettings(context, context.EngineFactory().Sessions.GetSettings(parseResult.GetValue(scope)), parseResult.GetValue(json));
            return ExitCodes.Success;
        });
        return command;
    }
}
