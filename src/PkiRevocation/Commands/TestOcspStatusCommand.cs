using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using PkiRevocation.Diagnostics;
using PkiRevocation.Ocsp;

namespace PkiRevocation.PowerShell.Commands
{
    /// <summary>
    /// Test-OcspStatus: the OCSP status of certificates (RFC 6960), verified (signer authorization, CertID, freshness,
    /// nonce). Pipeline certificates are collected and checked together, concurrently up to -ThrottleLimit.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "OcspStatus", DefaultParameterSetName = "Certificate")]
    [OutputType(typeof(OcspResult))]
    public sealed class TestOcspStatusCommand : CertificateInputCmdlet
    {
        private const string Activity = "Checking OCSP status";
        private readonly List<X509Certificate2> _certificates = new List<X509Certificate2>();

        [Parameter]
        public X509Certificate2[]? Issuer { get; set; }

        [Parameter]
        public Uri? ResponderUri { get; set; }

        [Parameter]
        public SwitchParameter NoNonce { get; set; }

        [Parameter]
        public SwitchParameter RequireNonce { get; set; }

        [Parameter]
        public OcspHashAlgorithm HashAlgorithm { get; set; } = OcspHashAlgorithm.Sha1;

        [Parameter]
        public SwitchParameter UseGet { get; set; }

        [Parameter]
        [ValidateRange(InputRanges.MinTimeoutSeconds, InputRanges.MaxTimeoutSeconds)]
        public int TimeoutSec { get; set; } = 10;

        [Parameter]
        public Uri? Proxy { get; set; }

        [Parameter]
        public X509Certificate2? ClientCertificate { get; set; }

        [Parameter]
        public X509Certificate2[]? TrustedResponder { get; set; }

        [Parameter]
        public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);

        [Parameter]
        [ValidateRange(InputRanges.MinThrottleLimit, InputRanges.MaxThrottleLimit)]
        public int ThrottleLimit { get; set; } = 8;

        [Parameter]
        public SwitchParameter Batch { get; set; }

        /// <summary>A saved DER OCSPResponse (bytes, or the path of a file) to verify offline instead of asking a responder.</summary>
        [Parameter]
        public object? Response { get; set; }

        [Parameter]
        public DateTime At { get; set; }

        /// <summary>Do not fetch a missing issuer from the certificate's AIA caIssuers URLs.</summary>
        [Parameter]
        public SwitchParameter NoAiaFetch { get; set; }

        /// <summary>Credentials for ldap caIssuers URLs (default: anonymous; on Windows the current user).</summary>
        [Parameter]
        [Credential]
        public PSCredential? LdapCredential { get; set; }

        protected override void BeginProcessing()
        {
            if (NoNonce && RequireNonce)
                ThrowTerminating(ErrorIds.InvalidArgument, FailureKind.InvalidArgument, "-NoNonce and -RequireNonce cannot be used together.", null);
            if (MaxAge <= TimeSpan.Zero)
                ThrowTerminating(ErrorIds.InvalidArgument, FailureKind.InvalidArgument, "-MaxAge must be positive.", MaxAge);
        }

        protected override void ProcessRecord()
        {
            _certificates.AddRange(InputCertificates());
        }

        protected override void EndProcessing()
        {
            if (_certificates.Count == 0) return;
            var request = new OcspCheckRequest(_certificates, ResponderUri, nonce: !NoNonce)
            {
                RequireNonce = RequireNonce,
                HashAlgorithm = HashAlgorithm,
                UseGet = UseGet,
                Timeout = TimeSpan.FromSeconds(TimeoutSec),
                Proxy = Proxy,
                ClientCertificate = ClientCertificate,
                MaxAge = MaxAge,
                ThrottleLimit = ThrottleLimit,
                Batch = Batch,
                At = BoundTime(nameof(At), At),
                Response = IsBound(nameof(Response)) ? ResponseBytes() : null,
                FetchIssuers = !NoAiaFetch,
                LdapCredential = LdapCredential?.GetNetworkCredential(),
            };
            foreach (var issuer in Issuer ?? Array.Empty<X509Certificate2>()) request.Issuers.Add(issuer);
            foreach (var trusted in TrustedResponder ?? Array.Empty<X509Certificate2>()) request.TrustedResponders.Add(trusted);

            try
            {
                foreach (var result in Engine.Ocsp.Check(request, Progress, CancellationToken))
                {
                    DrainProgress();
                    WriteObject(result);
                }
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: PowerShell is already stopping the pipeline.
            }
            finally
            {
                CompleteProgress(Activity);
            }
        }

        private byte[] ResponseBytes()
        {
            var value = Response is PSObject wrapped ? wrapped.BaseObject : Response;
            if (value is byte[] bytes) return bytes;
            var path = value is FileInfo file ? file.FullName : value?.ToString();
            if (string.IsNullOrEmpty(path))
                ThrowTerminating(ErrorIds.InvalidArgument, FailureKind.InvalidArgument, "-Response takes the bytes of a DER OCSP response or the path of a file holding one.", Response);
            var outcome = OcspResponseFile.Read(SessionState.Path.GetUnresolvedProviderPathFromPSPath(path));
            if (outcome.IsFailure) ThrowTerminating(outcome.Failure!.ErrorId, outcome.Failure.Kind, outcome.Failure.Message, path, outcome.Failure.Exception);
            return outcome.Result!;
        }
    }
}
