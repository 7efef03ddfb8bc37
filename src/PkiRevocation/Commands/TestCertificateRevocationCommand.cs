using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using PkiRevocation.Diagnostics;
using PkiRevocation.PowerShell.Completion;
using PkiRevocation.Revocation;

namespace PkiRevocation.PowerShell.Commands
{
    /// <summary>Test-CertificateRevocation: the revocation decision for each certificate under its policy (OCSP, CRL, None in order).</summary>
    [Cmdlet(VerbsDiagnostic.Test, "CertificateRevocation", DefaultParameterSetName = "Certificate")]
    [OutputType(typeof(RevocationResult))]
    public sealed class TestCertificateRevocationCommand : CertificateInputCmdlet
    {
        private const string Activity = "Checking revocation";
        private readonly List<X509Certificate2> _certificates = new List<X509Certificate2>();
        private readonly List<string> _crlSources = new List<string>();

        [Parameter]
        public X509Certificate2? Issuer { get; set; }

        /// <summary>Intermediates and root: issuers, CRL signers and the chain for -Scope Chain.</summary>
        [Parameter]
        public X509Certificate2[]? ChainCertificate { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(RevocationPolicyNameCompleter))]
        public string? Policy { get; set; }

        [Parameter]
        public RevocationMethod[]? Method { get; set; }

        [Parameter]
        public UnknownStatusAction UnknownStatus { get; set; }

        [Parameter]
        public RevocationScope Scope { get; set; }

        /// <summary>CRL files or URLs to use instead of the certificates' distribution points.</summary>
        [Parameter]
        public string[]? Crl { get; set; }

        /// <summary>A CRL whose thisUpdate is older than this is Stale even before its nextUpdate (overrides the policy's MaxCrlAge).</summary>
        [Parameter]
        public TimeSpan MaxAge { get; set; }

        [Parameter]
        public DateTime At { get; set; }

        [Parameter]
        [ValidateRange(InputRanges.MinTimeoutSeconds, InputRanges.MaxTimeoutSeconds)]
        public int TimeoutSec { get; set; } = 15;

        [Parameter]
        public SwitchParameter NoCache { get; set; }

        /// <summary>Do not fetch a missing issuer from the certificate's AIA caIssuers URLs.</summary>
        [Parameter]
        public SwitchParameter NoAiaFetch { get; set; }

        /// <summary>Credentials for LDAP distribution points and caIssuers (default: anonymous; on Windows the current user).</summary>
        [Parameter]
        [Credential]
        public PSCredential? LdapCredential { get; set; }

        protected override void BeginProcessing()
        {
            // CRL files are setup for every certificate: a missing one stops the command (as a missing -Response does for Test-OcspStatus).
            foreach (var source in Crl ?? Array.Empty<string>())
            {
                if (string.IsNullOrWhiteSpace(source)) continue;
                if (RevocationCheckRequest.IsUrl(source))
                {
                    _crlSources.Add(source);
                    continue;
                }

                var file = PathResolver.ExistingFile(this, source);
                if (file == null) ThrowTerminating(ErrorIds.PathNotFound, FailureKind.NotFound, $"Cannot find the CRL file '{source}'.", source);
                _crlSources.Add(file!);
            }
        }

        /// <summary>Certificates are gathered first, so progress runs once across all of them (n of N).</summary>
        protected override void ProcessRecord()
        {
            _certificates.AddRange(InputCertificates());
        }

        protected override void EndProcessing()
        {
            if (_certificates.Count == 0) return;
            var request = new RevocationCheckRequest
            {
                Issuer = Issuer,
                PolicyName = Policy,
                Methods = Method,
                UnknownStatus = IsBound(nameof(UnknownStatus)) ? UnknownStatus : (UnknownStatusAction?)null,
                Scope = IsBound(nameof(Scope)) ? Scope : (RevocationScope?)null,
                MaxCrlAge = IsBound(nameof(MaxAge)) ? MaxAge : (TimeSpan?)null,
                At = BoundTime(nameof(At), At),
                Timeout = TimeSpan.FromSeconds(TimeoutSec),
                UseCache = !NoCache,
                FetchIssuers = !NoAiaFetch,
                LdapCredential = LdapCredential?.GetNetworkCredential(),
            };
            foreach (var certificate in _certificates) request.Certificates.Add(certificate);
            foreach (var certificate in ChainCertificate ?? Array.Empty<X509Certificate2>()) if (certificate != null) request.ChainCertificates.Add(certificate);
            foreach (var source in _crlSources) request.CrlSources.Add(source);
            WriteOutcomes(Engine.Revocation.Check(request, Progress, CancellationToken), Activity);
        }
    }
}
