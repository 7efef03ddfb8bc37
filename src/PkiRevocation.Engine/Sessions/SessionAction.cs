namespace PkiRevocation.Sessions
{
    /// <summary>
    /// What to do with the session. Terminate: the peer certificate is revoked, expired or not yet valid, so the
    /// session must not go on. Renegotiate: no trustworthy answer (indeterminate), or the certificate expires within
    /// the expiring window: re-establish the session so the peer presents a current certificate. None: nothing to do.
    /// </summary>
    public enum SessionAction
    {
        None,
        Renegotiate,
        Terminate,
    }
}
