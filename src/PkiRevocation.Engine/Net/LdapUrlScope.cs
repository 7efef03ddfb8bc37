namespace PkiRevocation.Net
{
    /// <summary>How far below the URL's DN an LDAP search looks (RFC 4516 scope).</summary>
    internal enum LdapUrlScope
    {
        Base,
        OneLevel,
        Subtree,
    }
}
