using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace PkiRevocation.PowerShell.Completion
{
    /// <summary>
    /// The base of the module's argument completers: subclasses say which names exist; matching, sorting and quoting
    /// are done here (<see cref="CompletionMatcher"/>). Completion never throws: a name source that fails (a corrupt
    /// configuration file, an unreadable store) offers nothing rather than an error in the middle of typing.
    /// </summary>
    public abstract class NameCompleter : IArgumentCompleter
    {
        /// <summary>The candidate names for this parameter. <paramref name="fakeBoundParameters"/> holds what is typed so far.</summary>
        protected abstract IEnumerable<string> GetNames(string commandName, string parameterName, IDictionary fakeBoundParameters);

        /// <summary>The tooltip of a name; the name itself unless a subclass knows better.</summary>
        protected virtual string ToolTip(string name) => name;

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            IEnumerable<string> names;
            try
            {
                names = GetNames(commandName, parameterName, fakeBoundParameters).ToArray();
            }
            catch (Exception)
            {
                return Array.Empty<CompletionResult>();
            }

            return CompletionMatcher.Match(names, wordToComplete)
                .Select(m => new CompletionResult(m.CompletionText, m.Name, CompletionResultType.ParameterValue, ToolTip(m.Name)))
                .ToArray();
        }
    }
}
