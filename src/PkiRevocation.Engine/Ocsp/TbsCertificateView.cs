using System;
using System.Collections.Generic;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using PkiRevocation.Certificates;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace PkiRevocation.Ocsp
{
    /// <summary>
    /// What OCSP needs from a certificate being checked (RFC 5280 §4.1): its DER as received, serial number, issuer
    /// name and the OCSP URIs of its Authority Information Access extension, read with the DER walker instead of a
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

        private TbsCertificateView(byte[] der, BcBigInteger serialNumber, byte[] issuerNameDer, IReadOnlyList<string> ocspUris)
        {
            Der = der;
            SerialNumber = serialNumber;
            IssuerNameDer = issuerNameDer;
            OcspUris = ocspUris;
        }

        public byte[] Der { get; }

        public BcBigInteger SerialNumber { get; }

        /// <summary>The issuer Name exactly as encoded in the certificate.</summary>
        public byte[] IssuerNameDer { get; }

        /// <summary>The OCSP URIs of the AIA extension, in order (empty when there is none or it cannot be read).</summary>
        public IReadOnlyList<string> OcspUris { get; }

        /// <summary>The issuer name decoded (only needed when it is not byte-identical to a candidate's subject).</summary>
        public X509Name IssuerName => _issuerName ??= X509Name.GetInstance(Asn1Object.FromByteArray(IssuerNameDer));

        /// <summary>The view of a DER certificate; null when it is not a well-formed DER certificate.</summary>
        public static TbsCertificateView? TryRead(byte[] der)
        {
            try
            {
                var reader = new DerReader(der);
                var certificate = reader.Read(DerTag.Sequence);
                if (reader.HasData) return null;
                var body = reader.Enter(certificate);
                var tbs = body.Enter(body.Read(DerTag.Sequence));
                body.Read(DerTag.Sequence);
                body.Read(DerTag.BitString);
                if (body.HasData) return null;

                tbs.TryRead(DerTag.ContextConstructed(0), out _);
                var serial = tbs.Read(DerTag.Integer);
                if (serial.ContentLength == 0) return null;
                tbs.Read(DerTag.Sequence);
                var issuer = tbs.Read(DerTag.Sequence);
                tbs.Read(DerTag.Sequence);
                tbs.Read(DerTag.Sequence);
                tbs.Read(DerTag.Sequence);
                tbs.TryRead(DerTag.ContextPrimitive(1), out _);
                tbs.TryRead(DerTag.ContextPrimitive(2), out _);
                IReadOnlyList<string> uris = Array.Empty<string>();
                if (tbs.TryRead(DerTag.ContextConstructed(3), out var explicitExtensions)) uris = OcspUrisOf(der, tbs.Enter(explicitExtensions));
                if (tbs.HasData) return null;

                return new TbsCertificateView(der, new BcBigInteger(serial.ContentToArray(der)), issuer.ToArray(der), uris);
            }
            catch (FormatException)
            {
                return null;
            }
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

        /// <summary>The OCSP URIs of the AIA extension; an unreadable extension gives none (as before: BouncyCastle's errors were swallowed too).</summary>
        private static IReadOnlyList<string> OcspUrisOf(byte[] der, DerReader explicitExtensions)
        {
            var extensions = explicitExtensions.Enter(explicitExtensions.Read(DerTag.Sequence));
            while (extensions.HasData)
            {
                var extension = extensions.Enter(extensions.Read(DerTag.Sequence));
                var oid = extension.Read(DerTag.ObjectIdentifier);
                if (!Content(der, oid, AiaOid)) continue;
                extension.TryRead(DerTag.Boolean, out _);
                var value = extension.Read(DerTag.OctetString);
                try
                {
                    return AccessDescriptions(der, value);
                }
                catch (FormatException)
                {
                    return Array.Empty<string>();
                }
            }

            return Array.Empty<string>();
        }

        private static IReadOnlyList<string> AccessDescriptions(byte[] der, DerElement value)
        {
            var list = new List<string>();
            var outer = new DerReader(der, value.ContentOffset, value.ContentLength);
            var descriptions = outer.Enter(outer.Read(DerTag.Sequence));
            while (descriptions.HasData)
            {
                var description = descriptions.Enter(descriptions.Read(DerTag.Sequence));
                var method = description.Read(DerTag.ObjectIdentifier);
                var location = description.Read();
                if (!Content(der, method, OcspAccessMethod) || location.Tag != UriTag) continue;
                var chars = new char[location.ContentLength];
                for (var i = 0; i < chars.Length; i++) chars[i] = (char)der[location.ContentOffset + i];
                list.Add(new string(chars));
            }

            return list;
        }

        private static bool Content(byte[] der, DerElement element, byte[] expected)
        {
            if (element.ContentLength != expected.Length) return false;
            for (var i = 0; i < expected.Length; i++)
                if (der[element.ContentOffset + i] != expected[i]) return false;
            return true;
        }
    }
}
