using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace PkiRevocation.PowerShell.Completion
{
    /// <summary>Tab completion for session names: the registered long-lived sessions (both scopes), read when Tab is pressed.</summary>
    public sealed class LongLivedSessionNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            IEnumerable<string> names;
            try
            {
                names = new PkiEngine().Sessions.GetSessions().Select(s => s.Name).ToList();
            }
            catch (Exception)
            {
                // A corrupt or locked file must never break the command line: no suggestions then.
                return Array.Empty<CompletionResult>();
            }

            var prefix = (wordToComplete ?? "").Trim('\'', '"');
            return names
                .Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
                .Select(n => new CompletionResult(NeedsQuotes(n) ? "'" + n.Replace("'", "''") + "'" : n, n, CompletionResultType.ParameterValue, n))
                .ToList();
        }

        private static bool NeedsQuotes(string name) => name.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', ',', ';', '(', ')', '{', '}', '@', '#', '&', '|' }) >= 0;
    }
}
