using System.Management.Automation;
using PkiRevocation.Configuration;
using PkiRevocation.Sessions;

namespace PkiRevocation.PowerShell.Commands
{
    /// <summary>Get-LongLivedSessionCheck: the effective long-lived session settings, or those of one scope.</summary>
    [Cmdlet(VerbsCommon.Get, "LongLivedSessionCheck")]
    [OutputType(typeof(SessionCheckSettings))]
    public sealed class GetLongLivedSessionCheckCommand : SessionCmdlet
    {
        /// <summary>Without it: CurrentUser when set, else AllUsers when set, else the defaults.</summary>
        [Parameter]
        public ConfigurationScope Scope { get; set; }

        protected override void EndProcessing() =>
            WriteObject(Guard(() => Engine.Sessions.GetSettings(IsBound(nameof(Scope)) ? Scope : (ConfigurationScope?)null)));
    }
}
