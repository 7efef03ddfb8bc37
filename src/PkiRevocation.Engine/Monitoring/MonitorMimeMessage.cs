using System;
using MimeKit;
using MimeKit.Utils;

namespace PkiRevocation.Monitoring
{
    /// <summary>
    /// The MIME message of one <see cref="MonitorMail"/>: From, To, a UTF-8 Subject, Date, a Message-ID in the sender's
    /// domain, and the bodies the digest gave as multipart/alternative (text/plain first, then text/html; text only when
    /// there is no HTML). The bodies are sent as given: what they say is the digest's business, not the transport's.
    /// </summary>
    internal static class MonitorMimeMessage
    {
        public static MimeMessage Build(MonitorMail mail, DateTimeOffset date)
        {
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse(mail.From));
            foreach (var to in mail.To) message.To.Add(MailboxAddress.Parse(to));
            message.Subject = mail.Subject;
            message.Date = date;
            message.MessageId = MimeUtils.GenerateMessageId(Domain(mail.From));
            var body = new BodyBuilder { TextBody = mail.TextBody };
            if (!string.IsNullOrEmpty(mail.HtmlBody)) body.HtmlBody = mail.HtmlBody;
            message.Body = body.ToMessageBody();
            return message;
        }

        /// <summary>The sender's domain (for the Message-ID), in its ASCII (IDNA) form; "localhost" when it has none.</summary>
        private static string Domain(string address)
        {
            var at = address.LastIndexOf('@');
            var domain = at >= 0 ? address.Substring(at + 1).Trim().TrimEnd('>') : "";
            if (domain.Length == 0) return "localhost";
            try { return new System.Globalization.IdnMapping().GetAscii(domain); }
            catch (ArgumentException) { return "localhost"; }
        }
    }
}
