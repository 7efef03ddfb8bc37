using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using PkiRevocation.Certificates;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace PkiRevocation.Ocsp
{
    /// <summary>
    /// Decodes a DER OCSPResponse (RFC 6960 §4.2.1). Never throws: bad bytes give MalformedResponse, a
    /// non-successful responseStatus gives ResponderError naming the code.
    /// </summary>
    internal static class OcspResponseParser
    {
        public const string BasicResponseOid = "1.3.6.1.5.5.7.48.1.1";

        /// <summary>The largest body accepted from a responder or a file.</summary>
        public const int MaxResponseBytes = 1024 * 1024;

        public static string StatusName(int status) => status switch
        {
            0 => "successful",
            1 => "malformedRequest",
            2 => "internalError",
            3 => "tryLater",
            5 => "sigRequired",
            6 => "unauthorized",
            _ => "undefined",
        };

        public static OcspParseResult Parse(byte[]? der)
        {
            if (der == null || der.Length == 0) return OcspParseResult.Failed(OcspFailureReason.MalformedResponse, "The response is empty.");
            if (der.Length > MaxResponseBytes) return OcspParseResult.Failed(OcspFailureReason.MalformedResponse, $"The response is {der.Length} bytes, more than the {MaxResponseBytes} accepted.");
            try
            {
                return ParseUnchecked(der);
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                // BouncyCastle reports bad ASN.1 with a zoo of exception types (IOException, ArgumentException,
                // InvalidCastException, FormatException, IndexOutOfRange...): every one means "not an OCSP response".
                return OcspParseResult.Failed(OcspFailureReason.MalformedResponse, $"The response is not a DER OCSPResponse: {ex.Message}");
            }
        }

        private static OcspParseResult ParseUnchecked(byte[] der)
        {
            // Walk the envelope with the strict DER reader first: it gives the exact tbsResponseData bytes.
            var reader = new DerReader(der);
            var outer = reader.Read(DerTag.Sequence);
            if (reader.HasData) return OcspParseResult.Failed(OcspFailureReason.MalformedResponse, "The response has trailing bytes after the OCSPResponse.");
            var body = reader.Enter(outer);
            var statusElement = body.Read(DerTag.Enumerated);
            var statusBytes = statusElement.ContentToArray(der);
            if (statusBytes.Length != 1) return OcspParseResult.Failed(OcspFailureReason.MalformedResponse, "The responseStatus is not a one-byte ENUMERATED.");
            int status = statusBytes[0];
            if (status != 0)
            {
                if (StatusName(status) == "undefined" || status > 6)
                    return OcspParseResult.Failed(OcspFailureReason.MalformedResponse, $"The responseStatus {status} is not defined by RFC 6960.");
                return OcspParseResult.Failed(OcspFailureReason.ResponderError, $"The responder answered {StatusName(status)} ({status}).");
            }

            if (!body.TryRead(DerTag.ContextConstructed(0), out var explicitBytes))
                return OcspParseResult.Failed(OcspFailureReason.MalformedResponse, "A successful response carries no responseBytes.");
            if (body.HasData) return OcspParseResult.Failed(OcspFailureReason.MalformedResponse, "Unexpected data after responseBytes.");
            var tagged = body.Enter(explicitBytes);
            var responseBytes = tagged.Read(DerTag.Sequence);
            var rb = tagged.Enter(responseBytes);
            var typeElement = rb.Read(DerTag.ObjectIdentifier);
            var typeOid = ((DerObjectIdentifier)Asn1Object.FromByteArray(typeElement.ToArray(der))).Id;
            if (typeOid != BasicResponseOid) return OcspParseResult.Failed(OcspFailureReason.MalformedResponse, $"The responseType {typeOid} is not id-pkix-ocsp-basic.");
            var basicBytes = rb.Read(DerTag.OctetString).ContentToArray(der);

            var basicReader = new DerReader(basicBytes);
            var basicElement = basicReader.Read(DerTag.Sequence);
            if (basicReader.HasData) return OcspParseResult.Failed(OcspFailureReason.MalformedResponse, "Trailing bytes after the BasicOCSPResponse.");
            // BasicOCSPResponse ::= SEQUENCE { tbsResponseData, signatureAlgorithm, signature BIT STRING,
            // certs [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }: walked here, so that only tbsResponseData goes
            // through BouncyCastle's decoder and the certificates are decoded once per distinct encoding (a responder
            // sends the same one or two certificates in every response).
            var fields = basicReader.Enter(basicElement);
            var tbsElement = fields.Read(DerTag.Sequence);
            var algorithmElement = fields.Read(DerTag.Sequence);
            var signatureElement = fields.Read(DerTag.BitString);
            var certificateElements = new List<DerElement>();
            if (fields.TryRead(DerTag.ContextConstructed(0), out var certsExplicit))
            {
                var explicitReader = fields.Enter(certsExplicit);
                var certsSequence = explicitReader.Read(DerTag.Sequence);
                if (explicitReader.HasData) return OcspParseResult.Failed(OcspFailureReason.MalformedResponse, "Unexpected data after the certs of the BasicOCSPResponse.");
                var certsReader = explicitReader.Enter(certsSequence);
                while (certsReader.HasData) certificateElements.Add(certsReader.Read(DerTag.Sequence));
            }

            if (fields.HasData) return OcspParseResult.Failed(OcspFailureReason.MalformedResponse, "Unexpected data after the BasicOCSPResponse fields.");
            if (signatureElement.ContentLength < 1 || basicBytes[signatureElement.ContentOffset] != 0)
                return OcspParseResult.Failed(OcspFailureReason.MalformedResponse, "The response signature is not a whole number of bytes.");
            var tbsRaw = tbsElement.ToArray(basicBytes);
            var signature = new byte[signatureElement.ContentLength - 1];
            Array.Copy(basicBytes, signatureElement.ContentOffset + 1, signature, 0, signature.Length);

            var data = ResponseData.GetInstance(Asn1Object.FromByteArray(tbsRaw));
            if (data.Version.Value.IntValue != 0) return OcspParseResult.Failed(OcspFailureReason.MalformedResponse, $"The ResponseData version {data.Version.Value} is not v1.");

            var parsed = new ParsedOcspResponse
            {
                Raw = der,
                TbsResponseData = tbsRaw,
                SignatureAlgorithm = AlgorithmIdentifier.GetInstance(Asn1Object.FromByteArray(algorithmElement.ToArray(basicBytes))),
                Signature = signature,
                ProducedAt = Utc(data.ProducedAt.ToDateTime()),
                Extensions = Extensions(data.ResponseExtensions),
            };

            var responderId = data.ResponderID;
            if (responderId.ToAsn1Object() is Asn1TaggedObject tag && tag.TagNo == 2)
            {
                parsed.ResponderByKey = responderId.GetKeyHash();
                if (parsed.ResponderByKey == null) return OcspParseResult.Failed(OcspFailureReason.MalformedResponse, "The ResponderID byKey carries no key hash.");
            }
            else
            {
                parsed.ResponderByName = responderId.Name ?? throw new FormatException("The ResponderID is neither byName nor byKey.");
                parsed.ResponderByNameDer = parsed.ResponderByName.GetDerEncoded();
            }

            var certificates = new List<BcCertificate>(certificateElements.Count);
            foreach (var element in certificateElements) certificates.Add(CarriedCertificate(basicBytes, element));
            parsed.Certificates = certificates;

            var responses = new List<ParsedSingleResponse>();
            foreach (Asn1Encodable item in data.Responses)
                responses.Add(Single(SingleResponse.GetInstance(item)));
            if (responses.Count == 0) return OcspParseResult.Failed(OcspFailureReason.MalformedResponse, "The response carries no SingleResponse.");
            parsed.Responses = responses;
            return OcspParseResult.Success(parsed);
        }

        private static readonly ConcurrentDictionary<string, BcCertificate> Carried = new ConcurrentDictionary<string, BcCertificate>(StringComparer.Ordinal);

        /// <summary>
        /// A certificate carried in a response, decoded once per distinct encoding for the life of the process (the
        /// same object each time, so what is learnt about it, such as its imported key, is reused). Decoding only:
        /// whether it may sign is decided for every response by <see cref="ResponderAuthorization"/>.
        /// </summary>
        private static BcCertificate CarriedCertificate(byte[] buffer, DerElement element)
        {
            var key = Convert.ToBase64String(buffer, element.Offset, element.TotalLength);
            if (Carried.TryGetValue(key, out var known)) return known;
            var decoded = new BcCertificate(X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(element.ToArray(buffer))));
            if (Carried.Count >= 256) Carried.Clear();
            return Carried.GetOrAdd(key, decoded);
        }

        private static ParsedSingleResponse Single(SingleResponse response)
        {
            var single = new ParsedSingleResponse
            {
                CertId = CertId.FromAsn1(response.CertId),
                ThisUpdate = Utc(response.ThisUpdate.ToDateTime()),
                NextUpdate = response.NextUpdate == null ? (DateTime?)null : Utc(response.NextUpdate.ToDateTime()),
                Extensions = Extensions(response.SingleExtensions),
            };

            var status = response.CertStatus;
            switch (status.TagNo)
            {
                case 0:
                    single.Status = OcspStatus.Good;
                    break;
                case 1:
                    var revoked = RevokedInfo.GetInstance(status.Status);
                    single.Status = OcspStatus.Revoked;
                    single.RevocationTime = Utc(revoked.RevocationTime.ToDateTime());
                    if (revoked.RevocationReason != null) single.RevocationReason = ReasonName(revoked.RevocationReason.Value.IntValue);
                    break;
                case 2:
                    single.Status = OcspStatus.Unknown;
                    break;
                default:
                    throw new FormatException($"The certStatus tag [{status.TagNo}] is not good, revoked or unknown.");
            }

            return single;
        }

        private static IReadOnlyList<ParsedExtension> Extensions(X509Extensions? extensions)
        {
            if (extensions == null) return Array.Empty<ParsedExtension>();
            var list = new List<ParsedExtension>();
            foreach (DerObjectIdentifier oid in extensions.ExtensionOids)
            {
                var extension = extensions.GetExtension(oid);
                list.Add(new ParsedExtension(oid.Id, extension.IsCritical, extension.Value.GetOctets()));
            }

            return list;
        }

        /// <summary>RFC 5280 CRLReason names, PascalCase.</summary>
        public static string ReasonName(int code) => code switch
        {
            0 => "Unspecified",
            1 => "KeyCompromise",
            2 => "CaCompromise",
            3 => "AffiliationChanged",
            4 => "Superseded",
            5 => "CessationOfOperation",
            6 => "CertificateHold",
            8 => "RemoveFromCrl",
            9 => "PrivilegeWithdrawn",
            10 => "AACompromise",
            _ => "Reason" + code,
        };

        private static DateTime Utc(DateTime value) => Configuration.ReferenceTime.ToUtc(value);
    }
}
