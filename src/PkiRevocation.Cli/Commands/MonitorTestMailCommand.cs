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
        var user = RunUserOption("this test mail");
        var passwordEnv = RunPasswordEnvOption("this test mail");
        var accessTokenEnv = AccessTokenEnvOption("this test mail");
        var json = CommonOptions.Json();
        var command = new Command("test-mail", "Send a test message with the monitor's mail settings.") { scope, user, passwordEnv, accessTokenEnv, json };
        command.SetAction((parseResult, cancellationToken) =>
        {
            if (!TryGetRunLogin(parseResult, user, passwordEnv, accessTokenEnv, context, out var credential, out var accessToken)) return Task.FromResult(ExitCodes.BadInput);
            var outcome = context.EngineFactory().Monitor.SendTestMail(parseResult.GetValue(scope), credential, cancellationToken, accessToken);
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
