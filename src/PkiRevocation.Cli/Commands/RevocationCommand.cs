using System.CommandLine;
using System.Globalization;
using PkiRevocation.Cli.Output;
using PkiRevocation.Diagnostics;
using PkiRevocation.Revocation;

namespace PkiRevocation.Cli.Commands;

/// <summary>pkirev revocation: Test-CertificateRevocation for hosts without PowerShell.</summary>
public static class RevocationCommand
{
    public static Command Create(CliContext context)
    {
        var cert = new Option<string[]>("--cert", "--certificate") { Description = "A certificate file to check (PEM bundles: every certificate). Repeatable.", Arity = ArgumentArity.OneOrMore };
        var issuer = new Option<string?>("--issuer") { Description = "The issuing CA certificate (file)." };
        var chain = new Option<string[]>("--chain", "--chain-certificate") { Description = "Intermediate and root certificates (files): issuers, CRL signers, --scope chain. Repeatable.", Arity = ArgumentArity.ZeroOrMore };
        var policy = new Option<string?>("--policy") { Description = "Use this revocation policy instead of the one that applies to each certificate." };
        var methods = new Option<string[]>("--methods", "--method") { Description = "Methods in order, overriding the policy: ocsp,crl,none.", Arity = ArgumentArity.ZeroOrMore };
        var unknown = new Option<string?>("--unknown-as", "--unknown-status") { Description = "What an OCSP unknown means: revoked, not-revoked or indeterminate (overrides the policy)." };
        var scope = new Option<string?>("--scope") { Description = "end-entity or chain (overrides the policy)." };
        var crl = new Option<string[]>("--crl") { Description = "CRL files or URLs for the CRL method instead of the distribution points. Repeatable.", Arity = ArgumentArity.ZeroOrMore };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for each responder or CRL download.", DefaultValueFactory = _ => 15 };
        var maxAge = new Option<string?>("--max-age") { Description = "A CRL whose thisUpdate is older than this is stale even before its nextUpdate (overrides the policy's MaxCrlAge): 12h, 7d." };
        var noCache = new Option<bool>("--no-cache") { Description = "Neither read nor fill the revocation cache." };
        var noAiaFetch = new Option<bool>("--no-aia-fetch") { Description = "Do not fetch a missing issuer from the certificate's AIA caIssuers URLs." };
        var steps = new Option<bool>("--steps") { Description = "Print every step under each result." };
        var at = CommonOptions.At();
        var json = CommonOptions.Json();
        var command = new Command("revocation", "Check revocation under a policy: OCSP, then CRL, then None, as the policy lists them.")
        {
            cert, issuer, chain, policy, methods, unknown, scope, crl, at, timeout, maxAge, noCache, noAiaFetch, steps, json,
        };

        command.SetAction((parseResult, cancellationToken) =>
        {
            if (!CommonOptions.TryGetAt(parseResult, at, context, out var reference)
                || !CommonOptions.TryTimeout(parseResult, timeout, context, out var timeoutValue)
                || !RevocationInputs.TryMethods(parseResult.GetValue(methods), "--methods", context, out var methodList)
                || !RevocationInputs.TryEnum<UnknownStatusAction>(parseResult.GetValue(unknown), "--unknown-as", context, out var unknownAction)
                || !RevocationInputs.TryEnum<RevocationScope>(parseResult.GetValue(scope), "--scope", context, out var scopeValue)
                || !DurationText.TryOption(parseResult.GetValue(maxAge), "--max-age", TimeSpan.MaxValue, context, out var maxCrlAge))
                return Task.FromResult(ExitCodes.BadInput);

            var request = new RevocationCheckRequest
            {
                At = reference,
                Issuer = RevocationInputs.Certificate(parseResult.GetValue(issuer), "--issuer", context),
                PolicyName = parseResult.GetValue(policy),
                Methods = methodList,
                UnknownStatus = unknownAction,
                Scope = scopeValue,
                MaxCrlAge = maxCrlAge,
                Timeout = timeoutValue,
                UseCache = !parseResult.GetValue(noCache),
                FetchIssuers = !parseResult.GetValue(noAiaFetch),
            };
            foreach (var c in RevocationInputs.Certificates(parseResult.GetValue(cert), context)) request.Certificates.Add(c);
            foreach (var c in RevocationInputs.Certificates(parseResult.GetValue(chain), context)) request.ChainCertificates.Add(c);
            foreach (var s in parseResult.GetValue(crl) ?? []) request.CrlSources.Add(RevocationCheckRequest.IsUrl(s) ? s : Path.GetFullPath(s));
            if (request.Certificates.Count == 0)
            {
                if (!context.HadInputFailure) context.WriteError(ErrorIds.NoSource, "Give --cert with a certificate file to check (and --issuer, --chain or --crl as needed).");
                return Task.FromResult(ExitCodes.BadInput);
            }

            var asJson = parseResult.GetValue(json);
            var withSteps = parseResult.GetValue(steps);
            var table = new TextTable("Status", "DecidedBy", "Policy", "Subject", "Revoked (UTC)", "Reason", "Detail");
            var details = new List<string>();
            var finding = false;
            foreach (var outcome in context.EngineFactory().Revocation.Check(request, null, cancellationToken))
            {
                if (outcome.IsFailure)
                {
                    context.WriteFailure(outcome.Failure!);
                    continue;
                }

                var result = outcome.Result!;
                finding |= result.Status != RevocationStatus.NotRevoked;
                if (asJson)
                {
                    JsonLines.Write(context.Out, result);
                    continue;
                }

                table.Add(result.Status, result.DecidedBy, result.Policy, result.Subject,
                    result.RevocationTime?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), result.RevocationReason, result.FailureReason);
                if (withSteps) details.AddRange(new[] { $"{result.Subject} ({result.Thumbprint}):" }.Concat(result.Steps.Select(s => "  " + s)));
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
