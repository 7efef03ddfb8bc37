namespace PkiRevocation.Sessions
{
    /// <summary>What a long-lived session connects to. Revocation applies to the kinds listed in <see cref="SessionCheckSettings.Kinds"/>.</summary>
    public enum SessionKind
    {
        /// <summary>CTI connections with JTAPI/TAPI applications.</summary>
        Cti,
        /// <summary>LDAP connections to directory servers (ldap:// with StartTLS, or ldaps://).</summary>
        Ldap,
        /// <summary>IPsec connections (the peer certificate is usually pinned).</summary>
        IPsec,
        /// <summary>Any other TLS service.</summary>
        Other,
    }
}
