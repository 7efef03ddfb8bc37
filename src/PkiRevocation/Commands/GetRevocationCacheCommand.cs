using System.Linq;
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
            var pattern = string.IsNullOrEmpty(Url) ? null : new WildcardPattern(Url, WildcardOptions.IgnoreCase);
            var entries = Engine.RevocationCache.List()
                .Where(e => (!IsBound(nameof(Kind)) || e.Kind == Kind) && (pattern == null || pattern.IsMatch(e.Url)) && (!Expired || e.Expired));
            WriteObject(entries, enumerateCollection: true);
        }
    }
}
