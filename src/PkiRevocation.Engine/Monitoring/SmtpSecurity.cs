namespace PkiRevocation.Monitoring
{
    /// <summary>How the SMTP connection is protected.</summary>
    public enum SmtpSecurity
    {
        /// <summary>Plain SMTP (only sensible on a trusted relay; credentials would travel in the clear, so AUTH is refused).</summary>
        None,

        /// <summary>STARTTLS on a plain port (25 or 587): the connection is upgraded before AUTH and before any message data.</summary>
        StartTls,

        /// <summary>
        /// Implicit TLS from the first byte (port 465, "SMTPS"). System.Net.Mail.SmtpClient cannot do this, and MailKit is not
        /// available to this project, so settings with Tls are refused with a clear message: use StartTls on port 587.
        /// </summary>
        Tls,
    }
}
