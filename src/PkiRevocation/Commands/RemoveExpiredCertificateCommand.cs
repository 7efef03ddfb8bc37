using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using PkiRevocation.Certificates;
using PkiRevocation.Diagnostics;
using PkiRevocation.Expiry;
using PkiRevocation.Monitoring;
using PkiRevocation.PowerShell.Completion;

namespace PkiRevocation.PowerShell.Commands
{
    /// <summary>
    /// Remove-ExpiredCertificate: exports each certificate of a store that is expired at the reference time to -BackupFolder,
    /// reads the backup back, then removes it from the store. A certificate that is not expired is never touched.
    /// Certificates piped from Get-CertificateExpiry are removed from the store named in their Source.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "ExpiredCertificate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Store")]
    [OutputType(typeof(RemovedCertificate))]
    public sealed class RemoveExpiredCertificateCommand : PkiCmdlet
    {
        private const string Activity = "Removing expired certificates";
        private readonly Dictionary<string, CertificateStoreReference> _stores = new Dictionary<string, CertificateStoreReference>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, List<string>> _thumbprints = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);

        [Parameter(ParameterSetName = "Store")]
        [ArgumentCompleter(typeof(StoreNameCompleter))]
        public string StoreName { get; set; } = "My";

        [Parameter(ParameterSetName = "Store")]
        public StoreLocation StoreLocation { get; set; } = CertificateStoreReference.Default.Location;

        /// <summary>Results of Get-CertificateExpiry -StoreName …; each is removed from its Source store if expired.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = "Pipeline")]
        public CertificateExpiry[]? InputObject { get; set; }

        [Parameter(Mandatory = true)]
        public string BackupFolder { get; set; } = "";

        [Parameter] public DateTime At { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var item in InputObject ?? Array.Empty<CertificateExpiry>())
            {
                if (item == null) continue;
                if (!CertificateStoreReference.TryParse(item.Source, out var store, out _) || !item.Source.StartsWith("store://", StringComparison.OrdinalIgnoreCase))
                {
                    WriteFailure(new InputFailure(item.Source, ErrorIds.InvalidArgument, FailureKind.InvalidArgument,
                        $"'{item.Subject}' ({item.Thumbprint}) comes from '{item.Source}', not from a certificate store; only store certificates can be removed.", null, item));
                    continue;
                }

                _stores[store!.ToString()] = store;
                if (!_thumbprints.TryGetValue(store.ToString(), out var list)) _thumbprints[store.ToString()] = list = new List<string>();
                list.Add(item.Thumbprint);
            }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == "Store")
            {
                if (!CertificateStoreReference.TryParse(StoreName, out var store, out var error, StoreLocation))
                    ThrowTerminating(ErrorIds.StoreNameInvalid, FailureKind.InvalidArgument, $"Cannot use the store: {error}.", StoreName);
                _stores[store!.ToString()] = store;
            }

            var backup = MonitorParameters.FullPath(this, BackupFolder)!;
            foreach (var store in _stores.Values)
            {
                var request = new RemoveExpiredRequest(store, backup) { At = BoundTime(nameof(At), At) };
                if (_thumbprints.TryGetValue(store.ToString(), out var thumbprints)) foreach (var t in thumbprints.Distinct()) request.Thumbprints.Add(t);
                request.Confirm = expiry => ShouldProcess($"{expiry.Subject} ({expiry.Thumbprint}) in {store}, expired {expiry.NotAfter:yyyy-MM-dd HH:mm:ss}Z",
                    $"Back up to '{backup}' and remove the expired certificate");
                WriteOutcomes(Engine.Monitor.RemoveExpired(request, Progress, CancellationToken), Activity);
            }
        }
    }
}
