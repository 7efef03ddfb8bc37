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

        protected override void EndProcessing()
        {
            var scope = Engine.Monitor.ResolveScope(Scope);
            if (!ShouldProcess(Engine.Monitor.SettingsPath(scope), "Send a test mail with the certificate monitor settings")) return;
            var credential = Credential?.GetNetworkCredential() ?? MonitorParameters.StoredSecret(this, Engine.Monitor, scope, WriteFailure);
            var outcome = Engine.Monitor.SendTestMail(scope, credential, CancellationToken);
            if (outcome.IsFailure) WriteFailure(outcome.Failure!);
            else WriteObject(outcome.Result);
        }
    }
}
