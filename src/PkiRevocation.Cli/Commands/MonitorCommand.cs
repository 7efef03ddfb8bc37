using System.CommandLine;
using System.Globalization;
using System.Net;
using PkiRevocation.Cli.Output;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;
using PkiRevocation.Monitoring;

namespace PkiRevocation.Cli.Commands;

/// <summary>pkirev monitor set|show|run|test-mail|restart|schedule: the certificate monitor cmdlets for hosts without PowerShell.</summary>
public static class MonitorCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("monitor", "The certificate monitor: expiry notices by mail, webhook and event log on a 24 h / 1 h cadence.");
        command.Subcommands.Add(Set(context));
        command.Subcommands.Add(Show(context));
        command.Subcommands.Add(Run(context));
        command.Subcommands.Add(TestMail(context));
        command.Subcommands.Add(Restart(context));
        command.Subcommands.Add(Schedule(context));
        return command;
    }

    private static Option<ConfigurationScope?> ScopeOption(string description) => new("--scope") { Description = description };

    private static Command Set(CliContext context)
    {
        var scope = new Option<ConfigurationScope>("--scope") { Description = "Which settings file: CurrentUser (default) or AllUsers.", DefaultValueFactory = _ => ConfigurationScope.CurrentUser };
        var enabled = new Option<bool?>("--enabled") { Description = "true or false: scheduled runs do nothing while false." };
        var startDays = new Option<int?>("--notification-start-days") { Description = "Days before notAfter when notices begin (1-3650)." };
        var frequency = new Option<string?>("--notification-frequency") { Description = "Least time between two notices for one certificate: 1.00:00:00, 24h, 7d, 30m." };
        var enableEmail = new Option<bool?>("--enable-email") { Description = "true or false: send the digest by e-mail." };
        var emailTo = new Option<string[]>("--email-to") { Description = "Recipients; 'a@x;b@y' is split. Repeatable; replaces the list.", Arity = ArgumentArity.ZeroOrMore };
        var from = new Option<string?>("--from") { Description = "The sender address." };
        var smtpServer = new Option<string?>("--smtp-server") { Description = "The SMTP server host name or address." };
        var smtpPort = new Option<int?>("--smtp-port") { Description = "The SMTP port (25 or 587 with STARTTLS)." };
        var smtpSecurity = new Option<SmtpSecurity?>("--smtp-security") { Description = "None or StartTls (Tls, implicit TLS on 465, is not supported by System.Net.Mail and is refused)." };
        var user = new Option<string?>("--user") { Description = "SMTP login name; the password comes from --password-env and is stored protected (owner-only file; DPAPI on Windows)." };
        var passwordEnv = new Option<string?>("--password-env") { Description = "Name of an environment variable holding the SMTP password (never on the command line)." };
        var secretName = new Option<string?>("--credential-secret-name") { Description = "A SecretManagement secret holding the password (read by PowerShell runs only), with --user." };
        var vault = new Option<string?>("--credential-vault") { Description = "The SecretManagement vault of --credential-secret-name." };
        var clearCredential = new Option<bool>("--clear-credential") { Description = "Forget the stored SMTP login." };
        var source = new Option<string[]>("--source") { Description = "What to watch: a file or folder, store://Location/Name, tls://host:port[?starttls=ldap|smtp]. Repeatable; replaces the list.", Arity = ArgumentArity.ZeroOrMore };
        var includeLsc = new Option<bool?>("--include-locally-issued") { Description = "true or false: include locally issued certificates." };
        var lscIssuer = new Option<string[]>("--locally-issued-issuer") { Description = "An issuer DN that marks locally issued certificates. Repeatable.", Arity = ArgumentArity.ZeroOrMore };
        var lscSource = new Option<string[]>("--locally-issued-source") { Description = "Where locally issued certificates live (same forms as --source). Repeatable.", Arity = ArgumentArity.ZeroOrMore };
        var webhook = new Option<string?>("--webhook-uri") { Description = "An incoming webhook (Teams, Slack) that receives {\"text\": …}; '' removes it." };
        var eventLog = new Option<bool?>("--event-log") { Description = "true or false: write Application event log entries (Windows only)." };
        var removeExpired = new Option<bool?>("--remove-expired") { Description = "true or false: back up then remove expired certificates from monitored stores." };
        var backupFolder = new Option<string?>("--backup-folder") { Description = "Where removed certificates are exported first." };
        var restart = new Option<bool>("--restart") { Description = "Apply the restart rule: the next run is due 24 hours from now." };
        var json = CommonOptions.Json();
        var command = new Command("set", "Change the monitor settings (validated as a whole; nothing is saved on invalid input).")
        {
            scope, enabled, startDays, frequency, enableEmail, emailTo, from, smtpServer, smtpPort, smtpSecurity, user, passwordEnv, secretName, vault, clearCredential,
            source, includeLsc, lscIssuer, lscSource, webhook, eventLog, removeExpired, backupFolder, restart, json,
        };
        command.SetAction(parseResult =>
        {
            TimeSpan? parsedFrequency = null;
            var frequencyText = parseResult.GetValue(frequency);
            if (frequencyText != null)
            {
                if (!DurationText.TryParse(frequencyText, out var value))
                {
                    context.WriteError(ErrorIds.InvalidArgument, $"--notification-frequency '{frequencyText}' is not a duration (1.00:00:00, 24h, 7d, 30m).");
                    return ExitCodes.BadInput;
                }

                parsedFrequency = value;
            }

            var change = new MonitorSettingsChange
            {
                Scope = parseResult.GetValue(scope),
                Enabled = parseResult.GetValue(enabled),
                NotificationStartDays = parseResult.GetValue(startDays),
                NotificationFrequency = parsedFrequency,
                EnableEmail = parseResult.GetValue(enableEmail),
                EmailTo = Many(parseResult, emailTo),
                From = parseResult.GetValue(from),
                SmtpServer = parseResult.GetValue(smtpServer),
                SmtpPort = parseResult.GetValue(smtpPort),
                SmtpSecurity = parseResult.GetValue(smtpSecurity),
                ClearCredential = parseResult.GetValue(clearCredential),
                Sources = Sources(Many(parseResult, source)),
                IncludeLocallyIssued = parseResult.GetValue(includeLsc),
                LocallyIssuedIssuers = Many(parseResult, lscIssuer),
                LocallyIssuedSources = Sources(Many(parseResult, lscSource)),
                WebhookUri = parseResult.GetValue(webhook),
                EventLog = parseResult.GetValue(eventLog),
                RemoveExpired = parseResult.GetValue(removeExpired),
                BackupFolder = parseResult.GetValue(backupFolder) is { Length: > 0 } folder ? Path.GetFullPath(folder) : parseResult.GetValue(backupFolder),
                Restart = parseResult.GetValue(restart),
            };

            var userName = parseResult.GetValue(user);
            var secret = parseResult.GetValue(secretName);
            if (secret != null)
            {
                change.CredentialSecretName = secret;
                change.CredentialUserName = userName;
                change.CredentialVault = parseResult.GetValue(vault);
            }
            else if (userName != null)
            {
                var credential = CredentialFromEnvironment(userName, parseResult.GetValue(passwordEnv), context);
                if (credential == null) return ExitCodes.BadInput;
                change.Credential = credential;
            }

            var outcome = context.EngineFactory().Monitor.Set(change);
            if (outcome.IsFailure)
            {
                context.WriteFailure(outcome.Failure!);
                return ExitCodes.BadInput;
            }

            WriteStatus(context, outcome.Result!, parseResult.GetValue(json));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var scope = ScopeOption("Which settings: CurrentUser or AllUsers (default: CurrentUser when it has settings, otherwise AllUsers).");
        var json = CommonOptions.Json();
        var command = new Command("show", "Show the monitor settings (never the secret), the last run and the next due run.") { scope, json };
        command.SetAction(parseResult =>
        {
            WriteStatus(context, context.EngineFactory().Monitor.GetStatus(parseResult.GetValue(scope)), parseResult.GetValue(json));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Run(CliContext context)
    {
        var scope = ScopeOption("Which settings: CurrentUser or AllUsers (default: CurrentUser when it has settings, otherwise AllUsers).");
        var whatIf = new Option<bool>("--what-if") { Description = "Show the digest that would be sent; send nothing, change no state." };
        var force = new Option<bool>("--force") { Description = "Run now even when the next scheduled run is not due (the per-certificate frequency still applies)." };
        var at = CommonOptions.At();
        var json = CommonOptions.Json();
        var command = new Command("run", "One monitor pass (what cron or the timer runs hourly; returns at once when not due). Exit 1 when certificates need attention, 2 on any failure.")
        {
            scope, whatIf, force, at, json,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            if (!CommonOptions.TryGetAt(parseResult, at, context, out var reference)) return Task.FromResult(ExitCodes.BadInput);
            var request = new MonitorRunRequest { Scope = parseResult.GetValue(scope), At = reference, WhatIf = parseResult.GetValue(whatIf), Force = parseResult.GetValue(force) };
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

    private static Command TestMail(CliContext context)
    {
        var scope = ScopeOption("Which settings: CurrentUser or AllUsers.");
        var json = CommonOptions.Json();
        var command = new Command("test-mail", "Send a test message with the monitor's mail settings.") { scope, json };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var outcome = context.EngineFactory().Monitor.SendTestMail(parseResult.GetValue(scope), null, cancellationToken);
            if (outcome.IsFailure)
            {
                context.WriteFailure(outcome.Failure!);
                return Task.FromResult(ExitCodes.BadInput);
            }

            if (parseResult.GetValue(json)) JsonLines.Write(context.Out, outcome.Result!);
            else context.Out.WriteLine(outcome.Result!.ServerResponse);
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static Command Restart(CliContext context)
    {
        var scope = ScopeOption("Which settings: CurrentUser or AllUsers.");
        var at = CommonOptions.At();
        var json = CommonOptions.Json();
        var command = new Command("restart", "The restart rule: the next run is due 24 hours from now.") { scope, at, json };
        command.SetAction(parseResult =>
        {
            if (!CommonOptions.TryGetAt(parseResult, at, context, out var reference)) return ExitCodes.BadInput;
            WriteStatus(context, context.EngineFactory().Monitor.Restart(parseResult.GetValue(scope), reference), parseResult.GetValue(json));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Schedule(CliContext context)
    {
        var scope = ScopeOption("The settings scope the scheduled runs read.");
        var pkirev = new Option<string>("--pkirev-path") { Description = "The pkirev executable cron and systemd run.", DefaultValueFactory = _ => SelfCommand() };
        var json = CommonOptions.Json();
        var command = new Command("schedule", "Print the hourly cron line and systemd units (and the Windows task XML) that run the monitor.") { scope, pkirev, json };
        command.SetAction(parseResult =>
        {
            var engine = context.EngineFactory();
            var definition = MonitorSchedule.Define(new MonitorTaskRequest { Scope = parseResult.GetValue(scope), PkirevPath = parseResult.GetValue(pkirev)! }, engine.Environment);
            if (parseResult.GetValue(json))
            {
                JsonLines.Write(context.Out, definition);
                return ExitCodes.Success;
            }

            context.Out.WriteLine("# crontab -e");
            context.Out.WriteLine(definition.CronLinePkirev);
            context.Out.WriteLine();
            context.Out.WriteLine("# ~/.config/systemd/user/pkirevocation-monitor.service");
            context.Out.Write(definition.SystemdService);
            context.Out.WriteLine();
            context.Out.WriteLine("# ~/.config/systemd/user/pkirevocation-monitor.timer  (then: systemctl --user enable --now pkirevocation-monitor.timer)");
            context.Out.Write(definition.SystemdTimer);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string[]? Many(ParseResult parseResult, Option<string[]> option) =>
        parseResult.GetResult(option) == null ? null : parseResult.GetValue(option) ?? [];

    private static string[]? Sources(string[]? sources) =>
        sources?.Select(s => s.Contains("://", StringComparison.Ordinal) || s.Length == 0 ? s : Path.GetFullPath(s)).ToArray();

    private static NetworkCredential? CredentialFromEnvironment(string userName, string? variable, CliContext context)
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

    private static void WriteStatus(CliContext context, MonitorStatus status, bool json)
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

    private static void WriteRun(CliContext context, MonitorRunResult result)
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

    private static string Iso(DateTime? value) => value.HasValue ? ReferenceTime.ToUtc(value.Value).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";

    /// <summary>How this pkirev was started: the apphost itself, or "dotnet …/pkirev.dll" when run through the dotnet host.</summary>
    internal static string SelfCommand()
    {
        var process = Environment.ProcessPath ?? "pkirev";
        var host = Path.GetFileNameWithoutExtension(process);
        var assembly = typeof(MonitorCommand).Assembly.Location;
        return string.Equals(host, "dotnet", StringComparison.OrdinalIgnoreCase) && assembly.Length > 0 ? $"{process} {assembly}" : process;
    }
}
