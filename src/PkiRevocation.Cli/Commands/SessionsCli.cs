using System.CommandLine;
using System.Globalization;
using PkiRevocation.Certificates;
using PkiRevocation.Cli.Output;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;
using PkiRevocation.Sessions;
using static PkiRevocation.Cli.Commands.SessionsCli;

namespace PkiRevocation.Cli.Commands;

/// <summary>Options and output shared by the pkirev sessions subcommands.</summary>
internal static class SessionsCli
{
    internal const string Time = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    internal static Option<ConfigurationScope> ScopeOption(string description) =>
        new("--scope") { Description = description, DefaultValueFactory = _ => ConfigurationScope.CurrentUser };

    internal static void WriteSettings(CliContext context, SessionCheckSettings settings, bool asJson)
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

    internal static void WriteSessions(CliContext context, IEnumerable<LongLivedSession> sessions, bool asJson)
    {
        var table = new TextTable("Name", "Kind", "Endpoint", "EstablishedAt", "Scope", "Pinned");
        foreach (var session in sessions)
        {
            if (asJson) JsonLines.Write(context.Out, session);
            else table.Add(session.Name, session.Kind, session.Endpoint ?? "", session.EstablishedAt.ToString(Time, CultureInfo.InvariantCulture), session.Scope, session.PinnedCertificate != null ? "yes" : "");
        }

        if (!asJson) table.Write(context.Out);
    }

    internal static bool TryKinds(IEnumerable<string> texts, CliContext context, out SessionKind[] kinds)
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

    internal static string Span(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    internal static Task<int> Bad(CliContext context, string message, string errorId = ErrorIds.InvalidArgument)
    {
        context.WriteError(errorId, message);
        return Task.FromResult(ExitCodes.BadInput);
    }
}
