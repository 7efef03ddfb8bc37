using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PkiRevocation.Configuration;
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

        /// <summary>A piped session's name; alone (no Endpoint/PinnedCertificate), a wildcard filter on the registry.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(LongLivedSessionNameCompleter))]
        public string? Name { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SessionKind Kind { get; set; } = SessionKind.Other;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Endpoint { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public DateTime EstablishedAt { get; set; }

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
        [ValidateRange(1, 600)]
        public int TimeoutSec { get; set; } = 10;

        protected override void ProcessRecord()
        {
            if (string.IsNullOrWhiteSpace(Endpoint) && string.IsNullOrWhiteSpace(PinnedCertificate))
            {
                if (!string.IsNullOrWhiteSpace(Name)) _names.Add(Name!);
                return;
            }

            _sessions.Add(new LongLivedSession
            {
                Name = Name ?? "",
                Kind = Kind,
                Endpoint = Endpoint,
                EstablishedAt = EstablishedAt == default ? default : ReferenceTime.ToUtc(EstablishedAt),
                PinnedCertificate = PinnedCertificate,
                PinnedIssuers = PinnedIssuers ?? Array.Empty<string>(),
            });
        }

        protected override void EndProcessing()
        {
            var request = new SessionCheckRequest { At = BoundTime(nameof(At), At), Force = Force, Timeout = TimeSpan.FromSeconds(TimeoutSec) };
            var sessions = _sessions.Count > 0 ? _sessions : Registered();
            foreach (var session in sessions) request.Sessions.Add(session);
            if (request.Sessions.Count == 0) return;
            Guard(() =>
            {
                WriteOutcomes(Engine.Sessions.Check(request, Progress, CancellationToken), Activity);
                return true;
            });
        }

        private IReadOnlyList<LongLivedSession> Registered()
        {
            var all = Guard(() => Engine.Sessions.GetSessions());
            if (_names.Count == 0) return all;
            var patterns = _names.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
            return all.Where(s => patterns.Any(p => p.IsMatch(s.Name))).ToList();
        }
    }
}
