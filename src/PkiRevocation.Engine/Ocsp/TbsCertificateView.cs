using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using PkiRevocation.Certificates;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace PkiRevocation.Ocsp
{
    /// <summary>
    /// What OCSP needs from a certificate being checked (RFC 5280 §4.1): its DER as received, serial number, issuer
    /// and subject names and the OCSP URIs of its Authority Information Access extension, read with the DER walker instead of a
    /// full BouncyCastle decode (which was the largest per-certificate cost of a large run). The issuer's signature
    /// on the certificate is checked by <see cref="SignatureVerifier.IssuedBy(byte[], BcCertificate)"/>.
    /// </summary>
    internal sealed class TbsCertificateView
    {
        // 1.3.6.1.5.5.7.1.1 id-pe-authorityInfoAccess and 1.3.6.1.5.5.7.48.1 id-ad-ocsp, DER content octets.
        private static readonly byte[] AiaOid = { 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01 };
        private static readonly byte[] OcspAccessMethod = { 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01 };
        private const int UriTag = 0x86; // GeneralName uniformResourceIdentifier [6] IMPLICIT IA5String

        private X509Name? _issuerName;

        private TbsCertificateView(byte[] der, DerElement serial, byte[] issuerNameDer, byte[] subjectNameDer, IReadOnlyList<string> ocspUris)
        {
            Der = der;
            var serialBytes = serial.ContentToArray(der);
            SerialBytes = serialBytes;
            SerialNumber = new BcBigInteger(serialBytes);
            SerialNumberHex = CertificateFacts.Hex(serialBytes);
            IssuerNameDer = issuerNameDer;
            SubjectNameDer = subjectNameDer;
            OcspUris = ocspUris;
        }

        public byte[] Der { get; }

        public BcBigInteger SerialNumber { get; }

        /// <summary>The serial number's INTEGER content octets exactly as encoded (what a CertID carries and matches).</summary>
        public byte[] SerialBytes { get; }

        /// <summary>The serial number's INTEGER content octets in upper-case hex, leading 00 kept: as X509Certificate2.SerialNumber.</summary>
        public string SerialNumberHex { get; }

        /// <summary>The issuer Name exactly as encoded in the certificate.</summary>
        public byte[] IssuerNameDer { get; }

        /// <summary>The subject Name exactly as encoded in the certificate.</summary>
        public byte[] SubjectNameDer { get; }

        /// <summary>The subject as X509Certificate2.Subject gives it; set by <see cref="TryRead(byte[], bool, out string)"/> with names.</summary>
        public string? Subject { get; private set; }

        /// <summary>The issuer as X509Certificate2.Issuer gives it; set by <see cref="TryRead(byte[], bool, out string)"/> with names.</summary>
        public string? Issuer { get; private set; }

        /// <summary>The OCSP URIs of the AIA extension, in order (empty when there is none or it cannot be read).</summary>
        public IReadOnlyList<string> OcspUris { get; }

        /// <summary>The issuer name decoded (only needed when it is not byte-identical to a candidate's subject).</summary>
        public X509Name IssuerName => _issuerName ??= X509Name.GetInstance(Asn1Object.FromByteArray(IssuerNameDer));

        /// <summary>The view of a DER certificate; null when it is not a well-formed DER certificate.</summary>
        public static TbsCertificateView? TryRead(byte[] der) => TryRead(der, false, out _);

        /// <summary>
        /// The view of a DER certificate, or null with <paramref name="problem"/> saying why it is not one. The walk
        /// follows the ASN.1 of RFC 5280 §4.1 as a platform decoder does (every field's type, Names as RDNSequence,
        /// extensions as OID/critical/OCTET STRING) without decoding values; <paramref name="withNames"/> also decodes
        /// the subject and issuer strings, so a Name the platform cannot render is refused here too.
        /// </summary>
        public static TbsCertificateView? TryRead(byte[] der, bool withNames, out string problem)
        {
            problem = "";
            TbsCertificateView view;
            try
            {
                view = Walk(der);
            }
            catch (FormatException ex)
            {
                problem = ex.Message;
                return null;
            }

            if (!withNames) return view;
            try
            {
                view.Subject = new X500DistinguishedName(view.SubjectNameDer).Name;
                view.Issuer = new X500DistinguishedName(view.IssuerNameDer).Name;
                return view;
            }
            catch (CryptographicException ex)
            {
                problem = $"{(view.Subject == null ? "the subject" : "the issuer")} name cannot be decoded: {ex.Message}";
                return null;
            }
        }

        private static TbsCertificateView Walk(byte[] der)
        {
            var reader = new DerReader(der, AsnEncodingRules.DER);
            var certificate = reader.Read(DerTag.Sequence);
            if (reader.HasData) throw new FormatException("Bytes follow the certificate.");
            var body = reader.Enter(certificate);
            var tbs = body.Enter(body.Read(DerTag.Sequence));
            ReadAlgorithm(ref body);
            body.Read(DerTag.BitString);
            if (body.HasData) throw new FormatException("The certificate has more than tbsCertificate, signatureAlgorithm and signature.");

            if (tbs.TryRead(DerTag.ContextConstructed(0), out var version)) DerDecoder.Sole(tbs.Enter(version), DerTag.Integer, "version");
            var serial = tbs.Read(DerTag.Integer);
            if (serial.ContentLength == 0) throw new FormatException("The serial number is empty.");
            ReadAlgorithm(ref tbs);
            var issuer = Name(ref tbs);
            var validity = tbs.Enter(tbs.Read(DerTag.Sequence));
            Time(ref validity);
            Time(ref validity);
            if (validity.HasData) throw new FormatException("The validity has more than notBefore and notAfter.");
            var subject = Name(ref tbs);
            var publicKey = tbs.Enter(tbs.Read(DerTag.Sequence));
            ReadAlgorithm(ref publicKey);
            publicKey.Read(DerTag.BitString);
            if (publicKey.HasData) throw new FormatException("The subjectPublicKeyInfo has more than algorithm and subjectPublicKey.");
            tbs.TryRead(DerTag.ContextPrimitive(1), out _);
            tbs.TryRead(DerTag.ContextPrimitive(2), out _);
            IReadOnlyList<string> uris = Array.Empty<string>();
            if (tbs.TryRead(DerTag.ContextConstructed(3), out var explicitExtensions)) uris = OcspUrisOf(der, tbs.Enter(explicitExtensions));
            if (tbs.HasData) throw new FormatException("The tbsCertificate has fields after the extensions.");

            return new TbsCertificateView(der, serial, issuer.ToArray(der), subject.ToArray(der), uris);
        }

        private static void ReadAlgorithm(ref DerReader reader)
        {
            var algorithm = reader.Enter(reader.Read(DerTag.Sequence));
            algorithm.Read(DerTag.ObjectIdentifier);
            if (algorithm.HasData) algorithm.Read();
            if (algorithm.HasData) throw new FormatException("An AlgorithmIdentifier has more than algorithm and parameters.");
        }

        /// <summary>Name ::= RDNSequence: SEQUENCE OF SET OF AttributeTypeAndValue { type OID, value ANY }.</summary>
        private static DerElement Name(ref DerReader reader)
        {
            var name = reader.Read(DerTag.Sequence);
            var rdns = reader.Enter(name);
            while (rdns.HasData)
            {
                var rdn = rdns.Enter(rdns.Read(DerTag.Set));
                while (rdn.HasData)
                {
                    var attribute = rdn.Enter(rdn.Read(DerTag.Sequence));
                    attribute.Read(DerTag.ObjectIdentifier);
                    attribute.Read();
                    if (attribute.HasData) throw new FormatException("An AttributeTypeAndValue of a Name has more than type and value.");
                }
            }

            return name;
        }

        private static void Time(ref DerReader validity)
        {
            var tag = validity.PeekTag();
            if (tag != DerTag.UtcTime && tag != DerTag.GeneralizedTime) throw new FormatException($"A validity time is neither UTCTime nor GeneralizedTime (tag 0x{tag:X2}).");
            validity.Read();
        }

        /// <summary>
        /// Is <paramref name="candidate"/>'s subject this certificate's issuer name? Byte-identical encodings match
        /// at once; otherwise BouncyCastle's RFC 5280 name comparison decides, as it always did.
        /// </summary>
        public bool IssuerNameMatches(BcCertificate candidate)
        {
            if (CertificateNames.Same(CertificateNames.SubjectDer(candidate), IssuerNameDer)) return true;
            try
            {
                return candidate.SubjectDN.Equivalent(IssuerName);
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                return false;
            }
        }

        /// <summary>
        /// Walks every extension (<see cref="ExtensionWalk"/>) and returns the OCSP URIs of the AIA extension; an
        /// unreadable AIA value gives none (as before: BouncyCastle's errors were swallowed too).
        /// </summary>
        private static IReadOnlyList<string> OcspUrisOf(byte[] der, DerReader explicitExtensions)
        {
            var extensions = explicitExtensions.Enter(explicitExtensions.Read(DerTag.Sequence));
            if (explicitExtensions.HasData) throw new FormatException("The extensions field holds more than one element.");
            var hasAia = false;
            var aia = default(DerElement);
            // A constructed (BER) OCTET STRING is let through as before: platform decoders read it; an AIA in that form gives no URI.
            var walk = new ExtensionWalk(extensions, constructedValues: true);
            while (walk.Next(out var extension))
            {
                if (!hasAia && extension.Value.Tag == DerTag.OctetString && extension.Is(der, AiaOid))
                {
                    aia = extension.Value;
                    hasAia = true;
                }
            }

            if (!hasAia) return Array.Empty<string>();
            try
            {
                return AccessDescriptions(der, aia);
            }
            catch (FormatException)
            {
                return Array.Empty<string>();
            }
        }

        private static IReadOnlyList<string> AccessDescriptions(byte[] der, DerElement value)
        {
            var list = new List<string>();
            var outer = new DerReader(der, value.ContentOffset, value.ContentLength, AsnEncodingRules.DER);
            var descriptions = outer.Enter(outer.Read(DerTag.Sequence));
            while (descriptions.HasData)
            {
                var description = descriptions.Enter(descriptions.Read(DerTag.Sequence));
                var method = description.Read(DerTag.ObjectIdentifier);
                var location = description.Read();
                if (!DerDecoder.ContentEquals(der, method, OcspAccessMethod) || location.Tag != UriTag) continue;
                var chars = new char[location.ContentLength];
                for (var i = 0; i < chars.Length; i++) chars[i] = (char)der[location.ContentOffset + i];
                list.Add(new string(chars));
            }

            return list;
        }
    }
}
