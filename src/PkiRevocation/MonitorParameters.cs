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
    }
}
