using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using PkiRevocation.Certificates;
using PkiRevocation.Cli.Output;
using PkiRevocation.Diagnostics;
using PkiRevocation.Expiry;
using PkiRevocation.Metrics;
using PkiRevocation.Net;

namespace PkiRevocation.Cli.Commands;

/// <summary>pkirev expiry: Get-CertificateExpiry for hosts without PowerShell.</summary>
public static class ExpiryCommand
{
    public static Command Create(CliContext context)
    {
        var path = new Option<string[]>("--path") { Description = "A certificate file (PEM, DER, PKCS#7, PKCS#12) or a folder of them. Repeatable.", Arity = ArgumentArity.ZeroOrMore };
        var recurse = new Option<bool>("--recurse") { Description = "Scan sub-folders of folder paths." };
        var store = new Option<string[]>("--store") { Description = "A certificate store: Name[@CurrentUser|LocalMachine] (default location: LocalMachine on Windows, CurrentUser elsewhere). Repeatable.", Arity = ArgumentArity.ZeroOrMore };
        var endpoint = new Option<string[]>("--endpoint") { Description = "A TLS endpoint host:port, or host:port:ldap / host:port:smtp for StartTLS. Repeatable.", Arity = ArgumentArity.ZeroOrMore };
        var withinDays = new Option<int?>("--within-days") { Description = "Keep only certificates expired, not yet valid, or expiring within N days." };
        var strict = new Option<bool>("--strict") { Description = "Report a certificate that breaks the RFC 5280 time rules as an error." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for each endpoint (connect, StartTLS and handshake).", DefaultValueFactory = _ => 10 };
        var throttle = new Option<int>("--throttle-limit") { Description = "How many endpoints are read at once.", DefaultValueFactory = _ => 8 };
        var passwordEnv = new Option<string?>("--password-env") { Description = "Name of an environment variable holding the PKCS#12 password (never pass it on the command line)." };
        var at = CommonOptions.At();
        var json = CommonOptions.Json();
        var format = new Option<string>("--format")
        {
            Description = "table (default), json (as --json), or openmetrics: Prometheus/OpenMetrics text for a textfile collector or a push.",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json", "openmetrics");

        var command = new Command("expiry", "Report certificate expiry from files, stores and TLS endpoints, with RFC 5280 time-encoding checks.")
        {
            path, recurse, store, endpoint, withinDays, at, strict, timeout, throttle, passwordEnv, json, format,
        };

        command.SetAction((parseResult, cancellationToken) =>
        {
            if (!CommonOptions.TryGetAt(parseResult, at, context, out var reference)
                || !CommonOptions.TryTimeout(parseResult, timeout, context, out var timeoutValue)
                || !CommonOptions.TryInRange(parseResult.GetValue(throttle), "--throttle-limit", InputRanges.MinThrottleLimit, InputRanges.MaxThrottleLimit, "at once", context)
                || !CommonOptions.TryInRange(parseResult.GetValue(withinDays), "--within-days", InputRanges.MinWithinDays, InputRanges.MaxWithinDays, "days", context))
                return Task.FromResult(ExitCodes.BadInput);
            var request = new ExpiryRequest
            {
                At = reference,
                WithinDays = parseResult.GetValue(withinDays),
                Strict = parseResult.GetValue(strict),
                Recurse = parseResult.GetValue(recurse),
                Timeout = timeoutValue,
                ThrottleLimit = parseResult.GetValue(throttle),
            };

            foreach (var p in parseResult.GetValue(path) ?? []) request.Paths.Add(Path.GetFullPath(p));
            foreach (var s in parseResult.GetValue(store) ?? [])
            {
                if (CertificateStoreReference.TryParse(s, out var reference2, out var error, CertificateStoreReference.Default.Location)) request.Stores.Add(reference2!);
                else context.WriteError(ErrorIds.InvalidArgument, error!);
            }

            foreach (var e in parseResult.GetValue(endpoint) ?? [])
            {
                if (TlsEndpoint.TryParse(e, out var parsed, out var error)) request.Endpoints.Add(parsed!);
                else context.WriteError(ErrorIds.EndpointInvalid, error!);
            }

            var passwordVariable = parseResult.GetValue(passwordEnv);
            if (passwordVariable != null) request.Password = SecretFromEnvironment(passwordVariable, context);
            if (context.HadInputFailure && !request.HasSources) return Task.FromResult(ExitCodes.BadInput);

            var engine = context.EngineFactory();
            var asJson = parseResult.GetValue(json) || parseResult.GetValue(format) == "json";
            var metrics = parseResult.GetValue(format) == "openmetrics" && !asJson ? new CertificateMetrics() : null;
            var table = new TextTable("Status", "Days", "NotAfter (UTC)", "Subject", "Source");
            var notes = new List<string>();
            var finding = false;
            foreach (var outcome in engine.Expiry.Scan(request, null, cancellationToken))
            {
                if (outcome.IsFailure)
                {
                    context.WriteFailure(outcome.Failure!);
                    continue;
                }

                var result = outcome.Result!;
                finding |= ExpiryClassifier.IsFinding(result.Status);
                if (asJson)
                {
                    JsonLines.Write(context.Out, result);
                    continue;
                }

                if (metrics != null)
                {
                    metrics.Add(result);
                    continue;
                }

                table.Add(result.Status, result.DaysRemaining, result.NotAfter.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), result.Subject, result.Source);
                foreach (var violation in result.TimeEncodingViolations) notes.Add($"{result.Subject} ({result.Thumbprint}): {violation}");
            }

            if (metrics != null) context.Out.Write(metrics.ToText());
            else if (!asJson)
            {
                table.Write(context.Out);
                if (notes.Count > 0)
                {
                    context.Out.WriteLine();
                    context.Out.WriteLine("RFC 5280 time-encoding violations:");
                    foreach (var note in notes) context.Out.WriteLine("  " + note);
                }
            }

            // An incomplete report (a bad input) outranks a finding: neither 0 nor 1 can be trusted then.
            return Task.FromResult(context.HadInputFailure ? ExitCodes.BadInput : finding ? ExitCodes.Finding : ExitCodes.Success);
        });
        return command;
    }

    private static SecureString? SecretFromEnvironment(string variable, CliContext context)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (value == null)
        {
            context.WriteError(ErrorIds.InvalidArgument, $"--password-env: the environment variable '{variable}' is not set.");
            return null;
        }

        var secure = new SecureString();
        foreach (var c in value) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }
}
