using System.Collections;
using System.Collections.Generic;

namespace PkiRevocation.PowerShell.Completion
{
    /// <summary>Tab completion for -StoreName: the certificate stores Windows and .NET know by name.</summary>
    public sealed class StoreNameCompleter : NameCompleter
    {
        protected override IEnumerable<string> GetNames(string commandName, string parameterName, IDictionary fakeBoundParameters) => KnownStoreNames.Names;
    }
}
