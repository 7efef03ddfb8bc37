using System.Management.Automation;
using PkiRevocation.Revocation;

namespace PkiRevocation.PowerShell.Commands
{
    /// <summary>Get-RevocationCache: the cached CRLs and OCSP responses.</summary>
    [Cmdlet(VerbsCommon.Get, "RevocationCache")]
    [OutputType(typeof(RevocationCacheEntry))]
    public sealed class GetRevocationCacheCommand : PkiCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string? Url { get; set; }

        [Parameter]
        public RevocationCacheKind Kind { get; set; }

        [Parameter]
        public SwitchParameter Expired { get; set; }

        protected override void EndProcessing()
        {
            var entries = Engine.RevocationCache.List(IsBound(nameof(Kind)) ? Kind : (RevocationCacheKind?)null, Url, Expired);
            WriteObject(entries, enumerateCollection: true);
        }
    }
}
