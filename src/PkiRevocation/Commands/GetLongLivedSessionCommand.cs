using System;
using System.Linq;
using System.Management.Automation;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;
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
            // As Get-Item: each name without wildcards that matches no session is an error; a pattern that matches nothing is not.
            foreach (var name in Name ?? Array.Empty<string>())
                if (!WildcardPattern.ContainsWildcardCharacters(name) && !sessions.Any(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)))
                    WriteFailure(new InputFailure(name, ErrorIds.SessionNotFound, FailureKind.NotFound, $"No long-lived session named '{name}' is registered."));
        }
    }
}
