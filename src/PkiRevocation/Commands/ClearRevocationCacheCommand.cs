using System.Management.Automation;
using PkiRevocation.Revocation;

namespace PkiRevocation.PowerShell.Commands
{
    /// <summary>Clear-RevocationCache: removes cached CRLs and OCSP responses (all, or those matching -Url / -Kind / -Expired).</summary>
    [Cmdlet(VerbsCommon.Clear, "RevocationCache", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(RevocationCacheEntry))]
    public sealed class ClearRevocationCacheCommand : PkiCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string? Url { get; set; }

        [Parameter]
        public RevocationCacheKind Kind { get; set; }

        [Parameter]
        public SwitchParameter Expired { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            var removed = Engine.RevocationCache.Clear(
                IsBound(nameof(Kind)) ? Kind : (RevocationCacheKind?)null,
                string.IsNullOrEmpty(Url) ? null : Url,
                Expired,
                entry => ShouldProcess($"{entry.Kind} {entry.Url} ({entry.Path})", "Remove from the revocation cache"),
                CancellationToken);
            if (PassThru) WriteObject(removed, enumerateCollection: true);
        }
    }
}
