using System.CommandLine;
using System.Globalization;
using System.Net;
using PkiRevocation.Cli.Output;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;
using PkiRevocation.Monitoring;
using static PkiRevocation.Cli.Commands.MonitorCli;

namespace PkiRevocation.Cli.Commands;

/// <summary>Options and output shared by the pkirev monitor subcommands.</summary>
internal static class MonitorCli
{
    internal static Option<ConfigurationScope?> ScopeOption(string description) => new("--scope") { Description = description };

    internal static string[]? Many(ParseResult parseResult, Option<string[]> option) =>
        parseResult.GetResult(option) == null ? null : parseResult.GetValue(option) ?? [];

    internal static string[]? Sources(string[]? sources) =>
        sources?.Select(s => s.Contains("://", StringComparison.Ordinal) || s.Length == 0 ? s : Path.GetFullPath(s)).ToArray();

    internal static Option<string?> RunUserOption(string what) => new("--user")
    {
        Description = $"SMTP login for {what} only, with --password-env, or the mailbox an --access-token-env token was issued for; nothing is stored. Default: the stored login.",
    };

    internal static Option<string?> RunPasswordEnvOption(string what) => new("--password-env")
    {
        Description = $"Name of an environment variable holding the SMTP password for {what} (with --user).",
    };

    internal static Option<string?> AccessTokenEnvOption(string what) => new("--access-token-env")
    {
        Description = $"Name of an environment variable holding an OAuth 2.0 access token for SMTP XOAUTH2 (Exchange Online, Gmail) for {what}; --user names the mailbox it was issued for (default: the From address). Never stored.",
    };

    /// <summary>
    /// The login of one run or test mail: --user with --password-env (a password) or with --access-token-env (XOAUTH2),
    /// or neither (the stored login). False when the options do not fit; the error has been written.
    /// </summary>
    internal static bool TryGetRunLogin(ParseResult parseResult, Option<string?> user, Option<string?> passwordEnv, Option<string?> accessTokenEnv,
        CliContext context, out NetworkCredential? credential, out SmtpAccessToken? accessToken)
    {
        credential = null;
        accessToken = null;
        var userName = parseResult.GetValue(user);
        var passwordVariable = parseResult.GetValue(passwordEnv);
        var tokenVariable = parseResult.GetValue(accessTokenEnv);
        if (tokenVariable != null)
        {
            if (passwordVariable != null)
            {
                context.WriteError(ErrorIds.InvalidArgument, "--access-token-env and --password-env exclude each other: XOAUTH2 or a password, not both.");
                return false;
            }

            var token = Environment.GetEnvironmentVariable(tokenVariable);
            if (string.IsNullOrWhiteSpace(token))
            {
                context.WriteError(ErrorIds.InvalidArgument, $"--access-token-env: the environment variable '{tokenVariable}' is not set.");
                return false;
            }

            accessToken = new SmtpAccessToken(userName ?? "", token!);
            return true;
        }

        if (userName == null && passwordVariable == null) return true;
        if (userName == null)
        {
            context.WriteError(ErrorIds.InvalidArgument, "--password-env needs --user NAME (the SMTP login).");
            return false;
        }

        credential = CredentialFromEnvironment(userName, passwordVariable, context);
        return credential != null;
    }

    internal static NetworkCredential? CredentialFromEnvironment(string userName, string? variable, CliContext context)
    {
        if (variable == null)
        {
            context.WriteError(ErrorIds.InvalidArgument, "--user needs --password-env NAME (the environment variable holding the SMTP password), or --credential-secret-name.");
            return null;
        }

        var password = Environment.GetEnvironmentVariable(variable);
        if (password == null)
        {
            context.WriteError(ErrorIds.InvalidArgument, $"--password-env: the environment variable '{variable}' is not set.");
            return null;
        }

        return new NetworkCredential(userName, password);
    }

