using System.Management.Automation;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;
using PkiRevocation.Monitoring;

namespace PkiRevocation.PowerShell.Commands
{
    /// <summary>Get-CertificateMonitor: the monitor settings (never the secret), the last run, its outcome and the next due run.</summary>
    [Cmdlet(VerbsCommon.Get, "CertificateMonitor")]
    [OutputType(typeof(MonitorStatus))]
    public sealed class GetCertificateMonitorCommand : PkiCmdlet
    {
        /// <summary>Default: CurrentUser when it has settings, otherwise AllUsers.</summary>
        [Parameter] public ConfigurationScope? Scope { get; set; }

        protected override void EndProcessing()
        {
            try
            {
                WriteObject(Engine.Monitor.GetStatus(Scope));
            }
            catch (ConfigurationCorruptException ex)
            {
                ThrowTerminating(ErrorIds.ConfigurationCorrupt, FailureKind.InvalidConfiguration, ex.Message, ex.Path, ex);
            }
        }
    }
}
