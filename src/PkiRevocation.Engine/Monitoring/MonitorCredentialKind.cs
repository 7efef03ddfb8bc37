namespace PkiRevocation.Monitoring
{
    /// <summary>Where the SMTP password lives. The settings file only ever holds a reference, never the password.</summary>
    public enum MonitorCredentialKind
    {
        /// <summary>No SMTP authentication.</summary>
        None,

        /// <summary>
        /// A credential file beside the settings (monitor.credential): on Windows the password is encrypted with DPAPI
        /// (CurrentUser scope: the user's key; AllUsers scope: the machine key); elsewhere the file is created owner-only (mode 0600).
        /// </summary>
        ProtectedFile,

        /// <summary>A SecretManagement secret, by name: PowerShell resolves it (Get-Secret) when the monitor runs; pkirev cannot.</summary>
        SecretManagement,
    }
}
