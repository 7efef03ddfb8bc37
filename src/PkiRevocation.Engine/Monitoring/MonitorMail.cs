using System;
using System.Net;

namespace PkiRevocation.Monitoring
{
    /// <summary>One message to send through an <see cref="IMailTransport"/>: where, as whom, to whom, and both bodies.</summary>
    public sealed class MonitorMail
    {
        public string SmtpServer { get; set; } = "";
        public int SmtpPort { get; set; } = 25;
        public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

        /// <summary>The SMTP login, or null for none.</summary>
        public NetworkCredential? Credential { get; set; }

        public string From { get; set; } = "";
        public string[] To { get; set; } = Array.Empty<string>();
        public string Subject { get; set; } = "";
        public string TextBody { get; set; } = "";

        /// <summary>The HTML alternative (multipart/alternative); empty for text only.</summary>
        public string HtmlBody { get; set; } = "";

        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>An OAuth 2.0 access token for XOAUTH2 (Exchange Online, Gmail) instead of <see cref="Credential"/>; never stored by the engine.</summary>
        public string? AccessToken { get; set; }

        /// <summary>The mailbox the access token was issued for (the XOAUTH2 user).</summary>
        public string AccessTokenUser { get; set; } = "";

        /// <summary>The Date header (the run's reference time); null for the time of sending.</summary>
        public DateTimeOffset? Date { get; set; }
    }
}
