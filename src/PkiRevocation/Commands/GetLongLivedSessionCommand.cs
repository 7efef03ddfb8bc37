using System.Linq;
using System.Management.Automation;
using PkiRevocation.Configuration;
using PkiRevocation.PowerShell.Completion;
using PkiRevocation.Sessions;

namespace PkiRevocation.PowerShell.Commands
{
    /// <summary>Get-LongLivedSession: the registered sessions (both scopes, CurrentUser first), optionally by name.</summary>
    [Cmdlet(VerbsCommon.Get, "LongLivedSession")]
    [OutputType(typeof(LongLivedSession))]
    public sealed class GetLongLivedSessionCommand : SessionCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(LongLivedSessionNameCompleter))]
        public string[]? Name { get; set; }

        [Parameter]
        public ConfigurationScope Scope { get; set; }

        protected override void EndProcessing()
        {
            var patterns = (Name ?? new[] { "*" }).Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
            var sessions = Guard(() => Engine.Sessions.GetSessions(IsBound(nameof(Scope)) ? Scope : (ConfigurationScope?)null));
            foreach (var session in sessions)
                if (patterns.Any(p => p.IsMatch(session.Name))) WriteObject(session);
        }
    }
}
