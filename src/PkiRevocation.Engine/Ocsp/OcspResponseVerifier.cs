using System;
using System.Collections.Generic;
using System.Linq;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Math;

namespace PkiRevocation.Ocsp
{
    /// <summary>
    /// Judges one OCSPResponse for the certificates it was requested for (all of one issuer): parse, authorize the
    /// signer, nonce, critical extensions, CertID match, freshness. Writes the outcome into each item's result;
    /// Good, Revoked or Unknown only when every check passed.
    /// </summary>
    internal static class OcspResponseVerifier
    {
        public static void Apply(byte[] der, IReadOnlyList<OcspCheckItem> items, OcspVerificationContext context)
        {
            foreach (var item in items) item.Result.RawResponse = der;
            var parsed = OcspResponseParser.Parse(der);
            if (parsed.Response == null)
            {
                foreach (var item in items) item.Fail(parsed.Failure ?? OcspFailureReason.MalformedResponse, parsed.Message);
                return;
            }

            var response = parsed.Response;
            var common = new List<string>
            {
                $"Response: producedAt {Iso(response.ProducedAt)}, ResponderID {response.ResponderName}, {response.Responses.Count} SingleResponse(s), {response.Certificates.Count} certificate(s).",
            };

            OcspFailureReason? failure = null;
            string? message = null;

            var issuer = items[0].Issuer!;
            var decision = ResponderAuthorization.Authorize(response, issuer, context.TrustedResponders, context.At);
            common.AddRange(decision.Steps);
            if (decision.Failure.HasValue)
            {
                failure = decision.Failure;
                message = decision.FailureMessage;
            }

            var nonceStatus = Nonce(response, context, common);
            if (!failure.HasValue && nonceStatus == NonceStatus.Mismatch)
            {
                failure = OcspFailureReason.NonceMismatch;
                message = "The response carries a nonce different from the one sent: it may be a replay.";
            }
            else if (!failure.HasValue && nonceStatus == NonceStatus.Missing && context.RequireNonce)
            {
                failure = OcspFailureReason.NonceMissing;
                message = "A nonce was sent and required, and the response carries none.";
            }

            var critical = response.Extensions.Where(e => e.Critical && e.Oid != OcspRequestBuilder.NonceOid).Select(e => e.Oid).ToList();
            if (!failure.HasValue && critical.Count > 0)
            {
                failure = OcspFailureReason.UnhandledCriticalExtension;
                message = $"The response has critical extension(s) not understood: {string.Join(", ", critical)}.";
            }

            if (!failure.HasValue && response.ProducedAt > context.At + context.ClockSkew)
            {
                failure = OcspFailureReason.NotYetValid;
                message = $"producedAt {Iso(response.ProducedAt)} is after the reference time {Iso(context.At)} (clock skew allowed: {context.ClockSkew}).";
            }

            var matches = Index(response, issuer, common);
            foreach (var item in items)
            {
                var result = item.Result;
                result.ProducedAt = response.ProducedAt;
                result.ResponderName = response.ResponderName;
                result.NonceStatus = nonceStatus;
                result.TrustPath = decision.TrustPath;
                item.Steps.AddRange(common);
                if (failure.HasValue)
                {
                    item.Fail(failure.Value, message!);
                    continue;
                }

                Judge(item, matches, decision, context);
            }
        }

