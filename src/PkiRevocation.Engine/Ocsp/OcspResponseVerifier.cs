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

                Judge(item, matches, context);
            }
        }

        private static void Judge(OcspCheckItem item, Dictionary<BigInteger, ParsedSingleResponse> matches, OcspVerificationContext context)
        {
            var result = item.Result;
            var id = item.RequestId!;
            if (!matches.TryGetValue(id.SerialNumber, out var single))
            {
                item.Fail(OcspFailureReason.NoMatchingResponse, $"No SingleResponse matches the CertID requested ({id}, issuer name and key hash of '{CertificateNames.Display(item.Issuer!)}').");
                return;
            }

            if (single.CertId.HashAlgorithmOid != id.HashAlgorithmOid)
                item.Steps.Add($"The matching SingleResponse uses {CertId.AlgorithmName(single.CertId.HashAlgorithmOid)} where {CertId.AlgorithmName(id.HashAlgorithmOid)} was asked; its hashes were recomputed and match.");
            else
                item.Steps.Add($"SingleResponse matches the CertID ({id}).");

            result.ThisUpdate = single.ThisUpdate;
            result.NextUpdate = single.NextUpdate;
            var critical = single.Extensions.Where(e => e.Critical).Select(e => e.Oid).ToList();
            if (critical.Count > 0)
            {
                item.Fail(OcspFailureReason.UnhandledCriticalExtension, $"The SingleResponse has critical extension(s) not understood: {string.Join(", ", critical)}.");
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
                if (single.ThisUpdate + context.MaxAge < at - skew)
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

        /// <summary>SingleResponses about certificates of <paramref name="issuer"/>, by serial; hashes recomputed per algorithm used.</summary>
        private static Dictionary<BigInteger, ParsedSingleResponse> Index(ParsedOcspResponse response, Org.BouncyCastle.X509.X509Certificate issuer, List<string> steps)
        {
            var byAlgorithm = new Dictionary<string, CertId?>();
            var matches = new Dictionary<BigInteger, ParsedSingleResponse>();
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

                if (!matches.ContainsKey(single.CertId.SerialNumber)) matches[single.CertId.SerialNumber] = single;
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
