using System.Linq;
using PkiRevocation.Sessions;

namespace PkiRevocation.PowerShell.Completion
{
    /// <summary>Completes long-lived session names: the registered sessions of both scopes.</summary>
    public sealed class LongLivedSessionNameCompleter : ConfigurationNameCompleter
    {
        public LongLivedSessionNameCompleter()
            : base(paths => new SessionCheckService(new EngineEnvironment(paths: paths)).GetSessions().Select(s => s.Name))
        {
        }
    }
}