        private static void Judge(OcspCheckItem item, Dictionary<string, List<ParsedSingleResponse>> matches, ResponderAuthorization.Decision decision, OcspVerificationContext context)
        {
            var result = item.Result;
            var id = item.RequestId!;
            var serialViolation = Certificates.SerialNumberEncoding.Violation(id.SerialBytes);
            if (serialViolation != null)
                item.Steps.Add($"The serial number {id.SerialKey} is {serialViolation}; it is asked for and matched by its exact bytes.");
            if (!matches.TryGetValue(id.SerialKey, out var candidates))
            {
                item.Fail(OcspFailureReason.NoMatchingResponse, $"No SingleResponse matches the CertID requested ({id}, issuer name and key hash of '{CertificateNames.Display(item.Issuer!)}').");
                return;
            }

            var single = Worst(candidates, item.Steps);

            if (single.CertId.HashAlgorithmOid != id.HashAlgorithmOid)
                item.Steps.Add($"The matching SingleResponse uses {CertId.AlgorithmName(single.CertId.HashAlgorithmOid)} where {CertId.AlgorithmName(id.HashAlgorithmOid)} was asked; its hashes were recomputed and match.");
            else
                item.Steps.Add($"SingleResponse matches the CertID ({id}).");

            result.ThisUpdate = single.ThisUpdate;
            result.NextUpdate = single.NextUpdate;
            var sct = single.Extensions.FirstOrDefault(e => e.Oid == SctListOid);
            if (sct != null)
                item.Steps.Add($"The SingleResponse carries a Certificate Transparency SCT list ({SctListOid}{(sct.Critical ? ", critical" : "")}): a known extension, informational for the status (the SCTs are not verified).");
            var critical = single.Extensions.Where(e => e.Critical && e.Oid != SctListOid).Select(e => e.Oid).ToList();
            if (critical.Count > 0)
            {
                item.Fail(OcspFailureReason.UnhandledCriticalExtension, $"The SingleResponse has critical extension(s) not understood: {string.Join(", ", critical)}.");
                return;
            }

            // A delegated or trusted responder speaks only for the time its certificate was valid (producedAt is checked with the signer).
            var signerValidity = decision.TrustPath == OcspTrustPath.Issuer || decision.Signer == null ? null
                : ResponderAuthorization.ValidityAt(decision.Signer, single.ThisUpdate, "thisUpdate");
            if (signerValidity != null)
            {
                item.Fail(OcspFailureReason.UnauthorizedResponder, $"The responder certificate '{CertificateNames.Display(decision.Signer!)}' {signerValidity}: it cannot vouch for that status.");
                return;
            }

            var at = context.At;
            var skew = context.ClockSkew;
            if (single.ThisUpdate > at + skew)
            {
                item.Fail(OcspFailureReason.NotYetValid, $"thisUpdate {Iso(single.ThisUpdate)} is after the reference time {Iso(at)} (clock skew allowed: {skew}).");
                return;
            }

            if (single.NextUpdate.HasValue)
            {
                if (single.NextUpdate.Value < at - skew)
                {
                    item.Fail(OcspFailureReason.Stale, $"nextUpdate {Iso(single.NextUpdate.Value)} has passed at the reference time {Iso(at)}.");
                    return;
                }

                if (single.NextUpdate.Value < single.ThisUpdate)
                {
                    item.Fail(OcspFailureReason.MalformedResponse, $"nextUpdate {Iso(single.NextUpdate.Value)} is before thisUpdate {Iso(single.ThisUpdate)}.");
                    return;
                }

                item.Steps.Add($"Fresh: thisUpdate {Iso(single.ThisUpdate)}, nextUpdate {Iso(single.NextUpdate.Value)}, reference time {Iso(at)}.");
            }
            else
            {
                if (at - single.ThisUpdate - skew > context.MaxAge) // as differences: thisUpdate + a huge -MaxAge would not be representable
                {
                    item.Fail(OcspFailureReason.Stale, $"No nextUpdate, and thisUpdate {Iso(single.ThisUpdate)} is older than the maximum age {context.MaxAge} at the reference time {Iso(at)}.");
                    return;
                }

                item.Steps.Add($"Fresh: thisUpdate {Iso(single.ThisUpdate)}, no nextUpdate, within the maximum age {context.MaxAge} at the reference time {Iso(at)}.");
            }

            result.Status = single.Status;
            result.FailureReason = null;
            result.FailureMessage = null;
            switch (single.Status)
            {
                case OcspStatus.Revoked:
                    result.RevocationTime = single.RevocationTime;
                    result.RevocationReason = single.RevocationReason;
                    item.Steps.Add($"Revoked at {Iso(single.RevocationTime!.Value)}" + (single.RevocationReason != null ? $", reason {single.RevocationReason}." : ", no reason given."));
                    if (single.RevocationTime.Value > at)
                        item.Steps.Add($"Note: the revocation time is after the reference time {Iso(at)}.");
                    break;
                case OcspStatus.Unknown:
                    item.Steps.Add("The responder does not know this certificate (unknown).");
                    break;
                default:
                    item.Steps.Add("The responder says good.");
                    break;
            }
        }

