using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace PkiRevocation.Ocsp
{
    /// <summary>
    /// Decides whether the signer of a response may speak for the certificate's issuer (RFC 6960 §4.2.2.2), trying
    /// in order: the issuing CA itself; a delegated responder issued by that CA with id-kp-OCSPSigning, valid at the
    /// reference time; a responder certificate the administrator trusts (self-signed allowed). Records why each
    /// candidate was accepted or refused.
    /// </summary>
    internal static class ResponderAuthorization
    {
        public const string OcspSigningOid = "1.3.6.1.5.5.7.3.9";
        public const string OcspNoCheckOid = "1.3.6.1.5.5.7.48.1.5";

        public sealed class Decision
        {
            public OcspTrustPath TrustPath { get; set; }

            public BcCertificate? Signer { get; set; }

            /// <summary>Null when authorized; SignatureInvalid or UnauthorizedResponder otherwise.</summary>
            public OcspFailureReason? Failure { get; set; }

            public string? FailureMessage { get; set; }

            public List<string> Steps { get; } = new List<string>();
        }

        public static Decision Authorize(ParsedOcspResponse response, BcCertificate issuer, IReadOnlyList<BcCertificate> trustedResponders, DateTime at)
        {
            var decision = new Decision();
            var signatureVerifiedSomewhere = false;
            var anyMatched = false;

            // (1) The issuing CA.
            if (Names(response, issuer))
            {
                anyMatched = true;
                if (SignatureValid(response, issuer))
                {
                    signatureVerifiedSomewhere = true;
                    decision.Steps.Add($"Signer '{CertificateNames.Display(issuer)}' accepted: it is the issuing CA and the signature verifies with its key.");
                    decision.TrustPath = OcspTrustPath.Issuer;
                    decision.Signer = issuer;
                    return decision;
                }

                decision.Steps.Add($"Issuing CA '{CertificateNames.Display(issuer)}' refused: the ResponderID names it but the signature does not verify with its key.");
            }
            else
            {
                decision.Steps.Add($"Issuing CA '{CertificateNames.Display(issuer)}' not the signer: the ResponderID ({response.ResponderName}) does not name it.");
            }

            // (2) Delegated responders carried in the response.
            var carried = response.Certificates.Where(c => Names(response, c)).ToList();
            if (response.Certificates.Count == 0) decision.Steps.Add("The response carries no certificates: no delegated responder to try.");
            else if (carried.Count == 0) decision.Steps.Add($"None of the {response.Certificates.Count} certificate(s) in the response matches the ResponderID.");
            foreach (var candidate in carried)
            {
                anyMatched = true;
                var refusals = new List<string>();
                var signatureOk = SignatureValid(response, candidate);
                if (signatureOk) signatureVerifiedSomewhere = true;
                else refusals.Add("the response signature does not verify with its key");
                if (!candidate.IssuerDN.Equivalent(issuer.SubjectDN) || !IssuedBy(candidate, issuer))
                    refusals.Add($"it was not issued by the CA '{CertificateNames.Display(issuer)}' (issuer '{PkiRevocation.Certificates.DistinguishedNames.Display(candidate.IssuerDN)}')");
                if (!HasOcspSigning(candidate)) refusals.Add("it lacks the id-kp-OCSPSigning extended key usage");
                var validity = Validity(candidate, at) ?? Refusal(ValidityAt(candidate, response.ProducedAt, "producedAt"));
                if (validity != null) refusals.Add(validity);

                if (refusals.Count == 0)
                {
                    decision.Steps.Add($"Signer '{CertificateNames.Display(candidate)}' accepted as delegated responder: issued by the CA, id-kp-OCSPSigning, valid at {at:yyyy-MM-ddTHH:mm:ssZ}, signature verifies.");
                    decision.Steps.Add(HasExtension(candidate, OcspNoCheckOid)
                        ? "The delegated responder carries id-pkix-ocsp-nocheck: its own revocation status is not checked."
                        : "The delegated responder has no id-pkix-ocsp-nocheck: its own revocation status was not checked.");
                    decision.TrustPath = OcspTrustPath.Delegated;
                    decision.Signer = candidate;
                    return decision;
                }

                decision.Steps.Add($"Delegated responder '{CertificateNames.Display(candidate)}' refused: {string.Join("; ", refusals)}.");
            }

            // (3) Responder certificates the administrator trusts.
            if (trustedResponders.Count == 0) decision.Steps.Add("No trusted responder certificate configured.");
            foreach (var trusted in trustedResponders)
            {
                if (!Names(response, trusted))
                {
                    decision.Steps.Add($"Trusted responder '{CertificateNames.Display(trusted)}' not the signer: the ResponderID does not name it.");
                    continue;
                }

                anyMatched = true;
                var refusals = new List<string>();
                var signatureOk = SignatureValid(response, trusted);
                if (signatureOk) signatureVerifiedSomewhere = true;
                else refusals.Add("the response signature does not verify with its key");
                var validity = Validity(trusted, at) ?? Refusal(ValidityAt(trusted, response.ProducedAt, "producedAt"));
                if (validity != null) refusals.Add(validity);
                if (refusals.Count == 0)
                {
                    decision.Steps.Add($"Signer '{CertificateNames.Display(trusted)}' accepted as trusted responder: configured by the administrator, valid at {at:yyyy-MM-ddTHH:mm:ssZ}, signature verifies.");
                    decision.TrustPath = OcspTrustPath.TrustedResponder;
                    decision.Signer = trusted;
                    return decision;
                }

                decision.Steps.Add($"Trusted responder '{CertificateNames.Display(trusted)}' refused: {string.Join("; ", refusals)}.");
            }

            if (anyMatched && !signatureVerifiedSomewhere)
            {
                decision.Failure = OcspFailureReason.SignatureInvalid;
                decision.FailureMessage = $"The response signature does not verify with the key of the signer it names ({response.ResponderName}).";
            }
            else
            {
                decision.Failure = OcspFailureReason.UnauthorizedResponder;
                decision.FailureMessage = $"The signer {response.ResponderName} is neither the issuing CA, an authorized delegated responder, nor a trusted responder.";
            }

            return decision;
        }

        /// <summary>Does the ResponderID name this certificate (byName: subject; byKey: SHA-1 of the subjectPublicKey bits)?</summary>
        public static bool Names(ParsedOcspResponse response, BcCertificate certificate)
        {
            if (response.ResponderByName != null)
            {
                // Byte-identical names match at once; otherwise BouncyCastle's RFC 5280 comparison decides, as before.
                return (response.ResponderByNameDer != null && CertificateNames.Same(response.ResponderByNameDer, CertificateNames.SubjectDer(certificate)))
                       || response.ResponderByName.Equivalent(certificate.SubjectDN);
            }

            if (response.ResponderByKey == null) return false;
            return CertificateNames.Same(CertificateNames.KeySha1(certificate), response.ResponderByKey);
        }

        public static bool SignatureValid(ParsedOcspResponse response, BcCertificate signer) =>
            SignatureVerifier.Verify(signer, response.SignatureAlgorithm, response.TbsResponseData, response.Signature);

        private static readonly ConditionalWeakTable<BcCertificate, ConcurrentDictionary<BcCertificate, bool>> Issued =
            new ConditionalWeakTable<BcCertificate, ConcurrentDictionary<BcCertificate, bool>>();

        /// <summary>
        /// Is the delegated responder certificate signed by the CA's key? Remembered per (responder certificate, CA)
        /// object pair: carried certificates are the same object for the same encoding (see OcspResponseParser), so a
        /// responder that signs thousands of responses has its certificate's signature checked once. Validity at the
        /// reference time, the OCSPSigning usage and the response signature itself are still checked every time.
        /// </summary>
        private static bool IssuedBy(BcCertificate certificate, BcCertificate issuer) =>
            Issued.GetValue(certificate, _ => new ConcurrentDictionary<BcCertificate, bool>())
                .GetOrAdd(issuer, ca => SignatureVerifier.IssuedBy(certificate, ca));

        private static bool HasOcspSigning(BcCertificate certificate)
        {
            try
            {
                var usages = certificate.GetExtendedKeyUsage();
                return usages != null && usages.Cast<object>().Any(u => u.ToString() == OcspSigningOid);
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                return false;
            }
        }

        private static bool HasExtension(BcCertificate certificate, string oid) => certificate.GetExtensionValue(new Org.BouncyCastle.Asn1.DerObjectIdentifier(oid)) != null;

        /// <summary>
        /// Null when <paramref name="when"/> (the response's <paramref name="field"/>) lies within the certificate's
        /// validity; the reason otherwise. A responder signs for the time it was authorized, not only for now.
        /// </summary>
        internal static string? ValidityAt(BcCertificate certificate, DateTime when, string field)
        {
            var notBefore = Configuration.ReferenceTime.ToUtc(certificate.NotBefore);
            var notAfter = Configuration.ReferenceTime.ToUtc(certificate.NotAfter);
            if (when >= notBefore && when <= notAfter) return null;
            return $"was not valid at the response's {field} {when:yyyy-MM-ddTHH:mm:ssZ} (valid {notBefore:yyyy-MM-ddTHH:mm:ssZ} to {notAfter:yyyy-MM-ddTHH:mm:ssZ})";
        }

        private static string? Refusal(string? reason) => reason == null ? null : "it " + reason;

        /// <summary>Null when valid at <paramref name="at"/>; the reason otherwise.</summary>
        private static string? Validity(BcCertificate certificate, DateTime at)
        {
            var notBefore = Configuration.ReferenceTime.ToUtc(certificate.NotBefore);
            var notAfter = Configuration.ReferenceTime.ToUtc(certificate.NotAfter);
            if (at < notBefore) return $"it is not valid before {notBefore:yyyy-MM-ddTHH:mm:ssZ} (reference time {at:yyyy-MM-ddTHH:mm:ssZ})";
            if (at > notAfter) return $"it expired on {notAfter:yyyy-MM-ddTHH:mm:ssZ} (reference time {at:yyyy-MM-ddTHH:mm:ssZ})";
            return null;
        }
    }
}
