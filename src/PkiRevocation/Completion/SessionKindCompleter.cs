using System;
using System.Collections;
using System.Collections.Generic;
using PkiRevocation.Sessions;

namespace PkiRevocation.PowerShell.Completion
{
    /// <summary>Completes session kinds where -Kind takes text (so a row's unknown kind can be refused by name, not dropped).</summary>
    public sealed class SessionKindCompleter : NameCompleter
    {
        protected override IEnumerable<string> GetNames(string commandName, string parameterName, IDictionary fakeBoundParameters) =>
            Enum.GetNames(typeof(SessionKind));
    }
}
