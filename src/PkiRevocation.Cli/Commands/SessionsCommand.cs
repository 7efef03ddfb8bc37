using System.CommandLine;
using System.Globalization;
using PkiRevocation.Certificates;
using PkiRevocation.Cli.Output;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;
using PkiRevocation.Sessions;

namespace PkiRevocation.Cli.Commands;

/// <summary>
/// pkirev sessions set|show|register|list|unregister|check: the long-lived session cmdlets for hosts without
/// PowerShell (Set/Get-LongLivedSessionCheck, Register/Get/Unregister-LongLivedSession, Invoke-LongLivedSessionCheck).
/// </summary>
public static class SessionsCommand
{
    private const string Time = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public static Command Create(CliContext context)
    {
        var command = new Command("sessions", "Long-lived session checks: settings, the session registry, and the periodic expiry/revocation check.");
        command.Subcommands.Add(Set(context));
        command.Subcommands.Add(Show(context));
        command.Subcommands.Add(Register(context));
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Unregister(context));
        command.Subcommands.Add(Check(context));
        return command;
    }

    private static Option<ConfigurationScope> ScopeOption(string description) =>
        new("--scope") { Description = description, DefaultValueFactory = _ => ConfigurationScope.CurrentUser };

    private static Command Set(CliContext context)
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

            if (!TryDuration(parseResult.GetValue(frequency), "--validity-check-frequency", context, out var frequencyValue)) return Task.FromResult(ExitCodes.BadInput);
            if (frequencyValue.HasValue) changes.Add(s => s.ValidityCheckFrequency = frequencyValue.Value);
            if (!TryDuration(parseResult.GetValue(minimumAge), "--minimum-session-age", context, out var ageValue)) return Task.FromResult(ExitCodes.BadInput);
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

    private static Command Show(CliContext context)
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

    private static Command Register(CliContext context)
    {
        var name = new Option<string>("--name") { Description = "The session's name (unique within the scope).", Required = true };
        var kind = new Option<SessionKind>("--kind") { Description = "Cti, Ldap, IPsec or Other.", Required = true };
        var endpoint = new Option<string?>("--endpoint") { Description = "ldap://host:389 (StartTLS), ldaps://host:636 or tls://host:port." };
        var established = new Option<string>("--established-at") { Description = "When the session was established (ISO-8601; no offset means UTC).", Required = true };
        var pinned = new Option<string?>("--pinned-certificate") { Description = "A file (PEM/DER/PKCS#7) with the peer certificate, leaf first then its issuers, checked instead of a handshake." };
        var scope = ScopeOption("Which registry: CurrentUser (default) or AllUsers.");
        var force = new Option<bool>("--force") { Description = "Replace a session of the same name." };
        var json = CommonOptions.Json();
        var command = new Command("register", "Register a long-lived session to watch (Register-LongLivedSession).") { name, kind, endpoint, established, pinned, scope, force, json };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var establishedText = parseResult.GetValue(established);
            if (!ReferenceTime.TryParse(establishedText, out var establishedAt))
                return Bad(context, $"--established-at '{establishedText}' is not an ISO-8601 time (e.g. 2026-11-21T08:00:00Z).", ErrorIds.ReferenceTimeInvalid);

            var session = new LongLivedSession { Name = parseResult.GetValue(name) ?? "", Kind = parseResult.GetValue(kind), Endpoint = parseResult.GetValue(endpoint), EstablishedAt = establishedAt };
            var pinnedPath = parseResult.GetValue(pinned);
            if (pinnedPath != null)
            {
                var loaded = CertificateFileReader.Read(Path.GetFullPath(pinnedPath));
                if (loaded.IsFailure)
                {
                    context.WriteFailure(loaded.Failure!);
                    return Task.FromResult(ExitCodes.BadInput);
                }

                session.PinnedCertificate = Convert.ToBase64String(loaded.Result![0].RawData);
                session.PinnedIssuers = loaded.Result.Skip(1).Select(c => Convert.ToBase64String(c.RawData)).ToArray();
            }

            var outcome = context.EngineFactory().Sessions.Register(session, parseResult.GetValue(scope), parseResult.GetValue(force), cancellationToken);
            if (outcome.IsFailure)
            {
                context.WriteFailure(outcome.Failure!);
                return Task.FromResult(ExitCodes.BadInput);
            }

            WriteSessions(context, new[] { outcome.Result! }, parseResult.GetValue(json));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var scope = new Option<ConfigurationScope?>("--scope") { Description = "One scope's registry; without it both (CurrentUser first)." };
        var json = CommonOptions.Json();
        var command = new Command("list", "List the registered long-lived sessions (Get-LongLivedSession).") { scope, json };
        command.SetAction(parseResult =>
        {
            WriteSessions(context, context.EngineFactory().Sessions.GetSessions(parseResult.GetValue(scope)), parseResult.GetValue(json));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Unregister(CliContext context)
    {
        var name = new Option<string[]>("--name") { Description = "The session to remove (repeatable).", Required = true, Arity = ArgumentArity.OneOrMore };
        var scope = ScopeOption("Which registry: CurrentUser (default) or AllUsers.");
        var command = new Command("unregister", "Remove registered long-lived sessions and their check state (Unregister-LongLivedSession).") { name, scope };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var engine = context.EngineFactory();
            foreach (var each in parseResult.GetValue(name) ?? [])
            {
                var outcome = engine.Sessions.Unregister(each, parseResult.GetValue(scope), cancellationToken);
                if (outcome.IsFailure) context.WriteFailure(outcome.Failure!);
                else context.Out.WriteLine($"Unregistered '{outcome.Result!.Name}' ({parseResult.GetValue(scope)}).");
            }

            return Task.FromResult(context.HadInputFailure ? ExitCodes.BadInput : ExitCodes.Success);
        });
        return command;
    }

    private static Command Check(CliContext context)
    {
        var name = new Option<string[]>("--name") { Description = "Check only these registered sessions (repeatable; default all).", Arity = ArgumentArity.ZeroOrMore };
        var force = new Option<bool>("--force") { Description = "Check sessions even when their interval has not elapsed." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for each session's endpoint (connect, StartTLS and handshake).", DefaultValueFactory = _ => 10 };
        var at = CommonOptions.At();
        var json = CommonOptions.Json();
        var command = new Command("check", "Check the registered long-lived sessions that are due (Invoke-LongLivedSessionCheck). Exit 1 when a session needs action.") { name, at, force, timeout, json };
        command.SetAction((parseResult, cancellationToken) =>
        {
            if (!CommonOptions.TryGetAt(parseResult, at, context, out var reference)) return Task.FromResult(ExitCodes.BadInput);
            var engine = context.EngineFactory();
            var request = new SessionCheckRequest { At = reference, Force = parseResult.GetValue(force), Timeout = TimeSpan.FromSeconds(Math.Max(1, parseResult.GetValue(timeout))) };
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

    private static void WriteSettings(CliContext context, SessionCheckSettings settings, bool asJson)
    {
        if (asJson)
        {
            JsonLines.Write(context.Out, settings);
            return;
        }

        context.Out.WriteLine($"CertificateValidityCheck : {settings.CertificateValidityCheck.ToString().ToLowerInvariant()}");
        context.Out.WriteLine($"ValidityCheckFrequency   : {Span(settings.ValidityCheckFrequency)}");
        context.Out.WriteLine($"MinimumSessionAge        : {Span(settings.MinimumSessionAge)}");
        context.Out.WriteLine($"RevocationPolicy         : {settings.RevocationPolicy ?? "(none: revocation is not checked)"}");
        context.Out.WriteLine($"Kinds                    : {(settings.Kinds.Length == 0 ? "(none)" : string.Join(", ", settings.Kinds))}");
        context.Out.WriteLine($"ExpiringWithinDays       : {settings.ExpiringWithinDays}");
    }

    private static void WriteSessions(CliContext context, IEnumerable<LongLivedSession> sessions, bool asJson)
    {
        var table = new TextTable("Name", "Kind", "Endpoint", "EstablishedAt", "Scope", "Pinned");
        foreach (var session in sessions)
        {
            if (asJson) JsonLines.Write(context.Out, session);
            else table.Add(session.Name, session.Kind, session.Endpoint ?? "", session.EstablishedAt.ToString(Time, CultureInfo.InvariantCulture), session.Scope, session.PinnedCertificate != null ? "yes" : "");
        }

        if (!asJson) table.Write(context.Out);
    }

    private static bool TryDuration(string? text, string option, CliContext context, out TimeSpan? value)
    {
        value = null;
        if (text == null) return true;
        if (DurationText.TryParse(text, out var parsed))
        {
            value = parsed;
            return true;
        }

        context.WriteError(ErrorIds.InvalidArgument, $"{option} '{text}' is not a duration (06:00:00, 1.00:00:00, 90s, 30m, 6h, 1d, 1d12h).");
        return false;
    }

    private static bool TryKinds(IEnumerable<string> texts, CliContext context, out SessionKind[] kinds)
    {
        var list = new List<SessionKind>();
        foreach (var part in texts.SelectMany(t => t.Split(',')).Select(p => p.Trim()).Where(p => p.Length > 0))
        {
            if (part.Equals("none", StringComparison.OrdinalIgnoreCase)) continue;
            if (!Enum.TryParse<SessionKind>(part, ignoreCase: true, out var kind) || !Enum.IsDefined(typeof(SessionKind), kind))
            {
                context.WriteError(ErrorIds.InvalidArgument, $"--kinds '{part}' is not a session kind (Cti, Ldap, IPsec, Other, or none).");
                kinds = [];
                return false;
            }

            if (!list.Contains(kind)) list.Add(kind);
        }

        kinds = list.ToArray();
        return true;
    }

    private static string Span(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    private static Task<int> Bad(CliContext context, string message, string errorId = ErrorIds.InvalidArgument)
    {
        context.WriteError(errorId, message);
        return Task.FromResult(ExitCodes.BadInput);
    }
}
