using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PkiRevocation.Diagnostics;
using PkiRevocation.PowerShell.Completion;
using PkiRevocation.Sessions;

namespace PkiRevocation.PowerShell.Commands
{
    /// <summary>
    /// Invoke-LongLivedSessionCheck: checks the registered sessions, or sessions from the pipeline bound by property
    /// name (Import-Csv, calculated properties). Piped sessions are gathered first so progress runs across all of them.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "LongLivedSessionCheck")]
    [OutputType(typeof(SessionCheckResult))]
    public sealed class InvokeLongLivedSessionCheckCommand : SessionCmdlet
    {
        private const string Activity = "Checking long-lived sessions";
        private readonly List<LongLivedSession> _sessions = new List<LongLivedSession>();
        private readonly List<string> _names = new List<string>();
        private bool _piped;

        /// <summary>A piped session's name; alone (no Endpoint/PinnedCertificate), a wildcard filter on the registry.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(LongLivedSessionNameCompleter))]
        public string? Name { get; set; }

        /// <summary>Cti, Ldap, IPsec or Other (the default); text that names no kind is refused (SessionInvalid), never read as Other.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(SessionKindCompleter))]
        public object? Kind { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Endpoint { get; set; }

        /// <summary>A DateTime, or text (ISO 8601, or as Export-Csv wrote it); text that is no date is refused (SessionInvalid).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public object? EstablishedAt { get; set; }

        /// <summary>Base64 DER of the peer certificate (as Get-LongLivedSession writes it).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? PinnedCertificate { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[]? PinnedIssuers { get; set; }

        /// <summary>Check even sessions whose interval has not elapsed.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public DateTime At { get; set; }

        [Parameter]
        [ValidateRange(InputRanges.MinTimeoutSeconds, InputRanges.MaxTimeoutSeconds)]
        public int TimeoutSec { get; set; } = 10;

        protected override void ProcessRecord()
        {
            if (string.IsNullOrWhiteSpace(Endpoint) && string.IsNullOrWhiteSpace(PinnedCertificate))
            {
                if (!string.IsNullOrWhiteSpace(Name)) _names.Add(Name!);
                return;
            }

            var session = SessionInput.Parse(Name, Unwrap(Kind), Unwrap(EstablishedAt), Endpoint, PinnedCertificate, PinnedIssuers, System.Globalization.CultureInfo.CurrentCulture);
            if (session.IsFailure) WriteFailure(session.Failure!);
            else _sessions.Add(session.Result!);
            _piped = true;
        }

        protected override void EndProcessing()
        {
            var request = new SessionCheckRequest { At = BoundTime(nameof(At), At), Force = Force, Timeout = TimeSpan.FromSeconds(TimeoutSec) };
            // Piped sessions that were all refused leave nothing to check: never fall back to the registry then.
            var sessions = _piped ? _sessions : Registered();
            foreach (var session in sessions) request.Sessions.Add(session);
            if (request.Sessions.Count == 0) return;
            Guard(() =>
            {
                WriteOutcomes(Engine.Sessions.Check(request, Progress, CancellationToken), Activity);
                return true;
            });
        }

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

        private IReadOnlyList<LongLivedSession> Registered()
        {
            var all = Guard(() => Engine.Sessions.GetSessions());
            if (_names.Count == 0) return all;
            var patterns = _names.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
            return all.Where(s => patterns.Any(p => p.IsMatch(s.Name))).ToList();
        }
    }
}