    internal static void WriteStatus(CliContext context, MonitorStatus status, bool json)
    {
        if (json)
        {
            JsonLines.Write(context.Out, status);
            return;
        }

        var rows = new (string Name, object? Value)[]
        {
            ("Scope", status.Scope), ("Configured", status.Configured), ("Enabled", status.Enabled),
            ("NotificationStartDays", status.NotificationStartDays), ("NotificationFrequency", status.NotificationFrequency.ToString("c", CultureInfo.InvariantCulture)),
            ("EnableEmail", status.EnableEmail), ("EmailTo", string.Join("; ", status.EmailTo)), ("From", status.From),
            ("SmtpServer", status.SmtpServer), ("SmtpPort", status.SmtpPort), ("SmtpSecurity", status.SmtpSecurity),
            ("Credential", status.CredentialKind == MonitorCredentialKind.None ? "(none)" : $"{status.CredentialUserName} ({status.CredentialKind}: {status.CredentialLocation})"),
            ("Sources", string.Join("; ", status.Sources)), ("IncludeLocallyIssued", status.IncludeLocallyIssued),
            ("LocallyIssuedIssuers", string.Join("; ", status.LocallyIssuedIssuers)), ("LocallyIssuedSources", string.Join("; ", status.LocallyIssuedSources)),
            ("Webhook", status.Webhook), ("EventLog", status.EventLog), ("RemoveExpired", status.RemoveExpired), ("BackupFolder", status.BackupFolder),
            ("LastRun", Iso(status.LastRun)), ("LastOutcome", status.LastOutcome), ("LastMessage", status.LastMessage),
            ("NextRun", status.NextRun.HasValue ? Iso(status.NextRun) : "due now"), ("PendingNotices", status.PendingNotices),
            ("SettingsPath", status.SettingsPath), ("StatePath", status.StatePath),
        };
        var width = rows.Max(r => r.Name.Length);
        foreach (var (name, value) in rows) context.Out.WriteLine($"{name.PadRight(width)} : {value}");
    }

    internal static void WriteRun(CliContext context, MonitorRunResult result)
    {
        if (result.Certificates.Length > 0)
        {
            var table = new TextTable("Group", "Days", "NotAfter (UTC)", "Notice", "Subject", "Source");
            foreach (var c in result.Certificates.OrderBy(c => c.Group).ThenBy(c => c.NotAfter))
                table.Add(c.Group, c.DaysRemaining, c.NotAfter.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    c.NotificationSent ? "Sent" : c.NoticeDue ? "Due" : "Later", c.Subject, c.Source);
            table.Write(context.Out);
            context.Out.WriteLine();
        }

        context.Out.WriteLine($"Outcome : {result.Outcome}");
        context.Out.WriteLine($"Message : {result.Message}");
        if (result.ServerResponse.Length > 0) context.Out.WriteLine($"Server  : {result.ServerResponse}");
        context.Out.WriteLine($"NextRun : {Iso(result.NextRun)}");
        if (result.WhatIf && result.DigestText.Length > 0)
        {
            context.Out.WriteLine();
            context.Out.WriteLine("Subject: " + result.DigestSubject);
            context.Out.Write(result.DigestText);
        }
    }

    internal static string Iso(DateTime? value) => value.HasValue ? ReferenceTime.ToUtc(value.Value).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";

    /// <summary>How this pkirev was started: the apphost itself, or "dotnet …/pkirev.dll" when run through the dotnet host.</summary>
    internal static string SelfCommand()
    {
        var process = Environment.ProcessPath ?? "pkirev";
        var host = Path.GetFileNameWithoutExtension(process);
        if (!string.Equals(host, "dotnet", StringComparison.OrdinalIgnoreCase)) return process; // the apphost, or a NativeAOT pkirev
        // Under the dotnet host pkirev.dll sits in the application folder (AppContext.BaseDirectory: no Assembly.Location,
        // which a single-file or NativeAOT build does not have).
        var assembly = Path.Combine(AppContext.BaseDirectory, typeof(MonitorCommand).Assembly.GetName().Name + ".dll");
        return File.Exists(assembly) ? $"{process} {assembly}" : process;
    }
}
