using System;
using System.Linq;
using System.Management.Automation;
using System.Net;

namespace PkiRevocation.PowerShell
{
    /// <summary>Binding helpers shared by the monitor cmdlets: PowerShell paths to file-system paths, secrets by name.</summary>
    internal static class MonitorParameters
    {
        /// <summary>Monitor sources: store:// and tls:// (any "scheme://") stay as they are; paths become full file-system paths.</summary>
        public static string[]? Sources(PSCmdlet cmdlet, string[]? sources) =>
            sources?.Select(s => s == null || s.IndexOf("://", StringComparison.Ordinal) > 1 ? s! : FullPath(cmdlet, s)!).ToArray();

        public static string? FullPath(PSCmdlet cmdlet, string? path) =>
            string.IsNullOrWhiteSpace(path) ? path : cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

        /// <summary>-AccessToken (a SecureString, e.g. from Get-Secret) with -AccessTokenUser as the engine's XOAUTH2 token; null without one.</summary>
        public static Monitoring.SmtpAccessToken? AccessToken(System.Security.SecureString? token, string? userName) =>
            token == null || token.Length == 0 ? null : new Monitoring.SmtpAccessToken(userName ?? "", new NetworkCredential("", token).Password);

        /// <summary>Reads a SecretManagement secret (Get-Secret) as the SMTP password of <paramref name="userName"/>.</summary>
        public static NetworkCredential? FromSecretManagement(PSCmdlet cmdlet, string secretName, string vault, string userName)
        {
            var script = string.IsNullOrEmpty(vault) ? "Get-Secret -Name $args[0] -ErrorAction Stop" : "Get-Secret -Name $args[0] -Vault $args[1] -ErrorAction Stop";
            var results = cmdlet.InvokeCommand.InvokeScript(script, secretName, vault);
            var value = results.Count == 0 ? null : results[0]?.BaseObject;
            switch (value)
            {
                case PSCredential credential: return credential.GetNetworkCredential();
                case System.Security.SecureString secure: return new NetworkCredential(userName, secure);
                case string text: return new NetworkCredential(userName, text);
                default: return null;
            }
        }

        /// <summary>
        /// The SMTP login when the settings name a SecretManagement secret (read through Get-Secret, which only a
        /// PowerShell session can do); null when the settings hold no such reference. A secret that cannot be read is
        /// reported through <paramref name="onFailure"/> and null is returned, so the engine reports the missing login.
        /// </summary>
        public static NetworkCredential? StoredSecret(PSCmdlet cmdlet, PkiRevocation.Monitoring.MonitorService monitor,
            PkiRevocation.Configuration.ConfigurationScope scope, Action<PkiRevocation.Diagnostics.InputFailure> onFailure)
        {
            PkiRevocation.Monitoring.MonitorSettings settings;
            try { settings = monitor.GetSettings(scope); }
            catch (PkiRevocation.Configuration.ConfigurationCorruptException) { return null; } // the engine call reports it
            var reference = settings.Credential;
            if (reference == null || reference.Kind != PkiRevocation.Monitoring.MonitorCredentialKind.SecretManagement || !settings.EnableEmail) return null;
            try
            {
                return FromSecretManagement(cmdlet, reference.SecretName, reference.Vault, reference.UserName);
            }
            catch (RuntimeException ex)
            {
                onFailure(new PkiRevocation.Diagnostics.InputFailure(reference.SecretName, PkiRevocation.Diagnostics.ErrorIds.MonitorCredentialMissing,
                    PkiRevocation.Diagnostics.FailureKind.InvalidConfiguration, $"Cannot read the SecretManagement secret '{reference.SecretName}': {ex.Message}", ex));
                return null;
            }
        }
    }
}
