using System.CommandLine;
using PkiRevocation.Cli.Output;
using PkiRevocation.Monitoring;
using static PkiRevocation.Cli.Commands.MonitorCli;

namespace PkiRevocation.Cli.Commands;

/// <summary>pkirev monitor run: see MonitorCommand.</summary>
public static class MonitorRunCommand
{
    public static Command Create(CliContext context)
    {
        var scope = ScopeOption("Which settings: CurrentUser or AllUsers (default: CurrentUser when it has settings, otherwise AllUsers).");
        var whatIf = new Option<bool>("--what-if") { Description = "Show the digest that would be sent; send nothing, change no state." };
        var force = new Option<bool>("--force") { Description = "Run now even when the next scheduled run is not due (the per-certificate frequency still applies)." };
        var user = RunUserOption("this run");
        var passwordEnv = RunPasswordEnvOption("this run");
        var accessTokenEnv = AccessTokenEnvOption("this run");
        var metricsFile = new Option<string?>("--metrics-file")
        {
            Description = "After a run that scanned, write its metrics there atomically in the Prometheus text format (e.g. the node_exporter textfile collector's folder, a .prom file).",
        };
        var at = CommonOptions.At();
        var json = CommonOptions.Json();
        var command = new Command("run", "One monitor pass (what cron or the timer runs hourly; returns at once when not due). Exit 1 when certificates need attention, 2 on any failure.")
        {
            scope, whatIf, force, user, passwordEnv, accessTokenEnv, metricsFile, at, json,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            if (!CommonOptions.TryGetAt(parseResult, at, context, out var reference)) return Task.FromResult(ExitCodes.BadInput);
            var request = new MonitorRunRequest { Scope = parseResult.GetValue(scope), At = reference, WhatIf = parseResult.GetValue(whatIf), Force = parseResult.GetValue(force) };
            if (!TryGetRunLogin(parseResult, user, passwordEnv, accessTokenEnv, context, out var credential, out var accessToken)) return Task.FromResult(ExitCodes.BadInput);
            request.Credential = credential;
            request.AccessToken = accessToken;

            var metricsPath = parseResult.GetValue(metricsFile);
            if (!string.IsNullOrEmpty(metricsPath)) request.MetricsFile = Path.GetFullPath(metricsPath);
            var result = context.EngineFactory().Monitor.Run(request, null, cancellationToken);
            foreach (var failure in result.GetFailures()) context.WriteFailure(failure);
            if (parseResult.GetValue(json))
            {
                foreach (var certificate in result.Certificates) JsonLines.Write(context.Out, certificate);
                JsonLines.Write(context.Out, result);
            }
            else WriteRun(context, result);

            return Task.FromResult(context.HadInputFailure ? ExitCodes.BadInput : result.CertificatesFound > 0 ? ExitCodes.Finding : ExitCodes.Success);
        });
        return command;
    }
}
