namespace PkiRevocation.Monitoring
{
    /// <summary>How the SMTP connection is protected.</summary>
    public enum SmtpSecurity
    {
        /// <summary>Plain SMTP (only sensible on a trusted relay; credentials would travel in the clear, so AUTH is refused).</summary>
        None,

        /// <summary>STARTTLS on a plain port (25 or 587): the connection is upgraded before AUTH and before any message data.</summary>
        StartTls,

        /// <summary>Implicit TLS from the first byte (port 465, "SMTPS", RFC 8314 §3.3): nothing crosses the network before the handshake.</summary>
        Tls,
    }
}
