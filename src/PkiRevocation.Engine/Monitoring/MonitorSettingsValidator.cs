using System;
using System.Collections.Generic;
using System.Linq;
using MimeKit;
using System.Runtime.InteropServices;

namespace PkiRevocation.Monitoring
{
    /// <summary>Checks monitor settings as a whole. Each problem is one sentence naming the setting and the value.</summary>
    public static class MonitorSettingsValidator
    {
        public static readonly TimeSpan MinimumFrequency = TimeSpan.FromMinutes(1);
        public static readonly TimeSpan MaximumFrequency = TimeSpan.FromDays(365);

        /// <summary>Splits "a@x;b@y" (and ',') into trimmed addresses, dropping empty parts.</summary>
        public static string[] SplitAddresses(IEnumerable<string>? values) =>
            (values ?? Array.Empty<string>())
                .Where(v => v != null)
                .SelectMany(v => v.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries))
                .Select(v => v.Trim())
                .Where(v => v.Length > 0)
                .ToArray();

        /// <summary>
        /// True for a bare address such as admin@example.com or jörg@bücher.example (no display name, no angle brackets),
        /// as MimeKit parses it for sending.
        /// </summary>
        public static bool IsMailAddress(string? value, out string? error)
        {
            error = null;
            var text = (value ?? "").Trim();
            if (MailboxAddress.TryParse(ParserOptions.Default, text, out var address) && string.IsNullOrEmpty(address.Name) && address.Route.Count == 0
                && address.Address == text && text.IndexOf('@') > 0 && text.IndexOf(' ') < 0 && text.IndexOf('<') < 0)
                return true;

            error = $"'{value}' is not an e-mail address (write user@example.com)";
            return false;
        }

        public static IReadOnlyList<string> Validate(MonitorSettings settings)
        {
            var errors = new List<string>();
            if (settings.NotificationStartDays < 1 || settings.NotificationStartDays > 3650)
                errors.Add($"NotificationStartDays {settings.NotificationStartDays} is out of range: use 1 to 3650 days.");
            if (settings.NotificationFrequency < MinimumFrequency || settings.NotificationFrequency > MaximumFrequency)
                errors.Add($"NotificationFrequency {settings.NotificationFrequency} is out of range: use 00:01:00 (one minute) to 365.00:00:00.");

            foreach (var address in settings.EmailTo ?? Array.Empty<string>())
                if (!IsMailAddress(address, out var error)) errors.Add("EmailTo: " + error + ".");
            if (!string.IsNullOrEmpty(settings.From) && !IsMailAddress(settings.From, out var fromError))
                errors.Add("From: " + fromError + ".");

            if (settings.SmtpPort < 1 || settings.SmtpPort > 65535)
                errors.Add($"SmtpPort {settings.SmtpPort} is out of range: use 1 to 65535.");
            if (!string.IsNullOrEmpty(settings.SmtpServer) && Uri.CheckHostName(settings.SmtpServer.Trim()) == UriHostNameType.Unknown)
                errors.Add($"SmtpServer '{settings.SmtpServer}' is not a host name or IP address.");
            if (!Enum.IsDefined(typeof(SmtpSecurity), settings.SmtpSecurity))
                errors.Add($"SmtpSecurity '{settings.SmtpSecurity}' is not None, StartTls or Tls.");

            if (settings.EnableEmail)
            {
                if ((settings.EmailTo ?? Array.Empty<string>()).Length == 0) errors.Add("EnableEmail is set but EmailTo names no recipient.");
                if (string.IsNullOrWhiteSpace(settings.From)) errors.Add("EnableEmail is set but From is empty.");
                if (string.IsNullOrWhiteSpace(settings.SmtpServer)) errors.Add("EnableEmail is set but SmtpServer is empty.");
            }

            var credential = settings.Credential;
            if (credential != null && credential.Kind != MonitorCredentialKind.None)
            {
                if (string.IsNullOrWhiteSpace(credential.UserName)) errors.Add("The SMTP credential has no user name.");
                if (credential.Kind == MonitorCredentialKind.SecretManagement && string.IsNullOrWhiteSpace(credential.SecretName))
                    errors.Add("The SMTP credential refers to SecretManagement but names no secret.");
                if (settings.SmtpSecurity == SmtpSecurity.None)
                    errors.Add("An SMTP credential needs SmtpSecurity StartTls or Tls: the password would otherwise cross the network in the clear.");
            }

            ValidateSources("Source", settings.Sources, errors);
            ValidateSources("LocallyIssuedSource", settings.LocallyIssuedSources, errors);
            foreach (var issuer in settings.LocallyIssuedIssuers ?? Array.Empty<string>())
                if (string.IsNullOrWhiteSpace(issuer)) errors.Add("LocallyIssuedIssuers holds an empty issuer name.");
            if (settings.IncludeLocallyIssued && (settings.LocallyIssuedIssuers ?? Array.Empty<string>()).Length == 0 && (settings.LocallyIssuedSources ?? Array.Empty<string>()).Length == 0)
                errors.Add("IncludeLocallyIssued is set but neither LocallyIssuedIssuers nor LocallyIssuedSources says which certificates are locally issued.");

            if (!string.IsNullOrEmpty(settings.WebhookUri))
            {
                if (!Uri.TryCreate(settings.WebhookUri, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                    errors.Add($"WebhookUri '{settings.WebhookUri}' is not an absolute http(s) URL.");
            }

            if (settings.EventLog && !RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                errors.Add("EventLog is only available on Windows; use the webhook or e-mail here.");

            if (settings.RemoveExpired)
            {
                if (string.IsNullOrWhiteSpace(settings.BackupFolder)) errors.Add("RemoveExpired needs a BackupFolder: expired certificates are exported there before removal.");
                else if (!System.IO.Path.IsPathRooted(settings.BackupFolder)) errors.Add($"BackupFolder '{settings.BackupFolder}' must be a full path.");
            }

            return errors;
        }

        private static void ValidateSources(string name, string[]? sources, List<string> errors)
        {
            foreach (var source in sources ?? Array.Empty<string>())
                if (!MonitorSource.TryParse(source, out _, out var error)) errors.Add($"{name}: {error}.");
        }
    }
}
