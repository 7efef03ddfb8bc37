using System.Linq;
using PkiRevocation.Configuration;
using PkiRevocation.Revocation;

namespace PkiRevocation.PowerShell.Completion
{
    /// <summary>
    /// Completes the names Remove-RevocationPolicy can remove: policies stored in CurrentUser or AllUsers. The built-in
    /// Default is not offered (it cannot be removed); a Default stored in a scope is.
    /// </summary>
    public sealed class StoredRevocationPolicyNameCompleter : ConfigurationNameCompleter
    {
        public StoredRevocationPolicyNameCompleter()
            : base(paths =>
            {
                var policies = new RevocationPolicyService(new EngineEnvironment(paths: paths));
                return policies.Get(null, ConfigurationScope.CurrentUser).Concat(policies.Get(null, ConfigurationScope.AllUsers)).Select(p => p.Name);
            })
        {
        }
    }
}
