using System.Linq;
using PkiRevocation.Revocation;

namespace PkiRevocation.PowerShell.Completion
{
    /// <summary>Completes revocation policy names: the policies in force, the built-in Default included.</summary>
    public sealed class RevocationPolicyNameCompleter : ConfigurationNameCompleter
    {
        public RevocationPolicyNameCompleter()
            : base(paths => new RevocationPolicyService(new EngineEnvironment(paths: paths)).Get().Select(p => p.Name))
        {
        }
    }
}
