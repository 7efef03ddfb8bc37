using System;
using System.Management.Automation;
using PkiRevocation.Configuration;
using PkiRevocation.PowerShell.Completion;
using PkiRevocation.Sessions;

namespace PkiRevocation.PowerShell.Commands
{
    /// <summary>Set-LongLivedSessionCheck: the "Certificate Revocation and Expiry" settings for long-lived sessions, stored per scope.</summary>
    [Cmdlet(VerbsCommon.Set, "LongLivedSessionCheck", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SessionCheckSettings))]
    public sealed class SetLongLivedSessionCheckCommand : SessionCmdlet
    {
        [Parameter]
        public bool CertificateValidityCheck { get; set; }

        [Parameter]
        public TimeSpan ValidityCheckFrequency { get; set; }

        [Parameter]
        public TimeSpan MinimumSessionAge { get; set; }

        /// <summary>A revocation policy name; an empty string turns revocation checks off.</summary>
        [Parameter]
        [AllowEmptyString]
        [AllowNull]
        [ArgumentCompleter(typeof(RevocationPolicyNameCompleter))]
        public string? RevocationPolicy { get; set; }

        /// <summary>The session kinds revocation applies to (default Ldap, IPsec).</summary>
        [Parameter]
        [AllowEmptyCollection]
        public SessionKind[]? Kinds { get; set; }

        [Parameter]
        [ValidateRange(0, 36500)]
        public int ExpiringWithinDays { get; set; }

        [Parameter]
        public ConfigurationScope Scope { get; set; } = ConfigurationScope.CurrentUser;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            var path = Engine.Sessions.ConfigurationPath(Scope);
            if (!ShouldProcess(path, $"Set the long-lived session check settings ({Scope})")) return;
            var written = Guard(() => Engine.Sessions.SetSettings(Scope, settings =>
            {
                if (IsBound(nameof(CertificateValidityCheck))) settings.CertificateValidityCheck = CertificateValidityCheck;
                if (IsBound(nameof(ValidityCheckFrequency))) settings.ValidityCheckFrequency = ValidityCheckFrequency;
                if (IsBound(nameof(MinimumSessionAge))) settings.MinimumSessionAge = MinimumSessionAge;
                if (IsBound(nameof(RevocationPolicy))) settings.RevocationPolicy = string.IsNullOrWhiteSpace(RevocationPolicy) ? null : RevocationPolicy!.Trim();
                if (IsBound(nameof(Kinds))) settings.Kinds = Kinds ?? Array.Empty<SessionKind>();
                if (IsBound(nameof(ExpiringWithinDays))) settings.ExpiringWithinDays = ExpiringWithinDays;
            }, CancellationToken), path);
            if (PassThru) WriteObject(written);
        }
    }
}
