using System.Management.Automation;
using PkiRevocation.Diagnostics;
using PkiRevocation.Metrics;

namespace PkiRevocation.PowerShell.Commands
{
    /// <summary>
    /// ConvertTo-CertificateMetrics: the results of Get-CertificateExpiry, Test-CertificateRevocation and
    /// Invoke-CertificateMonitor as Prometheus / OpenMetrics text, one string for the whole pipeline (the engine's
    /// CertificateMetrics writes it). An object of another type is a non-terminating error; the rest go on.
    /// </summary>
    [Cmdlet(VerbsData.ConvertTo, "CertificateMetrics")]
    [OutputType(typeof(string))]
    public sealed class ConvertToCertificateMetricsCommand : PkiCmdlet
    {
        private readonly CertificateMetrics _metrics = new CertificateMetrics();

        [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0)]
        public PSObject[] InputObject { get; set; } = new PSObject[0];

        protected override void ProcessRecord()
        {
            foreach (var item in InputObject)
            {
                if (item == null || _metrics.TryAdd(item.BaseObject)) continue;
                WriteError(ErrorMapping.ToErrorRecord(ErrorIds.MetricsInputUnsupported, FailureKind.InvalidArgument,
                    $"A {item.BaseObject.GetType().FullName} has no certificate metrics: pipe the results of Get-CertificateExpiry, Test-CertificateRevocation or Invoke-CertificateMonitor.",
                    item.BaseObject));
            }
        }

        protected override void EndProcessing() => WriteObject(_metrics.ToText());
    }
}
