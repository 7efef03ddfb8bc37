using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;
using System.Threading;

namespace PkiRevocation.Revocation
{
    /// <summary>
    /// The OCSP step of the combined check, behind an interface so the policy walk is tested with fakes and the OCSP
    /// engine (Ocsp/OcspService) plugs in through an adapter.
    /// </summary>
    internal interface IOcspChecker
    {
        OcspCheckOutcome Check(X509Certificate2 certificate, X509Certificate2 issuer, OcspCheckOptions options, DateTime at, CancellationToken cancellationToken);
    }

    /// <summary>What the policy asks of the OCSP step.</summary>
    internal sealed class OcspCheckOptions
    {
        /// <summary>A configured responder; empty for the certificate's AIA responder.</summary>
        public string ResponderUri { get; set; } = "";

        public NonceRequirement Nonce { get; set; } = NonceRequirement.Preferred;

        public IReadOnlyList<string> TrustedResponders { get; set; } = Array.Empty<string>();

        public IReadOnlyList<X509Certificate2> ExtraCertificates { get; set; } = Array.Empty<X509Certificate2>();

        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

        public bool UseCache { get; set; } = true;
    }

    internal enum OcspCheckStatus
    {
        Good,
        Revoked,
        Unknown,
        Indeterminate,
    }

    /// <summary>The OCSP answer as the walk needs it.</summary>
    internal sealed class OcspCheckOutcome
    {
        public OcspCheckStatus Status { get; set; } = OcspCheckStatus.Indeterminate;
        public DateTime? RevocationTime { get; set; }
        public RevocationReason? RevocationReason { get; set; }
        public string FailureReason { get; set; } = "";
        public string Responder { get; set; } = "";
        public DateTime? ThisUpdate { get; set; }
        public DateTime? NextUpdate { get; set; }
        public bool FromCache { get; set; }

        /// <summary>True when the only problem was reaching the responder (no responder URL is not one).</summary>
        public bool ConnectivityFailure { get; set; }

        public string[] Steps { get; set; } = Array.Empty<string>();
    }

    /// <summary>An OCSP step that is never available: every answer is Indeterminate, never Good (tests of the CRL fallback).</summary>
    internal sealed class UnavailableOcspChecker : IOcspChecker
    {
        public OcspCheckOutcome Check(X509Certificate2 certificate, X509Certificate2 issuer, OcspCheckOptions options, DateTime at, CancellationToken cancellationToken) =>
            new OcspCheckOutcome { FailureReason = "OCSP checking is not available in this build", Steps = new[] { "not available in this build" } };
    }
}
