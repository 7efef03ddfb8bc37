using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using PkiRevocation.Certificates;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace PkiRevocation.Crl
{
    /// <summary>
    /// What CRL processing needs from the certificate being checked: its serial as encoded, its issuer name, whether
    /// it is a CA, and its CRL distribution points. A bare serial number (pkirev crl --serial) has no scope facts.
    /// </summary>
    internal sealed class CrlSubject
    {
        private CrlSubject(byte[] serial, string label)
        {
            Serial = serial;
            SerialHex = Hex(serial);
            Label = label;
        }

        /// <summary>The serial INTEGER content bytes (two's complement, as in the certificate and the CRL).</summary>
        public byte[] Serial { get; }

        public string SerialHex { get; }

        public string Label { get; }

        public X509Certificate2? Certificate { get; private set; }

        public BcCertificate? Bc { get; private set; }

        public bool HasCertificate => Bc != null;

        public bool IsCa { get; private set; }

        /// <summary>The certificate's X.509 version (1, 2 or 3); 0 for a bare serial number.</summary>
        public int Version { get; private set; }

        public IReadOnlyList<DistributionPoint> DistributionPoints { get; private set; } = Array.Empty<DistributionPoint>();

        public IReadOnlyList<DistributionPoint> FreshestCrl { get; private set; } = Array.Empty<DistributionPoint>();

        /// <summary>Throws FormatException when the certificate cannot be decoded.</summary>
        public static CrlSubject FromCertificate(X509Certificate2 certificate)
        {
            var der = certificate.RawData;
            var subject = new CrlSubject(ReadSerial(der), certificate.Subject);
            BcCertificate bc;
            try
            {
                bc = new Org.BouncyCastle.X509.X509CertificateParser().ReadCertificate(der);
            }
            catch (Exception ex)
            {
                throw new FormatException($"The certificate '{certificate.Subject}' cannot be decoded: {ex.Message}", ex);
            }

            subject.Certificate = certificate;
            subject.Bc = bc;
            subject.IsCa = bc.GetBasicConstraints() >= 0;
            subject.Version = bc.Version;
            subject.DistributionPoints = ReadPoints(bc, X509Extensions.CrlDistributionPoints);
            subject.FreshestCrl = ReadPoints(bc, X509Extensions.FreshestCrl);
            return subject;
        }

        /// <summary>A serial number given as hex (optionally with ':' or spaces). Throws FormatException.</summary>
        public static CrlSubject FromSerial(string hex)
        {
            // A leading minus is a sign, not a separator: "-5" must not be looked up as 05.
            if ((hex ?? "").TrimStart().StartsWith("-", StringComparison.Ordinal))
                throw new FormatException($"'{hex}' is negative: give the serial number as the hexadecimal digits a certificate or CRL shows (e.g. 05 or 4A:3F).");
            var clean = new string((hex ?? "").Where(c => c != ':' && c != ' ' && c != '-').ToArray());
            if (clean.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) clean = clean.Substring(2);
            if (clean.Length == 0 || clean.Any(c => !Uri.IsHexDigit(c))) throw new FormatException($"'{hex}' is not a hexadecimal serial number.");
            if (clean.Length % 2 == 1) clean = "0" + clean;
            var bytes = Enumerable.Range(0, clean.Length / 2).Select(i => byte.Parse(clean.Substring(i * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToList();
            while (bytes.Count > 1 && bytes[0] == 0 && (bytes[1] & 0x80) == 0) bytes.RemoveAt(0);
            if ((bytes[0] & 0x80) != 0) bytes.Insert(0, 0);
            return new CrlSubject(bytes.ToArray(), "serial " + hex);
        }

        /// <summary>The HTTP(S), LDAP and other URIs of the CRL distribution points, in certificate order.</summary>
        public IEnumerable<string> DistributionPointUris => Uris(DistributionPoints);

        public IEnumerable<string> FreshestCrlUris => Uris(FreshestCrl);

        internal static IEnumerable<string> Uris(IEnumerable<DistributionPoint> points)
        {
            foreach (var point in points)
            {
                var name = point.DistributionPointName;
                if (name == null || name.Type != DistributionPointName.FullName) continue;
                foreach (var general in GeneralNames.GetInstance(name.Name).GetNames())
                    if (general.TagNo == GeneralName.UniformResourceIdentifier)
                        yield return DerIA5String.GetInstance(general.Name).GetString();
            }
        }

        private static IReadOnlyList<DistributionPoint> ReadPoints(BcCertificate certificate, DerObjectIdentifier oid)
        {
            var value = certificate.GetExtensionValue(oid);
            if (value == null) return Array.Empty<DistributionPoint>();
            try
            {
                return CrlDistPoint.GetInstance(Asn1Object.FromByteArray(value.GetOctets())).GetDistributionPoints();
            }
            catch (Exception ex)
            {
                throw new FormatException($"The {oid} extension of the certificate cannot be decoded: {ex.Message}", ex);
            }
        }

        private static byte[] ReadSerial(byte[] der)
        {
            var outer = new DerReader(der, CrlIndex.Rules);
            var inCertificate = outer.Enter(outer.Read(DerTag.Sequence));
            var inTbs = inCertificate.Enter(inCertificate.Read(DerTag.Sequence));
            inTbs.TryRead(DerTag.ContextConstructed(0), out _);
            return inTbs.Read(DerTag.Integer).ContentToArray(der);
        }

        internal static string Hex(byte[] bytes) => Certificates.HexText.Upper(bytes);
    }
}
