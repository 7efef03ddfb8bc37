using System.Management.Automation;
using PkiRevocation.Configuration;
using PkiRevocation.Monitoring;

namespace PkiRevocation.PowerShell.Commands
{
    /// <summary>Send-CertificateMonitorTestMail: proves the mail settings end to end (server, STARTTLS, login, recipients).</summary>
    [Cmdlet(VerbsCommunications.Send, "CertificateMonitorTestMail", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(MailDelivery))]
    public sealed class SendCertificateMonitorTestMailCommand : PkiCmdlet
    {
        [Parameter] public ConfigurationScope? Scope { get; set; }

        /// <summary>The SMTP login for this test only (otherwise the stored one, or the SecretManagement secret it names).</summary>
        [Parameter] [Credential] public PSCredential? Credential { get; set; }

        /// <summary>An OAuth 2.0 access token for SMTP XOAUTH2 (Exchange Online, Gmail), e.g. (Get-Secret SmtpToken); never stored. Replaces the login.</summary>
        [Parameter] public System.Security.SecureString? AccessToken { get; set; }

        /// <summary>The mailbox the access token was issued for (default: the From address).</summary>
        [Parameter] public string? AccessTokenUser { get; set; }

        protected override void EndProcessing()
        {
            var scope = Engine.Monitor.ResolveScope(Scope);
            if (!ShouldProcess(Engine.Monitor.SettingsPath(scope), "Send a test mail with the certificate monitor settings")) return;
            var accessToken = MonitorParameters.AccessToken(AccessToken, AccessTokenUser);
            var credential = Credential?.GetNetworkCredential() ?? (accessToken != null ? null : MonitorParameters.StoredSecret(this, Engine.Monitor, scope, WriteFailure));
            var outcome = Engine.Monitor.SendTestMail(scope, credential, CancellationToken, accessToken);
            if (outcome.IsFailure) WriteFailure(outcome.Failure!);
            else WriteObject(outcome.Result);
        }
    }
}
