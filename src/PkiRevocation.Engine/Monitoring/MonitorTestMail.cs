using System;
using System.Linq;
using System.Net;
using System.Threading;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;

namespace PkiRevocation.Monitoring
{
    /// <summary>
    /// Send-CertificateMonitorTestMail / pkirev monitor test-mail: one short message with the scope's mail settings, so an
    /// admin sees the server's answer before the first digest is due. Settings that cannot send (no recipient, no sender,
    /// no server) fail before anything connects.
    /// </summary>
    internal static class MonitorTestMail
    {
        public static Outcome<MailDelivery> Send(MonitorFiles files, MonitorSettingsStore settingsStore, IMailTransport mail, string hostName, DateTime at,
            ConfigurationScope scope, NetworkCredential? credential, SmtpAccessToken? accessToken, CancellationToken cancellationToken)
        {
            MonitorSettings settings;
            try
            {
                settings = settingsStore.Get(scope);
            }
            catch (ConfigurationCorruptException ex)
            {
                return new InputFailure(ex.Path, ErrorIds.ConfigurationCorrupt, FailureKind.InvalidConfiguration, ex.Message, ex);
            }

            var errors = MonitorSettingsValidator.Validate(settings).ToList();
            if (settings.EmailTo.Length == 0) errors.Add("EmailTo names no recipient.");
            if (string.IsNullOrWhiteSpace(settings.From)) errors.Add("From is empty.");
            if (string.IsNullOrWhiteSpace(settings.SmtpServer)) errors.Add("SmtpServer is empty.");
            if (errors.Count > 0)
                return new InputFailure(files.SettingsPath(scope), ErrorIds.MonitorSettingsInvalid, FailureKind.InvalidConfiguration, "Cannot send a test mail: " + string.Join(" ", errors.Distinct()));

            InputFailure? failure = null;
            var login = accessToken != null ? null : MonitorCredentials.Resolve(files, settings, scope, credential, out failure);
            if (failure != null) return failure;
            var text = $"This is a test message from the PkiRevocation certificate monitor on {hostName} at {MonitorDigest.Iso(at)}.{Environment.NewLine}" +
                       $"Server {settings.SmtpServer}:{settings.SmtpPort} ({settings.SmtpSecurity}), recipients {string.Join(", ", settings.EmailTo)}.{Environment.NewLine}";
            var html = "<html><body><p>" + WebUtility.HtmlEncode(text).Replace(Environment.NewLine, "<br/>") + "</p></body></html>";
            var delivery = mail.SendAsync(MonitorDelivery.NewMail(settings, login, accessToken, $"[PkiRevocation] Test message from {hostName}", text, html), cancellationToken).GetAwaiter().GetResult();
            if (delivery.Accepted) return Outcome<MailDelivery>.Success(delivery);
            return new InputFailure($"{settings.SmtpServer}:{settings.SmtpPort}", ErrorIds.SmtpSendFailed, FailureKind.ConnectionFailed,
                $"The SMTP server did not accept the test mail: {delivery.ServerResponse}", delivery.Exception, delivery);
        }
    }
}
