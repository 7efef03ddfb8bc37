using System.CommandLine;
using PkiRevocation.Configuration;
using PkiRevocation.Monitoring;
using static PkiRevocation.Cli.Commands.MonitorCli;

namespace PkiRevocation.Cli.Commands;

/// <summary>pkirev monitor set: see MonitorCommand.</summary>
public static class MonitorSetCommand
{
    public static Command Create(CliContext context)
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
        var smtpSecurity = new Option<SmtpSecurity?>("--smtp-security") { Description = "None, StartTls (STARTTLS required, ports 25 or 587) or Tls (implicit TLS, port 465)." };
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
            if (!DurationText.TryOption(parseResult.GetValue(frequency), "--notification-frequency", MonitorSettingsValidator.MaximumFrequency, context, out var parsedFrequency))
                return ExitCodes.BadInput;

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
}
