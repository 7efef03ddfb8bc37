using System.CommandLine;
using PkiRevocation.Cli.Output;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;
using PkiRevocation.Revocation;

namespace PkiRevocation.Cli.Commands;

/// <summary>pkirev policy set|show|remove: Set-/Get-/Remove-RevocationPolicy for hosts without PowerShell.</summary>
public static class PolicyCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("policy", "Manage named revocation policies (one policies.json per configuration scope).");
        command.Subcommands.Add(Set(context));
        command.Subcommands.Add(Show(context));
        command.Subcommands.Add(Remove(context));
        return command;
    }

    private static Option<string?> ConfigurationScopeOption() =>
        new("--configuration-scope") { Description = "current-user (default) or all-users." };

    private static Command Set(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The policy name (Default changes the policy used when no other applies)." };
        var method = new Option<string[]>("--method", "--methods") { Description = "Methods in order: ocsp,crl,none.", Arity = ArgumentArity.ZeroOrMore };
        var responder = new Option<string?>("--responder-uri") { Description = "A configured OCSP responder (http/https); empty string for the certificate's own." };
        var unknown = new Option<string?>("--unknown-status") { Description = "What an OCSP unknown means: revoked, not-revoked or indeterminate." };
        var nonce = new Option<string?>("--nonce") { Description = "required, preferred or disabled." };
        var trusted = new Option<string[]>("--trusted-responder") { Description = "A trusted responder: a certificate file or a thumbprint (hex). Repeatable.", Arity = ArgumentArity.ZeroOrMore };
        var interval = new Option<string?>("--check-interval") { Description = "The Check Every period: 30m, 4h, 1d or 04:00:00." };
        var scope = new Option<string?>("--scope") { Description = "end-entity or chain." };
        var appliesTo = new Option<string[]>("--applies-to") { Description = "issuer:<pattern> or subject:<pattern> (wildcards * ?). Repeatable.", Arity = ArgumentArity.ZeroOrMore };
        var enabled = new Option<bool?>("--enabled") { Description = "true or false." };
        var maxCrlAge = new Option<string?>("--max-crl-age") { Description = "A CRL whose thisUpdate is older than this is stale even before its nextUpdate: 12h, 7d; 0 removes the limit (the default: none)." };
        var softFail = new Option<bool?>("--soft-fail") { Description = "true: accept when every server is unreachable (not allowed with none)." };
        var preferHttp = new Option<bool?>("--prefer-http") { Description = "true (default): a certificate's http(s) CRL and caIssuers locations before its ldap ones; false: the certificate's order." };
        var configurationScope = ConfigurationScopeOption();
        var json = CommonOptions.Json();
        var command = new Command("set", "Create or change a revocation policy; options not given keep their stored values.")
        {
            name, method, responder, unknown, nonce, trusted, interval, scope, appliesTo, enabled, softFail, preferHttp, maxCrlAge, configurationScope, json,
        };
        command.SetAction(parseResult =>
        {
            if (!RevocationInputs.TryMethods(parseResult.GetValue(method), "--method", context, out var methods)
                || !RevocationInputs.TryEnum<UnknownStatusAction>(parseResult.GetValue(unknown), "--unknown-status", context, out var unknownAction)
                || !RevocationInputs.TryEnum<NonceRequirement>(parseResult.GetValue(nonce), "--nonce", context, out var nonceValue)
                || !RevocationInputs.TryEnum<RevocationScope>(parseResult.GetValue(scope), "--scope", context, out var scopeValue)
                || !RevocationInputs.TryEnum<ConfigurationScope>(parseResult.GetValue(configurationScope), "--configuration-scope", context, out var where)
                || !DurationText.TryOption(parseResult.GetValue(interval), "--check-interval", RevocationPolicy.MaximumInterval, context, out var checkInterval)
                || !DurationText.TryOption(parseResult.GetValue(maxCrlAge), "--max-crl-age", RevocationPolicy.MaximumInterval, context, out var maxAge))
                return ExitCodes.BadInput;

            var trustedValues = parseResult.GetValue(trusted);
            var update = new RevocationPolicyUpdate(parseResult.GetValue(name)!)
            {
                Methods = methods,
                ResponderUri = parseResult.GetValue(responder),
                UnknownStatus = unknownAction,
                Nonce = nonceValue,
                TrustedResponders = trustedValues is { Length: > 0 } ? trustedValues.Select(t => Responder(t, context)).ToArray() : null,
                CheckInterval = checkInterval,
                Scope = scopeValue,
                AppliesTo = parseResult.GetValue(appliesTo) is { Length: > 0 } patterns ? patterns : null,
                Enabled = parseResult.GetValue(enabled),
                SoftFail = parseResult.GetValue(softFail),
                PreferHttp = parseResult.GetValue(preferHttp),
                MaxCrlAge = maxAge,
            };
            if (context.HadInputFailure) return ExitCodes.BadInput;
            var outcome = context.EngineFactory().Policies.Apply(update, where ?? ConfigurationScope.CurrentUser);
            return Write(outcome, parseResult.GetValue(json), context);
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var name = new Argument<string?>("name") { Description = "A policy name or wildcard pattern. Default: all.", Arity = ArgumentArity.ZeroOrOne };
        var configurationScope = ConfigurationScopeOption();
        var json = CommonOptions.Json();
        var command = new Command("show", "Show the revocation policies in force (CurrentUser over AllUsers over the built-in Default), or one scope's.") { name, configurationScope, json };
        command.SetAction(parseResult =>
        {
            if (!RevocationInputs.TryEnum<ConfigurationScope>(parseResult.GetValue(configurationScope), "--configuration-scope", context, out var where)) return ExitCodes.BadInput;
            var policies = context.EngineFactory().Policies.Get(parseResult.GetValue(name), where);
            if (parseResult.GetValue(json))
            {
                foreach (var policy in policies) JsonLines.Write(context.Out, policy);
                return ExitCodes.Success;
            }

            var table = new TextTable("Name", "Origin", "Methods", "Unknown", "Nonce", "Scope", "Interval", "MaxCrlAge", "Enabled", "SoftFail", "PreferHttp", "AppliesTo");
            foreach (var p in policies)
                table.Add(p.Name, p.Origin, string.Join(",", p.Methods), p.UnknownStatus, p.Nonce, p.Scope, p.CheckInterval, p.MaxCrlAge, p.Enabled, p.SoftFail, p.PreferHttp, string.Join("; ", p.AppliesTo));
            table.Write(context.Out);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Remove(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The policy to remove." };
        var configurationScope = ConfigurationScopeOption();
        var json = CommonOptions.Json();
        var command = new Command("remove", "Remove a revocation policy from a scope (removing a stored Default restores the built-in one).") { name, configurationScope, json };
        command.SetAction(parseResult =>
        {
            if (!RevocationInputs.TryEnum<ConfigurationScope>(parseResult.GetValue(configurationScope), "--configuration-scope", context, out var where)) return ExitCodes.BadInput;
            var outcome = context.EngineFactory().Policies.Remove(parseResult.GetValue(name)!, where ?? ConfigurationScope.CurrentUser);
            return Write(outcome, parseResult.GetValue(json), context);
        });
        return command;
    }

    private static int Write(Outcome<RevocationPolicy> outcome, bool asJson, CliContext context)
    {
        if (outcome.IsFailure)
        {
            context.WriteFailure(outcome.Failure!);
            return ExitCodes.BadInput;
        }

        if (asJson) JsonLines.Write(context.Out, outcome.Result!);
        else context.Out.WriteLine($"{outcome.Result!.Name} ({outcome.Result.Origin}): {string.Join(",", outcome.Result.Methods)}");
        return ExitCodes.Success;
    }

    private static string Responder(string value, CliContext context)
    {
        if (!File.Exists(value)) return value;
        var certificate = RevocationInputs.Certificate(value, "--trusted-responder", context);
        return certificate == null ? value : Convert.ToBase64String(certificate.RawData);
    }
}
