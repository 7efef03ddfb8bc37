using System;
using System.Management.Automation;
using System.Threading.Tasks;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;
using PkiRevocation.Monitoring;

namespace PkiRevocation.PowerShell.Commands
{
    /// <summary>
    /// Invoke-CertificateMonitor: one monitor pass, what the scheduled task runs (returns at once when not due; -Force runs now).
    /// Writes each certificate within the window or expired (MonitoredCertificate), then the run summary (MonitorRunResult).
    /// -WhatIf shows the digest that would be sent, sends nothing and changes no state.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "CertificateMonitor", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(MonitoredCertificate), typeof(MonitorRunResult))]
    public sealed class InvokeCertificateMonitorCommand : PkiCmdlet
    {
        [Parameter] public ConfigurationScope? Scope { get; set; }
        [Parameter] public DateTime At { get; set; }
        [Parameter] public SwitchParameter Force { get; set; }

        /// <summary>The SMTP login for this run only (otherwise the stored one, or the SecretManagement secret it names).</summary>
        [Parameter] [Credential] public PSCredential? Credential { get; set; }

        /// <summary>An OAuth 2.0 access token for SMTP XOAUTH2 (Exchange Online, Gmail), e.g. (Get-Secret SmtpToken); never stored. Replaces the login.</summary>
        [Parameter] public System.Security.SecureString? AccessToken { get; set; }

        /// <summary>The mailbox the access token was issued for (default: the From address).</summary>
        [Parameter] public string? AccessTokenUser { get; set; }

        /// <summary>Write the run's metrics there atomically (Prometheus text, for the textfile collector of windows_exporter or node_exporter).</summary>
        [Parameter] public string? MetricsFile { get; set; }

        protected override void EndProcessing()
        {
            var monitor = Engine.Monitor;
            var scope = monitor.ResolveScope(Scope);
            var request = new MonitorRunRequest { Scope = scope, At = BoundTime(nameof(At), At), Force = Force, Credential = Credential?.GetNetworkCredential() };
            if (!string.IsNullOrEmpty(MetricsFile)) request.MetricsFile = SessionState.Path.GetUnresolvedProviderPathFromPSPath(MetricsFile);
            request.WhatIf = !ShouldProcess(monitor.SettingsPath(scope), "Send the due certificate expiry notices");
            request.AccessToken = MonitorParameters.AccessToken(AccessToken, AccessTokenUser);
            if (request.Credential == null && request.AccessToken == null) request.Credential = MonitorParameters.StoredSecret(this, monitor, scope, WriteFailure);

            var run = Task.Run(() => monitor.Run(request, Progress, CancellationToken));
            try
            {
                while (!run.Wait(100)) DrainProgress();
                DrainProgress();   // a pass quicker than one wait still shows its progress
                var result = run.GetAwaiter().GetResult();
                foreach (var certificate in result.Certificates) WriteObject(certificate);
                foreach (var failure in result.GetFailures()) WriteFailure(failure);
                WriteObject(result);
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: no state was changed.
            }
            finally
            {
                CompleteProgress("Certificate monitor");
            }
        }
    }
}
