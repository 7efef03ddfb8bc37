using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace PkiRevocation.PowerShell.Completion
{
    /// <summary>Tab completion for -StoreName: the certificate stores Windows and .NET know by name.</summary>
    public sealed class StoreNameCompleter : IArgumentCompleter
    {
        private static readonly string[] Names =
        {
            "My", "Root", "CA", "AuthRoot", "TrustedPeople", "TrustedPublisher", "Disallowed", "AddressBook", "Remote Desktop", "WebHosting", "Trust",
        };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? "").Trim('\'', '"');
            return Names
                .Where(n => n.StartsWith(prefix, System.StringComparison.OrdinalIgnoreCase))
                .Select(n => new CompletionResult(n.Contains(" ") ? "'" + n + "'" : n, n, CompletionResultType.ParameterValue, n));
        }
    }
}
