namespace PkiRevocation.Monitoring
{
    /// <summary>What the settings file says about the SMTP credential: the user name and where the secret is — never the secret.</summary>
    public sealed class MonitorCredentialReference
    {
        public MonitorCredentialKind Kind { get; set; }

        public string UserName { get; set; } = "";

        /// <summary>The SecretManagement secret name (Kind SecretManagement).</summary>
        public string SecretName { get; set; } = "";

        /// <summary>The SecretManagement vault, or empty for the default vault.</summary>
        public string Vault { get; set; } = "";

        public override string ToString() => Kind switch
        {
            MonitorCredentialKind.ProtectedFile => $"{UserName} (protected file)",
            MonitorCredentialKind.SecretManagement => $"{UserName} (secret '{SecretName}'{(string.IsNullOrEmpty(Vault) ? "" : " in vault '" + Vault + "'")})",
            _ => "(none)",
        };
    }
}
