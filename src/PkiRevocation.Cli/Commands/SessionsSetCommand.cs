using System.CommandLine;
using PkiRevocation.Certificates;
using PkiRevocation.Diagnostics;
using PkiRevocation.Sessions;
using static PkiRevocation.Cli.Commands.SessionsCli;

namespace PkiRevocation.Cli.Commands;

/// <summary>pkirev sessions set: see SessionsCommand.</summary>
public static class SessionsSetCommand
{
    public static Command Create(CliContext context)
    {
        var validity = new Option<string?>("--certificate-validity-check") { Description = "true or false: when false, expiry is not verified for long-lived sessions." };
        var frequency = new Option<string?>("--validity-check-frequency") { Description = "How often sessions are checked when no revocation policy interval applies (06:00:00, 6h, 1d)." };
        var minimumAge = new Option<string?>("--minimum-session-age") { Description = "Sessions younger than this are skipped (default 6h)." };
        var policy = new Option<string?>("--revocation-policy") { Description = "The revocation policy to check with (its CheckInterval wins); \"\" or none turns revocation checks off." };
        var kinds = new Option<string[]>("--kinds") { Description = "Session kinds revocation applies to: Cti, Ldap, IPsec, Other (repeatable or comma-separated; none for no kind).", Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = true };
        var expiring = new Option<int?>("--expiring-within-days") { Description = "A certificate expiring within this many days gets RecommendedAction Renegotiate (default 30)." };
        var scope = ScopeOption("Which settings file: CurrentUser (default) or AllUsers.");
        var json = CommonOptions.Json();
        var command = new Command("set", "Change the long-lived session check settings (Set-LongLivedSessionCheck).") { validity, frequency, minimumAge, policy, kinds, expiring, scope, json };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var changes = new List<Action<SessionCheckSettings>>();
            var validityText = parseResult.GetValue(validity);
            if (validityText != null)
            {
                if (!bool.TryParse(validityText.Trim(), out var on)) return Bad(context, $"--certificate-validity-check must be true or false, not '{validityText}'.");
                changes.Add(s => s.CertificateValidityCheck = on);
            }

            if (!DurationText.TryOption(parseResult.GetValue(frequency), "--validity-check-frequency", SessionCheckSettings.MaximumDuration, context, out var frequencyValue)) return Task.FromResult(ExitCodes.BadInput);
            if (frequencyValue.HasValue) changes.Add(s => s.ValidityCheckFrequency = frequencyValue.Value);
            if (!DurationText.TryOption(parseResult.GetValue(minimumAge), "--minimum-session-age", SessionCheckSettings.MaximumDuration, context, out var ageValue)) return Task.FromResult(ExitCodes.BadInput);
            if (ageValue.HasValue) changes.Add(s => s.MinimumSessionAge = ageValue.Value);

            var policyText = parseResult.GetValue(policy);
            if (policyText != null)
            {
                var name = policyText.Trim();
                changes.Add(s => s.RevocationPolicy = name.Length == 0 || name.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : name);
            }

            if (parseResult.GetResult(kinds) != null)
            {
                if (!TryKinds(parseResult.GetValue(kinds) ?? [], context, out var kindValues)) return Task.FromResult(ExitCodes.BadInput);
                changes.Add(s => s.Kinds = kindValues);
            }

            var expiringValue = parseResult.GetValue(expiring);
            if (expiringValue.HasValue) changes.Add(s => s.ExpiringWithinDays = expiringValue.Value);

            var engine = context.EngineFactory();
            SessionCheckSettings written;
            try
            {
                written = engine.Sessions.SetSettings(parseResult.GetValue(scope), s => changes.ForEach(change => change(s)), cancellationToken);
            }
            catch (ArgumentException ex)
            {
                return Bad(context, ex.Message, ErrorIds.SessionSettingsInvalid);
            }

            WriteSettings(context, written, parseResult.GetValue(json));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
