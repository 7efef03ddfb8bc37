using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;

namespace PkiRevocation.Monitoring
{
    /// <summary>
    /// Delivers the digest of a run through every enabled channel: e-mail (through the <see cref="IMailTransport"/>), the
    /// webhook, the event log. The digest counts as sent only when the primary channel accepted it: the SMTP server when
    /// e-mail is enabled, otherwise the webhook, otherwise the event log.
    /// </summary>
    internal sealed class MonitorDelivery
    {
        private readonly EngineEnvironment _environment;
        private readonly MonitorFiles _files;

        public MonitorDelivery(EngineEnvironment environment, MonitorFiles files)
        {
            _environment = environment;
            _files = files;
        }

        /// <summary>Sent when the primary channel accepted the digest; result.Channels names every channel that did.</summary>
        public MonitorRunOutcome Deliver(IMailTransport mail, MonitorSettings settings, ConfigurationScope scope, NetworkCredential? suppliedCredential,
            SmtpAccessToken? accessToken, List<MonitoredCertificate> due, MonitorDigest digest, MonitorRunResult result, List<InputFailure> failures, CancellationToken cancellationToken)
        {
            var channels = EnabledChannels(settings).ToList();
            if (channels.Count == 0)
            {
                result.Message = $"{due.Count} notice(s) are due but no channel is enabled (EnableEmail, WebhookUri, EventLog); they stay pending.";
                failures.Add(new InputFailure(_files.SettingsPath(scope), ErrorIds.MonitorNoChannel, FailureKind.InvalidConfiguration, result.Message));
                return MonitorRunOutcome.NoChannel;
            }

            var delivered = new List<string>();
            bool primaryAccepted;
            if (settings.EnableEmail)
            {
                InputFailure? credentialFailure = null;
                var credential = accessToken != null ? null : MonitorCredentials.Resolve(_files, settings, scope, suppliedCredential, out credentialFailure);
                if (credentialFailure != null)
                {
                    failures.Add(credentialFailure);
                    result.Message = credentialFailure.Message + $" Nothing was sent; {due.Count} notice(s) stay pending.";
                    return MonitorRunOutcome.ConfigurationInvalid;
                }

                var delivery = mail.SendAsync(NewMail(settings, credential, accessToken, digest.Subject, digest.Text, digest.Html), cancellationToken).GetAwaiter().GetResult();
                result.ServerResponse = delivery.ServerResponse;
                primaryAccepted = delivery.Accepted;
                if (delivery.Accepted) delivered.Add("Email");
                else failures.Add(new InputFailure($"{settings.SmtpServer}:{settings.SmtpPort}", ErrorIds.SmtpSendFailed, FailureKind.ConnectionFailed,
                    $"The SMTP server did not accept the digest: {delivery.ServerResponse}. {due.Count} notice(s) stay pending.", delivery.Exception));
            }
            else primaryAccepted = false;

            if (!string.IsNullOrEmpty(settings.WebhookUri))
            {
                var (ok, response) = WebhookChannel.PostAsync(_environment.HttpHandlerFactory, new Uri(settings.WebhookUri), digest.Subject, digest.Text, cancellationToken).GetAwaiter().GetResult();
                if (ok) delivered.Add("Webhook");
                else failures.Add(new InputFailure(settings.Webhook, ErrorIds.WebhookFailed, FailureKind.ConnectionFailed, $"The webhook did not accept the digest: {response}"));
                if (!settings.EnableEmail) result.ServerResponse = response;
            }

            if (settings.EventLog)
            {
                if (EventLogChannel.WriteDigest(due, digest.Subject, out var message)) delivered.Add("EventLog");
                else failures.Add(new InputFailure(EventLogChannel.LogName, ErrorIds.EventLogFailed, FailureKind.NotSupported, message));
            }

            result.Channels = delivered.ToArray();
            if (!settings.EnableEmail) primaryAccepted = delivered.Count > 0;
            if (primaryAccepted) return MonitorRunOutcome.Sent;
            result.Message = $"The digest with {due.Count} notice(s) was not delivered ({failures.LastOrDefault()?.Message ?? "no channel accepted it"}); the notices stay pending for the next run.";
            return MonitorRunOutcome.SendFailed;
        }

        public static IEnumerable<string> EnabledChannels(MonitorSettings settings)
        {
            if (settings.EnableEmail) yield return "Email";
            if (!string.IsNullOrEmpty(settings.Webhook)) yield return "Webhook";
            if (settings.EventLog) yield return "EventLog";
        }

        public static MonitorMail NewMail(MonitorSettings settings, NetworkCredential? credential, SmtpAccessToken? accessToken, string subject, string text, string html) => new MonitorMail
        {
            SmtpServer = settings.SmtpServer,
            SmtpPort = settings.SmtpPort,
            Security = settings.SmtpSecurity,
            Credential = accessToken == null ? credential : null,
            AccessToken = accessToken?.Token,
            AccessTokenUser = accessToken == null ? "" : accessToken.UserName.Length > 0 ? accessToken.UserName : settings.From,
            From = settings.From,
            To = settings.EmailTo.ToArray(),
            Subject = subject,
            TextBody = text,
            HtmlBody = html,
        };
    }
}
