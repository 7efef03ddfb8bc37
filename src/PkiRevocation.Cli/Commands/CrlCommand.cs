using System.CommandLine;
using System.Globalization;
using PkiRevocation.Cli.Output;
using PkiRevocation.Crl;
using PkiRevocation.Diagnostics;
using PkiRevocation.Revocation;

namespace PkiRevocation.Cli.Commands;

/// <summary>pkirev crl: certificates or serial numbers against a CRL (and delta CRL) from files, URLs or the distribution points.</summary>
public static class CrlCommand
{
    public static Command Create(CliContext context)
    {
        var crl = new Option<string[]>("--crl") { Description = "A CRL file (DER or PEM) or http(s) URL. Repeatable. Default: the certificates' CRL distribution points.", Arity = ArgumentArity.ZeroOrMore };
        var delta = new Option<string[]>("--delta") { Description = "A delta CRL file or URL. Default: the Freshest CRL URLs of the certificate and CRL.", Arity = ArgumentArity.ZeroOrMore };
        var issuer = new Option<string?>("--issuer") { Description = "The issuing CA certificate (file). Required." };
        var cert = new Option<string[]>("--cert") { Description = "A certificate file to check (PEM bundles: every certificate). Repeatable.", Arity = ArgumentArity.ZeroOrMore };
        var serial = new Option<string[]>("--serial") { Description = "A serial number (hex) to look up in the given CRL. Repeatable.", Arity = ArgumentArity.ZeroOrMore };
        var signer = new Option<string[]>("--signer") { Description = "More certificates: a separate CRL signer of the CA and the CA above it. Repeatable.", Arity = ArgumentArity.ZeroOrMore };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for each CRL download.", DefaultValueFactory = _ => 15 };
        var maxAge = new Option<string?>("--max-age") { Description = "A CRL whose thisUpdate is older than this is stale even before its nextUpdate: 12h, 7d or 1.00:00:00. Default: no limit." };
        var noCache = new Option<bool>("--no-cache") { Description = "Neither read nor fill the revocation cache." };
        var steps = new Option<bool>("--steps") { Description = "Print every step (CRLs tried, checks made) under each result." };
        var at = CommonOptions.At();
        var json = CommonOptions.Json();
        var command = new Command("crl", "Check certificates or serial numbers against CRLs and delta CRLs (verified signature, freshness, scope).")
        {
            crl, delta, issuer, cert, serial, signer, at, timeout, maxAge, noCache, steps, json,
        };

        command.SetAction((parseResult, cancellationToken) =>
        {
            if (!CommonOptions.TryGetAt(parseResult, at, context, out var reference)
                || !CommonOptions.TryTimeout(parseResult, timeout, context, out var timeoutValue)
                || !DurationText.TryOption(parseResult.GetValue(maxAge), "--max-age", TimeSpan.MaxValue, context, out var maxCrlAge))
                return Task.FromResult(ExitCodes.BadInput);
            var request = new CrlCheckRequest
            {
                At = reference,
                Timeout = timeoutValue,
                UseCache = !parseResult.GetValue(noCache),
                MaxCrlAge = maxCrlAge,
                Issuer = RevocationInputs.Certificate(parseResult.GetValue(issuer), "--issuer", context),
            };
            foreach (var c in RevocationInputs.Certificates(parseResult.GetValue(cert), context)) request.Certificates.Add(c);
            foreach (var c in RevocationInputs.Certificates(parseResult.GetValue(signer), context)) request.AdditionalCertificates.Add(c);
            foreach (var s in parseResult.GetValue(serial) ?? []) request.SerialNumbers.Add(s);
            foreach (var s in parseResult.GetValue(crl) ?? []) request.CrlSources.Add(RevocationCheckRequest.IsUrl(s) ? s : Path.GetFullPath(s));
            foreach (var s in parseResult.GetValue(delta) ?? []) request.DeltaCrlSources.Add(RevocationCheckRequest.IsUrl(s) ? s : Path.GetFullPath(s));
            if (request.Certificates.Count + request.SerialNumbers.Count == 0)
            {
                if (!context.HadInputFailure) context.WriteError(ErrorIds.NoSource, "Give --cert or --serial to check.");
                return Task.FromResult(ExitCodes.BadInput);
            }

            var asJson = parseResult.GetValue(json);
            var withSteps = parseResult.GetValue(steps);
            var table = new TextTable("Status", "Serial", "Subject", "Revoked (UTC)", "Reason", "Detail");
            var details = new List<string>();
            var finding = false;
            foreach (var outcome in context.EngineFactory().Crl.Check(request, null, cancellationToken))
            {
                if (outcome.IsFailure)
                {
                    context.WriteFailure(outcome.Failure!);
                    continue;
                }

                var result = outcome.Result!;
                finding |= result.Status != CrlStatus.NotRevoked;
                if (asJson)
                {
                    JsonLines.Write(context.Out, result);
                    continue;
                }

                table.Add(result.Status, result.SerialNumber, result.Subject, result.RevocationTime?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    result.RevocationReason, result.Status == CrlStatus.Indeterminate ? result.FailureReason : result.Source);
                if (withSteps) details.AddRange(new[] { $"{result.SerialNumber} {result.Subject}:" }.Concat(result.Steps.Select(s => "  " + s)));
            }

            if (!asJson)
            {
                table.Write(context.Out);
                foreach (var line in details) context.Out.WriteLine(line);
            }

            return Task.FromResult(context.HadInputFailure ? ExitCodes.BadInput : finding ? ExitCodes.Finding : ExitCodes.Success);
        });
        return command;
    }
}
