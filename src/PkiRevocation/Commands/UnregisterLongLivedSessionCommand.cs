using System.Management.Automation;
using PkiRevocation.Configuration;
using PkiRevocation.PowerShell.Completion;
using PkiRevocation.Sessions;

namespace PkiRevocation.PowerShell.Commands
{
    /// <summary>Unregister-LongLivedSession: removes a session (and its check state) from the registry of a scope.</summary>
    [Cmdlet(VerbsLifecycle.Unregister, "LongLivedSession", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(LongLivedSession))]
    public sealed class UnregisterLongLivedSessionCommand : SessionCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(LongLivedSessionNameCompleter))]
        public string Name { get; set; } = "";

        /// <summary>Binds from the Scope of sessions piped from Get-LongLivedSession.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public ConfigurationScope Scope { get; set; } = ConfigurationScope.CurrentUser;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (!ShouldProcess(Engine.Sessions.ConfigurationPath(Scope), $"Unregister the long-lived session '{Name}' ({Scope})")) return;
            var outcome = Guard(() => Engine.Sessions.Unregister(Name, Scope, CancellationToken), Name);
            if (outcome.IsFailure) WriteFailure(outcome.Failure!);
            else if (PassThru) WriteObject(outcome.Result);
        }
    }
}
