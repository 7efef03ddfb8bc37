using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Oiw;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace PkiRevocation.Ocsp
{
    /// <summary>
    /// RFC 6960 CertID: hash algorithm, hash of the issuer's DER subject name, hash of the issuer's public key
    /// (the BIT STRING value of subjectPublicKey), and the certificate's serial number.
    /// </summary>
    internal sealed class CertId
    {
        private CertId(string hashAlgorithmOid, byte[] issuerNameHash, byte[] issuerKeyHash, byte[] serialBytes)
        {
            HashAlgorithmOid = hashAlgorithmOid;
            IssuerNameHash = issuerNameHash;
            IssuerKeyHash = issuerKeyHash;
            SerialBytes = serialBytes;
            SerialNumber = new BigInteger(serialBytes);
        }

        public string HashAlgorithmOid { get; }

        public byte[] IssuerNameHash { get; }

        public byte[] IssuerKeyHash { get; }

        public BigInteger SerialNumber { get; }

        /// <summary>
        /// The serialNumber INTEGER content octets exactly as in the certificate (or the response): what is sent and
        /// what is matched, so a negative or non-minimally encoded serial is asked for and found as its CA wrote it.
        /// </summary>
        public byte[] SerialBytes { get; }

        /// <summary>The serial as a lookup key: its exact content octets in hex.</summary>
        public string SerialKey => Certificates.HexText.Upper(SerialBytes);

        public static string Oid(OcspHashAlgorithm algorithm) => algorithm == OcspHashAlgorithm.Sha256
            ? NistObjectIdentifiers.IdSha256.Id
            : OiwObjectIdentifiers.IdSha1.Id;

        /// <summary>The CertID of serial <paramref name="serialNumber"/> issued by <paramref name="issuer"/>; null when the hash algorithm is not one we compute.</summary>
        public static CertId? Create(string hashAlgorithmOid, BcCertificate issuer, BigInteger serialNumber) => Create(hashAlgorithmOid, issuer, serialNumber.ToByteArray());

        /// <summary>The CertID of the serial whose INTEGER content octets are <paramref name="serialBytes"/>; null when the hash algorithm is not one we compute.</summary>
        public static CertId? Create(string hashAlgorithmOid, BcCertificate issuer, byte[] serialBytes)
        {
            // The issuer hashes are the same for every certificate of that issuer: computed once per issuer object
            // and algorithm (the arrays are shared between CertIds and never written to).
            var hashes = IssuerHashes.GetValue(issuer, _ => new ConcurrentDictionary<string, byte[][]?>())
                .GetOrAdd(hashAlgorithmOid, oid => ComputeIssuerHashes(oid, issuer));
            return hashes == null ? null : new CertId(hashAlgorithmOid, hashes[0], hashes[1], serialBytes);
        }

        private static readonly ConditionalWeakTable<BcCertificate, ConcurrentDictionary<string, byte[][]?>> IssuerHashes =
            new ConditionalWeakTable<BcCertificate, ConcurrentDictionary<string, byte[][]?>>();

        private static byte[][]? ComputeIssuerHashes(string hashAlgorithmOid, BcCertificate issuer)
        {
            var name = issuer.CertificateStructure.Subject.GetDerEncoded();
            var key = issuer.CertificateStructure.SubjectPublicKeyInfo.PublicKey.GetBytes();
            var nameHash = Hash(hashAlgorithmOid, name);
            var keyHash = Hash(hashAlgorithmOid, key);
            return nameHash == null || keyHash == null ? null : new[] { nameHash, keyHash };
        }

        public static CertId Create(OcspHashAlgorithm algorithm, BcCertificate issuer, BigInteger serialNumber) =>
            Create(Oid(algorithm), issuer, serialNumber)!;

        public static CertId Create(OcspHashAlgorithm algorithm, BcCertificate issuer, byte[] serialBytes) =>
            Create(Oid(algorithm), issuer, serialBytes)!;

        /// <summary>A CertID as a responder sent it in a SingleResponse.</summary>
        public static CertId Received(string hashAlgorithmOid, byte[] issuerNameHash, byte[] issuerKeyHash, BigInteger serialNumber) =>
            new CertId(hashAlgorithmOid, issuerNameHash, issuerKeyHash, serialNumber.ToByteArray());

        /// <summary>A CertID as received, its serial content octets exactly as encoded.</summary>
        public static CertId Received(string hashAlgorithmOid, byte[] issuerNameHash, byte[] issuerKeyHash, byte[] serialBytes) =>
            new CertId(hashAlgorithmOid, issuerNameHash, issuerKeyHash, serialBytes);

        public Org.BouncyCastle.Asn1.Ocsp.CertID ToAsn1() => new Org.BouncyCastle.Asn1.Ocsp.CertID(
            new AlgorithmIdentifier(new DerObjectIdentifier(HashAlgorithmOid), DerNull.Instance),
            new DerOctetString(IssuerNameHash),
            new DerOctetString(IssuerKeyHash),
            new DerInteger(SerialNumber));

        public bool Matches(CertId other) =>
            HashAlgorithmOid == other.HashAlgorithmOid
            && IssuerNameHash.SequenceEqual(other.IssuerNameHash)
            && IssuerKeyHash.SequenceEqual(other.IssuerKeyHash)
            && SerialBytes.SequenceEqual(other.SerialBytes);

        public static string AlgorithmName(string oid) => oid switch
        {
            "1.3.14.3.2.26" => "SHA-1",
            "2.16.840.1.101.3.4.2.1" => "SHA-256",
            "2.16.840.1.101.3.4.2.2" => "SHA-384",
            "2.16.840.1.101.3.4.2.3" => "SHA-512",
            _ => oid,
        };

        public override string ToString() => $"{AlgorithmName(HashAlgorithmOid)} serial {SerialKey}";

        internal static byte[]? Hash(string oid, byte[] data)
        {
            HashAlgorithm? algorithm = oid switch
            {
                "1.3.14.3.2.26" => SHA1.Create(),
                "2.16.840.1.101.3.4.2.1" => SHA256.Create(),
                "2.16.840.1.101.3.4.2.2" => SHA384.Create(),
                "2.16.840.1.101.3.4.2.3" => SHA512.Create(),
                _ => null,
            };
            if (algorithm == null) return null;
            using (algorithm) return algorithm.ComputeHash(data);
        }
    }
}