        /// <summary>The Certificate Transparency SCT list (RFC 6962 §3.3) an OCSP responder may add to a SingleResponse.</summary>
        public const string SctListOid = "1.3.6.1.4.1.11129.2.4.5";

        /// <summary>
        /// Of several SingleResponses for one CertID, the worst: Revoked over Unknown over Good (the first of equals). A
        /// responder that says good and revoked in one signed response has said revoked.
        /// </summary>
        private static ParsedSingleResponse Worst(List<ParsedSingleResponse> candidates, List<string> steps)
        {
            var worst = candidates[0];
            foreach (var candidate in candidates)
                if (Rank(candidate.Status) > Rank(worst.Status)) worst = candidate;
            if (candidates.Count > 1)
                steps.Add($"{candidates.Count} SingleResponses match the CertID ({string.Join(", ", candidates.Select(c => c.Status.ToString().ToLowerInvariant()))}): the worst decides ({worst.Status.ToString().ToLowerInvariant()}).");
            return worst;
        }

        private static int Rank(OcspStatus status) => status == OcspStatus.Revoked ? 2 : status == OcspStatus.Unknown ? 1 : 0;

        /// <summary>SingleResponses about certificates of <paramref name="issuer"/>, by serial (every one, in order); hashes recomputed per algorithm used.</summary>
        private static Dictionary<string, List<ParsedSingleResponse>> Index(ParsedOcspResponse response, Org.BouncyCastle.X509.X509Certificate issuer, List<string> steps)
        {
            var byAlgorithm = new Dictionary<string, CertId?>();
            var matches = new Dictionary<string, List<ParsedSingleResponse>>(StringComparer.Ordinal);
            var foreign = 0;
            foreach (var single in response.Responses)
            {
                var oid = single.CertId.HashAlgorithmOid;
                if (!byAlgorithm.TryGetValue(oid, out var reference))
                    byAlgorithm[oid] = reference = CertId.Create(oid, issuer, BigInteger.Zero);
                if (reference == null
                    || !reference.IssuerNameHash.SequenceEqual(single.CertId.IssuerNameHash)
                    || !reference.IssuerKeyHash.SequenceEqual(single.CertId.IssuerKeyHash))
                {
                    foreign++;
                    continue;
                }

                if (!matches.TryGetValue(single.CertId.SerialKey, out var list)) matches[single.CertId.SerialKey] = list = new List<ParsedSingleResponse>();
                list.Add(single);
            }

            if (foreign > 0) steps.Add($"{foreign} SingleResponse(s) name another issuer or an unsupported hash algorithm.");
            return matches;
        }

        private static NonceStatus Nonce(ParsedOcspResponse response, OcspVerificationContext context, List<string> steps)
        {
            var received = response.Extensions.FirstOrDefault(e => e.Oid == OcspRequestBuilder.NonceOid);
            if (context.NonceSent == null)
            {
                if (received != null) steps.Add("The response carries a nonce although none was sent (ignored).");
                return NonceStatus.NotSent;
            }

            if (received == null)
            {
                steps.Add("Nonce sent; the response carries none" + (context.RequireNonce ? " (a nonce is required)." : " (accepted: many responders ignore nonces)."));
                return NonceStatus.Missing;
            }

            var sent = context.NonceSent;
            var wrapped = new DerOctetString(sent).GetDerEncoded();
            if (received.Value.SequenceEqual(wrapped) || received.Value.SequenceEqual(sent))
            {
                steps.Add("Nonce received matches the nonce sent.");
                return NonceStatus.Matched;
            }

            steps.Add($"Nonce received ({Hex(received.Value)}) differs from the nonce sent ({Hex(wrapped)}).");
            return NonceStatus.Mismatch;
        }

        internal static string Iso(DateTime value) => value.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

        private static string Hex(byte[] bytes) => Certificates.HexText.Upper(bytes);
    }
}
