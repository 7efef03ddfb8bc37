using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using Org.BouncyCastle.Asn1;
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
                // The DER walk throws FormatException; BouncyCastle, which still decodes the carried certificates, the
                // ResponderID name and the signature algorithm, reports bad ASN.1 with a zoo of exception types
                // (IOException, ArgumentException, InvalidCastException...): every one means "not an OCSP response".
                return OcspParseResult.Failed(OcspFailureReason.MalformedResponse, $"The response is not a DER OCSPResponse: {ex.Message}");
            }
        }

        private static OcspParseResult ParseUnchecked(byte[] der)
        {
            // Everything is walked under DER rules (RFC 6960 §4.2.1), in place: the exact tbsResponseData bytes for the
            // signature, and every field of ResponseData without an ASN.1 object per value.
            var reader = new DerReader(der, Rules);
            var outer = reader.Read(DerTag.Sequence);
            if (reader.HasData) return OcspParseResult.Failed(OcspFailureReason.MalformedResponse, "The response has trailing bytes after the OCSPResponse.");
            var body = reader.Enter(outer);
            var statusElement = body.Read(DerTag.Enumerated);
            if (statusElement.ContentLength != 1) return OcspParseResult.Failed(OcspFailureReason.MalformedResponse, "The responseStatus is not a one-byte ENUMERATED.");
            int status = der[statusElement.ContentOffset];
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
            if (tagged.HasData) return OcspParseResult.Failed(OcspFailureReason.MalformedResponse, "Unexpected data after the ResponseBytes.");
            var rb = tagged.Enter(responseBytes);
            var typeElement = rb.Read(DerTag.ObjectIdentifier);
            if (!DerDecoder.ContentEquals(der, typeElement, BasicResponseOidContent))
                return OcspParseResult.Failed(OcspFailureReason.MalformedResponse, $"The responseType {DerDecoder.Oid(der, typeElement, Rules)} is not id-pkix-ocsp-basic.");
            var octets = rb.Read(DerTag.OctetString);
            if (rb.HasData) return OcspParseResult.Failed(OcspFailureReason.MalformedResponse, "Unexpected data after the response OCTET STRING.");

            var basicReader = new DerReader(der, octets.ContentOffset, octets.ContentLength, Rules);
            var basicElement = basicReader.Read(DerTag.Sequence);
            if (basicReader.HasData) return OcspParseResult.Failed(OcspFailureReason.MalformedResponse, "Trailing bytes after the BasicOCSPResponse.");
            // BasicOCSPResponse ::= SEQUENCE { tbsResponseData, signatureAlgorithm, signature BIT STRING,
            // certs [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }. The certificates and the signature algorithm
            // are decoded once per distinct encoding (a responder sends the same ones in every response).
            var fields = basicReader.Enter(basicElement);
            var tbsElement = fields.Read(DerTag.Sequence);
            var algorithmElement = fields.Read(DerTag.Sequence);
            var signatureElement = fields.Read(DerTag.BitString);
            var certificates = new List<BcCertificate>();
            if (fields.TryRead(DerTag.ContextConstructed(0), out var certsExplicit))
            {
                var explicitReader = fields.Enter(certsExplicit);
                var certsSequence = explicitReader.Read(DerTag.Sequence);
                if (explicitReader.HasData) return OcspParseResult.Failed(OcspFailureReason.MalformedResponse, "Unexpected data after the certs of the BasicOCSPResponse.");
                var certsReader = explicitReader.Enter(certsSequence);
                while (certsReader.HasData)
                {
                    var certificate = certsReader.Read(DerTag.Sequence);
                    certificates.Add(Carried.Get(der, certificate.Offset, certificate.TotalLength));
                }
            }

            if (fields.HasData) return OcspParseResult.Failed(OcspFailureReason.MalformedResponse, "Unexpected data after the BasicOCSPResponse fields.");
            if (signatureElement.ContentLength < 1 || der[signatureElement.ContentOffset] != 0)
                return OcspParseResult.Failed(OcspFailureReason.MalformedResponse, "The response signature is not a whole number of bytes.");
            var signature = new byte[signatureElement.ContentLength - 1];
            Array.Copy(der, signatureElement.ContentOffset + 1, signature, 0, signature.Length);

            var parsed = new ParsedOcspResponse
            {
                Raw = der,
                TbsResponseData = tbsElement.ToArray(der),
                SignatureAlgorithm = Algorithms.Get(der, algorithmElement.Offset, algorithmElement.TotalLength),
                Signature = signature,
                Certificates = certificates,
            };
            var failure = ReadResponseData(der, fields.Enter(tbsElement), parsed);
            return failure != null ? OcspParseResult.Failed(OcspFailureReason.MalformedResponse, failure) : OcspParseResult.Success(parsed);
        }

        /// <summary>
        /// ResponseData ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1, responderID ResponderID,
        /// producedAt GeneralizedTime, responses SEQUENCE OF SingleResponse, responseExtensions [1] EXPLICIT
        /// Extensions OPTIONAL }. Null when read; why not otherwise (or a FormatException).
        /// </summary>
        private static string? ReadResponseData(byte[] der, DerReader data, ParsedOcspResponse parsed)
        {
            if (data.TryRead(DerTag.ContextConstructed(0), out var versionExplicit))
            {
                var version = DerDecoder.Sole(data.Enter(versionExplicit), DerTag.Integer, "version");
                var value = DerDecoder.Integer(der, version, Rules);
                if (!value.IsZero) return $"The ResponseData version {value} is not v1.";
            }

            // ResponderID ::= CHOICE { byName [1] EXPLICIT Name, byKey [2] EXPLICIT KeyHash (OCTET STRING) }
            var responderId = data.Read();
            if (responderId.Tag == DerTag.ContextConstructed(1))
            {
                var name = DerDecoder.Sole(data.Enter(responderId), DerTag.Sequence, "ResponderID byName");
                parsed.ResponderByName = Names.Get(der, name.Offset, name.TotalLength);
                parsed.ResponderByNameDer = name.ToArray(der);
            }
            else if (responderId.Tag == DerTag.ContextConstructed(2))
            {
                parsed.ResponderByKey = DerDecoder.Sole(data.Enter(responderId), DerTag.OctetString, "ResponderID byKey").ContentToArray(der);
            }
            else
            {
                return $"The ResponderID (tag 0x{responderId.Tag:X2}) is neither byName [1] nor byKey [2].";
            }

            parsed.ProducedAt = GeneralizedTime(der, data.Read());
            var list = data.Read(DerTag.Sequence);
            if (data.TryRead(DerTag.ContextConstructed(1), out var extensions)) parsed.Extensions = Extensions(der, data.Enter(extensions));
            if (data.HasData) return "Unexpected data after the ResponseData fields.";

            var responses = new List<ParsedSingleResponse>();
            var singles = data.Enter(list);
            while (singles.HasData) responses.Add(SingleResponse(der, singles.Enter(singles.Read(DerTag.Sequence))));
            if (responses.Count == 0) return "The response carries no SingleResponse.";
            parsed.Responses = responses;
            return null;
        }

        /// <summary>
        /// SingleResponse ::= SEQUENCE { certID CertID, certStatus CertStatus, thisUpdate GeneralizedTime,
        /// nextUpdate [0] EXPLICIT GeneralizedTime OPTIONAL, singleExtensions [1] EXPLICIT Extensions OPTIONAL }
        /// </summary>
        private static ParsedSingleResponse SingleResponse(byte[] der, DerReader fields)
        {
            var single = new ParsedSingleResponse { CertId = ReadCertId(der, fields.Enter(fields.Read(DerTag.Sequence))) };

            // CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo, unknown [2] IMPLICIT NULL }
            var status = fields.Read();
            if (status.Tag == DerTag.ContextPrimitive(0) && status.ContentLength == 0)
            {
                single.Status = OcspStatus.Good;
            }
            else if (status.Tag == DerTag.ContextPrimitive(2) && status.ContentLength == 0)
            {
                single.Status = OcspStatus.Unknown;
            }
            else if (status.Tag == DerTag.ContextConstructed(1))
            {
                // RevokedInfo ::= SEQUENCE { revocationTime GeneralizedTime, revocationReason [0] EXPLICIT CRLReason OPTIONAL }
                var revoked = fields.Enter(status);
                single.Status = OcspStatus.Revoked;
                single.RevocationTime = GeneralizedTime(der, revoked.Read());
                if (revoked.TryRead(DerTag.ContextConstructed(0), out var reason))
                    single.RevocationReason = ReasonName(DerDecoder.Enumerated(der, DerDecoder.Sole(revoked.Enter(reason), DerTag.Enumerated, "revocationReason"), Rules));
                if (revoked.HasData) throw new FormatException("Unexpected data in RevokedInfo.");
            }
            else
            {
                throw new FormatException($"The certStatus (tag 0x{status.Tag:X2}, {status.ContentLength} bytes) is not good [0], revoked [1] or unknown [2].");
            }

            single.ThisUpdate = GeneralizedTime(der, fields.Read());
            if (fields.TryRead(DerTag.ContextConstructed(0), out var nextUpdate))
                single.NextUpdate = GeneralizedTime(der, DerDecoder.Sole(fields.Enter(nextUpdate), DerTag.GeneralizedTime, "nextUpdate"));
            if (fields.TryRead(DerTag.ContextConstructed(1), out var extensions)) single.Extensions = Extensions(der, fields.Enter(extensions));
            if (fields.HasData) throw new FormatException("Unexpected data after the SingleResponse fields.");
            return single;
        }

        /// <summary>
        /// CertID ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, issuerNameHash OCTET STRING,
        /// issuerKeyHash OCTET STRING, serialNumber CertificateSerialNumber }
        /// </summary>
        private static CertId ReadCertId(byte[] der, DerReader fields)
        {
            var algorithm = fields.Enter(fields.Read(DerTag.Sequence));
            var oid = DerDecoder.Oid(der, algorithm.Read(DerTag.ObjectIdentifier), Rules);
            if (algorithm.HasData) algorithm.Read(); // parameters (NULL or absent)
            if (algorithm.HasData) throw new FormatException("Unexpected data in the CertID hashAlgorithm.");
            var nameHash = fields.Read(DerTag.OctetString).ContentToArray(der);
            var keyHash = fields.Read(DerTag.OctetString).ContentToArray(der);
            // The serial is kept as encoded, not decoded as a DER INTEGER: a negative or non-minimal serial is matched by its exact bytes.
            var serial = fields.Read(DerTag.Integer);
            if (serial.ContentLength == 0) throw new FormatException("The CertID serialNumber is empty.");
            if (fields.HasData) throw new FormatException("Unexpected data after the CertID fields.");
            return CertId.Received(oid, nameHash, keyHash, serial.ContentToArray(der));
        }

        /// <summary>
        /// The content of an EXPLICIT tag: Extensions (<see cref="ExtensionWalk"/>), in order. An extension that appears
        /// twice makes the response malformed (two nonces, say, could not both be judged).
        /// </summary>
        private static IReadOnlyList<ParsedExtension> Extensions(byte[] der, DerReader explicitContent)
        {
            var walk = new ExtensionWalk(explicitContent.Enter(DerDecoder.Sole(explicitContent, DerTag.Sequence, "Extensions")));
            var list = new List<ParsedExtension>();
            while (walk.Next(out var extension))
            {
                var oid = DerDecoder.Oid(der, extension.Oid, Rules);
                foreach (var seen in list)
                    if (seen.Oid == oid) throw new FormatException($"The extension {oid} appears twice.");
                list.Add(new ParsedExtension(oid, extension.Critical, extension.Value.ContentToArray(der)));
            }

            return list;
        }

        /// <summary>
        /// A GeneralizedTime as OCSP responders send it, read by <see cref="TimeText"/>: YYYYMMDDHHMMSSZ, optionally with
        /// one to seven digits of fractional seconds after a '.' (the precision of a DateTime, and what BouncyCastle
        /// accepted; a trailing zero, which DER forbids, is accepted as BouncyCastle does). Other forms (no seconds, a
        /// local time or an offset, a ',' separator) are not the DER RFC 6960 requires and are refused.
        /// </summary>
        private static DateTime GeneralizedTime(byte[] der, DerElement element)
        {
            if (element.Tag != DerTag.GeneralizedTime) throw new FormatException($"Expected a GeneralizedTime, found tag 0x{element.Tag:X2}.");
            var time = TimeText.Parse(element.Content(der), generalized: true);
            if (time.Value == null || time.Zone != 'Z' || !time.HasSeconds || time.FractionDigits > 7 || (time.FractionDigits > 0 && time.DecimalMark != '.'))
            {
                var chars = new char[Math.Min(element.ContentLength, 40)];
                for (var i = 0; i < chars.Length; i++)
                {
                    var b = der[element.ContentOffset + i];
                    chars[i] = b >= 0x20 && b < 0x7F ? (char)b : '?';
                }

                throw new FormatException($"'{new string(chars)}' is not a GeneralizedTime YYYYMMDDHHMMSS[.fffffff]Z.");
            }

            return time.Value.Value;
        }

        // id-pkix-ocsp-basic 1.3.6.1.5.5.7.48.1.1, DER content octets.
        private static readonly byte[] BasicResponseOidContent = { 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x01 };

        /// <summary>
        /// Certificates carried in responses. Decoding only: whether one may sign is decided for every response by
        /// <see cref="ResponderAuthorization"/>.
        /// </summary>
        private static readonly EncodingCache<BcCertificate> Carried = new EncodingCache<BcCertificate>(256,
            encoding => new BcCertificate(X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(encoding))));

        /// <summary>ResponderID names, decoded by BouncyCastle (the RFC 5280 comparison and the display string are its own).</summary>
        private static readonly EncodingCache<X509Name> Names = new EncodingCache<X509Name>(256,
            encoding => X509Name.GetInstance(Asn1Object.FromByteArray(encoding)));

        private static readonly EncodingCache<AlgorithmIdentifier> Algorithms = new EncodingCache<AlgorithmIdentifier>(64,
            encoding => AlgorithmIdentifier.GetInstance(Asn1Object.FromByteArray(encoding)));

        /// <summary>OCSP structures are DER (RFC 6960 §4.2.1): indefinite and non-minimal lengths are refused.</summary>
        private const AsnEncodingRules Rules = AsnEncodingRules.DER;

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
