using System.CommandLine;
using System.Globalization;
using PkiRevocation.Certificates;
using PkiRevocation.Cli.Output;
using PkiRevocation.Diagnostics;
using PkiRevocation.Sessions;
using static PkiRevocation.Cli.Commands.SessionsCli;

namespace PkiRevocation.Cli.Commands;

/// <summary>pkirev sessions check: see SessionsCommand.</summary>
public static class SessionsCheckCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Option<string[]>("--name") { Description = "Check only these registered sessions (repeatable; default all).", Arity = ArgumentArity.ZeroOrMore };
        var force = new Option<bool>("--force") { Description = "Check sessions even when their interval has not elapsed." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for each session's endpoint (connect, StartTLS and handshake).", DefaultValueFactory = _ => 10 };
        var at = CommonOptions.At();
        var json = CommonOptions.Json();
        var command = new Command("check", "Check the registered long-lived sessions that are due (Invoke-LongLivedSessionCheck). Exit 1 when a session needs action.") { name, at, force, timeout, json };
        command.SetAction((parseResult, cancellationToken) =>
        {
            if (!CommonOptions.TryGetAt(parseResult, at, context, out var reference)
                || !CommonOptions.TryTimeout(parseResult, timeout, context, out var timeoutValue))
                return Task.FromResult(ExitCodes.BadInput);
            var engine = context.EngineFactory();
            var request = new SessionCheckRequest { At = reference, Force = parseResult.GetValue(force), Timeout = timeoutValue };
            var names = parseResult.GetValue(name) ?? [];
            var registered = engine.Sessions.GetSessions();
            foreach (var wanted in names.Where(n => !registered.Any(s => string.Equals(s.Name, n, StringComparison.OrdinalIgnoreCase))))
                context.WriteError(ErrorIds.SessionNotFound, $"No session named '{wanted}' is registered.");
            foreach (var session in registered.Where(s => names.Length == 0 || names.Contains(s.Name, StringComparer.OrdinalIgnoreCase)))
                request.Sessions.Add(session);
            if (request.Sessions.Count == 0)
            {
                if (!context.HadInputFailure) context.Error.WriteLine("pkirev: no long-lived session is registered (pkirev sessions register).");
                return Task.FromResult(context.HadInputFailure ? ExitCodes.BadInput : ExitCodes.Success);
            }

            var asJson = parseResult.GetValue(json);
            var table = new TextTable("Verdict", "RecommendedAction", "Name", "Kind", "Endpoint", "ExpiryStatus", "RevocationStatus", "NextCheck", "Detail");
            var finding = false;
            foreach (var outcome in engine.Sessions.Check(request, null, cancellationToken))
            {
                if (outcome.IsFailure)
                {
                    context.WriteFailure(outcome.Failure!);
                    continue;
                }

                var result = outcome.Result!;
                finding |= result.RecommendedAction != SessionAction.None || (result.Verdict != SessionVerdict.Valid && result.Verdict != SessionVerdict.Skipped);
                if (asJson) JsonLines.Write(context.Out, result);
                else table.Add(result.Verdict, result.RecommendedAction, result.Name, result.Kind, result.Endpoint,
                    result.ExpiryStatus?.ToString() ?? "NotChecked", result.RevocationStatus,
                    result.NextCheck?.ToString(Time, CultureInfo.InvariantCulture) ?? "", result.Detail);
            }

            if (!asJson) table.Write(context.Out);
            return Task.FromResult(context.HadInputFailure ? ExitCodes.BadInput : finding ? ExitCodes.Finding : ExitCodes.Success);
        });
        return command;
    }
}
