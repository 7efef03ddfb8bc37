using System;
using System.Linq;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace PkiRevocation.Monitoring
{
    /// <summary>
    /// SMTP with System.Net.Mail.SmtpClient: STARTTLS (EnableSsl on a plain port such as 25 or 587; the server certificate
    /// is validated by the platform), AUTH with the stored login, several recipients, a plain-text body with an HTML
    /// alternative. SmtpClient has no implicit TLS (port 465): <see cref="SmtpSecurity.Tls"/> is refused, never downgraded.
    /// </summary>
    public sealed class SmtpMailTransport : IMailTransport
    {
        public static readonly SmtpMailTransport Instance = new SmtpMailTransport();

        public async Task<MailDelivery> SendAsync(MonitorMail mail, CancellationToken cancellationToken)
        {
            if (mail == null) throw new ArgumentNullException(nameof(mail));
            var delivery = new MailDelivery { Recipients = mail.To.ToArray() };
            if (mail.Security == SmtpSecurity.Tls)
            {
                delivery.ServerResponse = "Implicit TLS (SmtpSecurity Tls, port 465) is not supported by System.Net.Mail; use StartTls on port 587.";
                return delivery;
            }

            if (mail.Credential != null && mail.Security != SmtpSecurity.StartTls)
            {
                delivery.ServerResponse = "Refusing to send the SMTP password without STARTTLS.";
                return delivery;
            }

            using (var client = new SmtpClient(mail.SmtpServer, mail.SmtpPort))
            using (var message = new MailMessage())
            {
                client.DeliveryMethod = SmtpDeliveryMethod.Network;
                client.EnableSsl = mail.Security == SmtpSecurity.StartTls;
                client.Timeout = (int)Math.Max(1000, Math.Min(int.MaxValue, mail.Timeout.TotalMilliseconds));
                client.UseDefaultCredentials = false;
                if (mail.Credential != null) client.Credentials = mail.Credential;

                message.From = new MailAddress(mail.From);
                foreach (var to in mail.To) message.To.Add(new MailAddress(to));
                message.Subject = mail.Subject;
                message.SubjectEncoding = Encoding.UTF8;
                message.Body = mail.TextBody;
                message.BodyEncoding = Encoding.UTF8;
                message.IsBodyHtml = false;
                if (!string.IsNullOrEmpty(mail.HtmlBody))
                    message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(mail.HtmlBody, Encoding.UTF8, MediaTypeNames.Text.Html));

                try
                {
                    using (cancellationToken.Register(client.SendAsyncCancel))
                        await client.SendMailAsync(message).ConfigureAwait(false);
                    delivery.Accepted = true;
                    delivery.StatusCode = "250";
                    delivery.ServerResponse = $"250 accepted by {mail.SmtpServer}:{mail.SmtpPort} for {string.Join(", ", mail.To)}";
                }
                catch (Exception ex) when (cancellationToken.IsCancellationRequested && !(ex is OperationCanceledException))
                {
                    throw new OperationCanceledException("The mail was cancelled.", ex, cancellationToken);
                }
                catch (SmtpException ex)
                {
                    delivery.Exception = ex;
                    var code = (int)ex.StatusCode;
                    delivery.StatusCode = code > 0 ? code.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
                    delivery.ServerResponse = Describe(ex, mail, delivery.StatusCode);
                }
                catch (InvalidOperationException ex)
                {
                    delivery.Exception = ex;
                    delivery.ServerResponse = Describe(ex, mail, "");
                }
            }

            return delivery;
        }

        private static string Describe(Exception ex, MonitorMail mail, string statusCode)
        {
            var text = new StringBuilder($"{mail.SmtpServer}:{mail.SmtpPort}: {(statusCode.Length > 0 ? statusCode + " " : "")}{ex.Message}");
            for (var inner = ex.InnerException; inner != null; inner = inner.InnerException)
                text.Append(" (").Append(inner.Message).Append(')');
            return text.ToString();
        }
    }
}
