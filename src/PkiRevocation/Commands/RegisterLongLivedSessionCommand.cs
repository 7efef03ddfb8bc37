using System;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using PkiRevocation.Configuration;
using PkiRevocation.PowerShell.Completion;
using PkiRevocation.Sessions;

namespace PkiRevocation.PowerShell.Commands
{
    /// <summary>Register-LongLivedSession: adds a session to watch to the registry of a scope.</summary>
    [Cmdlet(VerbsLifecycle.Register, "LongLivedSession", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(LongLivedSession))]
    public sealed class RegisterLongLivedSessionCommand : SessionCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(LongLivedSessionNameCompleter))]
        public string Name { get; set; } = "";

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public SessionKind Kind { get; set; }

        /// <summary>ldap://host:389 (StartTLS), ldaps://host:636 or tls://host:port.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Endpoint { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public DateTime EstablishedAt { get; set; }

        /// <summary>The peer certificate to check instead of a handshake (leaf first, then its issuers).</summary>
        [Parameter]
        public X509Certificate2[]? PinnedCertificate { get; set; }

        [Parameter]
        public ConfigurationScope Scope { get; set; } = ConfigurationScope.CurrentUser;

        /// <summary>Replace a session of the same name.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var session = new LongLivedSession
            {
                Name = Name,
                Kind = Kind,
                Endpoint = Endpoint,
                EstablishedAt = ReferenceTime.ToUtc(EstablishedAt),
                PinnedCertificate = PinnedCertificate?.Length > 0 ? Convert.ToBase64String(PinnedCertificate[0].RawData) : null,
                PinnedIssuers = PinnedCertificate?.Skip(1).Select(c => Convert.ToBase64String(c.RawData)).ToArray() ?? Array.Empty<string>(),
            };
            if (!ShouldProcess(Engine.Sessions.ConfigurationPath(Scope), $"Register the long-lived session '{session}' ({Scope})")) return;
            var outcome = Guard(() => Engine.Sessions.Register(session, Scope, Force, CancellationToken), session);
            if (outcome.IsFailure) WriteFailure(outcome.Failure!);
            else WriteObject(outcome.Result);
        }
    }
}
