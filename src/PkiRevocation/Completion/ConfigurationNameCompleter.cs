using System;
using System.Collections;
using System.Collections.Generic;
using PkiRevocation.Configuration;

namespace PkiRevocation.PowerShell.Completion
{
    /// <summary>
    /// Completes names stored in the engine's configuration (policy names, session names …), read at the moment Tab
    /// is pressed from the locations the cmdlets use (PKIREVOCATION_HOME, or AllUsers then CurrentUser). A new list is
    /// one small class with a parameterless constructor, which is what [ArgumentCompleter(typeof(…))] needs:
    /// <code>
    /// public sealed class RevocationPolicyNameCompleter : ConfigurationNameCompleter
    /// {
    ///     // From the store, once it exists:
    ///     public RevocationPolicyNameCompleter() : base(paths => new RevocationPolicyStore(paths).Read().Policies.Select(p => p.Name)) { }
    ///     // Or straight from the JSON file, without depending on the store's types:
    ///     // public RevocationPolicyNameCompleter() : base(ConfigurationNames.FromJson("policies.json", "policies")) { }
    /// }
    /// [Parameter, ArgumentCompleter(typeof(RevocationPolicyNameCompleter))] public string[] Name { get; set; }
    /// </code>
    /// </summary>
    public abstract class ConfigurationNameCompleter : NameCompleter
    {
        private readonly Func<PkiRevocationPaths, IEnumerable<string>> _names;

        protected ConfigurationNameCompleter(Func<PkiRevocationPaths, IEnumerable<string>> names)
        {
            _names = names ?? throw new ArgumentNullException(nameof(names));
        }

        /// <summary>The paths the names are read from: the process environment, as for the cmdlets.</summary>
        protected virtual PkiRevocationPaths Paths => PkiRevocationPaths.FromEnvironment();

        protected sealed override IEnumerable<string> GetNames(string commandName, string parameterName, IDictionary fakeBoundParameters) => _names(Paths);
    }
}
