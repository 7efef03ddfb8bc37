using System.CommandLine;
using PkiRevocation.Certificates;
using PkiRevocation.Sessions;

namespace PkiRevocation.Cli.Commands;

/// <summary>
/// pkirev sessions set|show|register|list|unregister|check: the long-lived session cmdlets for hosts without
/// PowerShell (Set/Get-LongLivedSessionCheck, Register/Get/Unregister-LongLivedSession, Invoke-LongLivedSessionCheck).
/// </summary>
public static class SessionsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("sessions", "Long-lived session checks: settings, the session registry, and the periodic expiry/revocation check.");
        command.Subcommands.Add(SessionsSetCommand.Create(context));
        command.Subcommands.Add(SessionsShowCommand.Create(context));
        command.Subcommands.Add(SessionsRegisterCommand.Create(context));
        command.Subcommands.Add(SessionsListCommand.Create(context));
        command.Subcommands.Add(SessionsUnregisterCommand.Create(context));
        command.Subcommands.Add(SessionsCheckCommand.Create(context));
        return command;
    }
}
