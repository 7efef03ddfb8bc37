using System.CommandLine;
using PkiRevocation.Certificates;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;
using PkiRevocation.Sessions;
using static PkiRevocation.Cli.Commands.SessionsCli;

namespace PkiRevocation.Cli.Commands;

/// <summary>pkirev sessions register: see SessionsCommand.</summary>
public static class SessionsRegisterCommand
{
    public static Command Create(CliContext context)
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
}
