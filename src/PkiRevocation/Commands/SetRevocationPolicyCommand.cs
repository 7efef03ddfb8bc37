using System;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using PkiRevocation.Configuration;
using PkiRevocation.PowerShell.Completion;
using PkiRevocation.Revocation;

namespace PkiRevocation.PowerShell.Commands
{
    /// <summary>Set-RevocationPolicy: creates or changes a named revocation policy; parameters not given keep their stored values.</summary>
    [Cmdlet(VerbsCommon.Set, "RevocationPolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(RevocationPolicy))]
    public sealed class SetRevocationPolicyCommand : PkiCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(RevocationPolicyNameCompleter))]
        public string Name { get; set; } = "";

        [Parameter]
        public RevocationMethod[]? Method { get; set; }

        [Parameter]
        [AllowEmptyString]
        public string? ResponderUri { get; set; }

        [Parameter]
        public UnknownStatusAction UnknownStatus { get; set; }

        [Parameter]
        public NonceRequirement Nonce { get; set; }

        /// <summary>Certificates (X509Certificate2) or thumbprints (hex).</summary>
        [Parameter]
        [AllowEmptyCollection]
        public object[]? TrustedResponder { get; set; }

        [Parameter]
        public TimeSpan CheckInterval { get; set; }

        [Parameter]
        public RevocationScope Scope { get; set; }

        [Parameter]
        [AllowEmptyCollection]
        public string[]? AppliesTo { get; set; }

        [Parameter]
        public bool Enabled { get; set; }

        [Parameter]
        public SwitchParameter SoftFail { get; set; }

        /// <summary>A CRL whose thisUpdate is older than this is Stale even before its nextUpdate; TimeSpan.Zero removes the limit.</summary>
        [Parameter]
        public TimeSpan MaxCrlAge { get; set; }

        /// <summary>$true (default): http(s) CRL and caIssuers locations before ldap ones; $false: the certificate's order.</summary>
        [Parameter]
        public bool PreferHttp { get; set; }

        [Parameter]
        public ConfigurationScope ConfigurationScope { get; set; } = ConfigurationScope.CurrentUser;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var update = new RevocationPolicyUpdate(Name)
            {
                Methods = Method,
                ResponderUri = ResponderUri,
                UnknownStatus = IsBound(nameof(UnknownStatus)) ? UnknownStatus : (UnknownStatusAction?)null,
                Nonce = IsBound(nameof(Nonce)) ? Nonce : (NonceRequirement?)null,
                TrustedResponders = TrustedResponder?.Select(Responder).ToArray(),
                CheckInterval = IsBound(nameof(CheckInterval)) ? CheckInterval : (TimeSpan?)null,
                Scope = IsBound(nameof(Scope)) ? Scope : (RevocationScope?)null,
                AppliesTo = AppliesTo,
                Enabled = IsBound(nameof(Enabled)) ? Enabled : (bool?)null,
                SoftFail = IsBound(nameof(SoftFail)) ? SoftFail.IsPresent : (bool?)null,
                MaxCrlAge = IsBound(nameof(MaxCrlAge)) ? MaxCrlAge : (TimeSpan?)null,
                PreferHttp = IsBound(nameof(PreferHttp)) ? PreferHttp : (bool?)null,
            };
            if (!ShouldProcess($"{Name} in {Engine.Policies.PathOf(ConfigurationScope)}", "Set revocation policy")) return;
            var outcome = Engine.Policies.Apply(update, ConfigurationScope, CancellationToken);
            if (outcome.IsFailure) WriteFailure(outcome.Failure!);
            else if (PassThru) WriteObject(outcome.Result);
        }

        private static string Responder(object value)
        {
            var inner = value is PSObject wrapped ? wrapped.BaseObject : value;
            return inner is X509Certificate2 certificate ? Convert.ToBase64String(certificate.RawData) : inner?.ToString() ?? "";
        }
    }
}
