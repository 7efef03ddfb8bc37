using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace PkiRevocation.Monitoring
{
    /// <summary>
    /// SMTP through MailKit: STARTTLS (required, never skipped, when <see cref="SmtpSecurity.StartTls"/>), implicit TLS
    /// (<see cref="SmtpSecurity.Tls"/>, port 465), plain only with <see cref="SmtpSecurity.None"/> and no login; AUTH with
    /// the login, or XOAUTH2 with an access token; SMTPUTF8 when the server offers it (UTF-8 local parts), IDN domains
    /// in their ASCII form otherwise. The delivery carries the server's own reply and, on a refusal, its status code.
    /// The server certificate is validated by the platform unless <see cref="ServerCertificateValidation"/> is set.
    /// </summary>
    public sealed class SmtpMailTransport : IMailTransport
    {
        public static readonly SmtpMailTransport Instance = new SmtpMailTransport();

        /// <summary>
        /// Replaces the platform's validation of the SMTP server's certificate for every send in this process (null: the
        /// platform decides, as for any TLS client). For tests against a server with a generated certificate, and for an
        /// admin's own pinning; MailKit does not consult ServicePointManager.
        /// </summary>
        public static RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }

        public async Task<MailDelivery> SendAsync(MonitorMail mail, CancellationToken cancellationToken)
        {
            if (mail == null) throw new ArgumentNullException(nameof(mail));
            var delivery = new MailDelivery { Recipients = mail.To.ToArray() };
            if ((mail.Credential != null || mail.AccessToken != null) && mail.Security == SmtpSecurity.None)
            {
                delivery.ServerResponse = "Refusing to send the SMTP login without TLS (SmtpSecurity StartTls or Tls).";
                return delivery;
            }

            MimeMessage message;
            try
            {
                message = MonitorMimeMessage.Build(mail, mail.Date ?? DateTimeOffset.UtcNow);
            }
            catch (ParseException ex)
            {
                delivery.Exception = ex;
                delivery.ServerResponse = $"An address is not valid ({ex.Message}): From '{mail.From}', To '{string.Join(", ", mail.To)}'.";
                return delivery;
            }

            using (var client = new SmtpClient())
            {
                client.Timeout = (int)Math.Max(1000, Math.Min(int.MaxValue, mail.Timeout.TotalMilliseconds));
                var validation = ServerCertificateValidation;
                if (validation != null) client.ServerCertificateValidationCallback = validation;
                try
                {
                    await client.ConnectAsync(mail.SmtpServer, mail.SmtpPort, Options(mail.Security), cancellationToken).ConfigureAwait(false);
                    if (mail.AccessToken != null)
                        await client.AuthenticateAsync(new SaslMechanismOAuth2(mail.AccessTokenUser, mail.AccessToken), cancellationToken).ConfigureAwait(false);
                    else if (mail.Credential != null)
                        await client.AuthenticateAsync(mail.Credential, cancellationToken).ConfigureAwait(false);
                    var reply = await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
                    delivery.Accepted = true;
                    delivery.StatusCode = "250";   // RFC 5321 §4.3.2: the one success reply to the end of DATA
                    delivery.ServerResponse = "250 " + reply;
                    delivery.MessageId = message.MessageId ?? "";
                    await client.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (SmtpCommandException ex)
                {
                    delivery.Exception = ex;
                    delivery.StatusCode = ((int)ex.StatusCode).ToString(CultureInfo.InvariantCulture);
                    delivery.ServerResponse = $"{mail.SmtpServer}:{mail.SmtpPort}: {delivery.StatusCode} {ex.Message}" + Recipient(ex);
                }
                catch (AuthenticationException ex)
                {
                    delivery.Exception = ex;
                    var code = (ex.InnerException as SmtpCommandException)?.StatusCode;
                    delivery.StatusCode = code.HasValue ? ((int)code.Value).ToString(CultureInfo.InvariantCulture) : "535";
                    delivery.ServerResponse = $"{mail.SmtpServer}:{mail.SmtpPort}: {delivery.StatusCode} authentication refused: {ex.Message}";
                }
                catch (Exception ex) when (ex is SmtpProtocolException || ex is SslHandshakeException || ex is SocketException || ex is IOException
                                           || ex is TimeoutException || ex is OperationCanceledException || ex is NotSupportedException
                                           || ex is ServiceNotConnectedException || ex is ServiceNotAuthenticatedException || ex is InvalidOperationException)
                {
                    delivery.Exception = ex;
                    delivery.ServerResponse = Describe(ex, mail);
                }
            }

            return delivery;
        }

        private static SecureSocketOptions Options(SmtpSecurity security) => security switch
        {
            SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
            SmtpSecurity.None => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTls,
        };

        private static string Recipient(SmtpCommandException ex) =>
            ex.ErrorCode == SmtpErrorCode.RecipientNotAccepted && ex.Mailbox != null ? $" (recipient {ex.Mailbox.Address})" :
            ex.ErrorCode == SmtpErrorCode.SenderNotAccepted && ex.Mailbox != null ? $" (sender {ex.Mailbox.Address})" : "";

        private static string Describe(Exception ex, MonitorMail mail)
        {
            var what = ex is OperationCanceledException || ex is TimeoutException ? $"no answer within {mail.Timeout.TotalSeconds:0} s" : ex.Message;
            var text = new StringBuilder($"{mail.SmtpServer}:{mail.SmtpPort}: {what}");
            for (var inner = ex.InnerException; inner != null; inner = inner.InnerException)
                text.Append(" (").Append(inner.Message).Append(')');
            return text.ToString();
        }
    }
}
