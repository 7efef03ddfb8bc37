using System.Management.Automation;
using PkiRevocation.Configuration;
using PkiRevocation.PowerShell.Completion;
using PkiRevocation.Revocation;

namespace PkiRevocation.PowerShell.Commands
{
    /// <summary>Remove-RevocationPolicy: removes a named policy from a scope (removing a stored Default restores the built-in one).</summary>
    [Cmdlet(VerbsCommon.Remove, "RevocationPolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(RevocationPolicy))]
    public sealed class RemoveRevocationPolicyCommand : PkiCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(StoredRevocationPolicyNameCompleter))]
        public string Name { get; set; } = "";

        [Parameter]
        public ConfigurationScope ConfigurationScope { get; set; } = ConfigurationScope.CurrentUser;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (!ShouldProcess($"{Name} in {Engine.Policies.PathOf(ConfigurationScope)}", "Remove revocation policy")) return;
            var outcome = Engine.Policies.Remove(Name, ConfigurationScope, CancellationToken);
            if (outcome.IsFailure) WriteFailure(outcome.Failure!);
            else if (PassThru) WriteObject(outcome.Result);
        }
    }
}
