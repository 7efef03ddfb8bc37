namespace PkiRevocation.Net
{
    /// <summary>How a server is asked to switch to TLS on a plain connection.</summary>
    public enum StartTlsProtocol
    {
        /// <summary>TLS from the first byte (https, ldaps, smtps …).</summary>
        None,
        /// <summary>LDAP StartTLS extended operation 1.3.6.1.4.1.1466.20037 (RFC 4511 4.14), usually on 389.</summary>
        Ldap,
        /// <summary>SMTP EHLO then STARTTLS (RFC 3207), usually on 25 or 587.</summary>
        Smtp,
    }
}
