using System.Management.Automation;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;
using PkiRevocation.PowerShell.Completion;
using PkiRevocation.Revocation;

namespace PkiRevocation.PowerShell.Commands
{
    /// <summary>Get-RevocationPolicy: the policies in force (CurrentUser over AllUsers over the built-in Default), or one scope's.</summary>
    [Cmdlet(VerbsCommon.Get, "RevocationPolicy")]
    [OutputType(typeof(RevocationPolicy))]
    public sealed class GetRevocationPolicyCommand : PkiCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(RevocationPolicyNameCompleter))]
        public string? Name { get; set; }

        [Parameter]
        public ConfigurationScope ConfigurationScope { get; set; }

        protected override void EndProcessing()
        {
            try
            {
                var scope = IsBound(nameof(ConfigurationScope)) ? ConfigurationScope : (ConfigurationScope?)null;
                var policies = Engine.Policies.Get(Name, scope);
                WriteObject(policies, enumerateCollection: true);
                // As Get-Item: a name without wildcards that matches nothing is an error; a pattern that matches nothing is not.
                if (policies.Count == 0 && !string.IsNullOrEmpty(Name) && !WildcardPattern.ContainsWildcardCharacters(Name))
                    WriteFailure(new InputFailure(Name!, ErrorIds.PolicyNotFound, FailureKind.NotFound,
                        $"No revocation policy named '{Name}' exists{(scope.HasValue ? " in " + scope : "")}."));
            }
            catch (ConfigurationCorruptException ex)
            {
                ThrowTerminating(ErrorIds.ConfigurationCorrupt, FailureKind.InvalidData, ex.Message, ex.Path, ex);
            }
        }
    }
}
