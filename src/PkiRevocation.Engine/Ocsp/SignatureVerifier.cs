using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace PkiRevocation.Ocsp
{
    /// <summary>
    /// Verifies signatures made with a certificate's key. RSA PKCS#1 v1.5 and ECDSA with SHA-1/2 go to the platform
    /// (OpenSSL on Linux, CNG on Windows: an order of magnitude faster than managed code); anything else (RSA-PSS,
    /// EdDSA...) to BouncyCastle. Never throws: an unknown algorithm or a malformed signature is "not verified".
    /// </summary>
    internal static class SignatureVerifier
    {
        private static readonly ConcurrentDictionary<BcCertificate, X509Certificate2?> Platform = new ConcurrentDictionary<BcCertificate, X509Certificate2?>();

        public static bool Verify(BcCertificate signer, AlgorithmIdentifier algorithm, byte[] data, byte[] signature)
        {
            try
            {
                var platform = PlatformVerify(signer, algorithm.Algorithm.Id, data, signature);
                return platform ?? ManagedVerify(signer.GetPublicKey(), algorithm, data, signature);
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                return false;
            }
        }

        /// <summary>Is <paramref name="certificate"/> signed by the key of <paramref name="issuer"/>?</summary>
        public static bool IssuedBy(BcCertificate certificate, BcCertificate issuer)
        {
            try
            {
                var structure = certificate.CertificateStructure;
                if (!structure.SignatureAlgorithm.Equals(structure.TbsCertificate.Signature)) return false;
                return Verify(issuer, structure.SignatureAlgorithm, structure.TbsCertificate.GetDerEncoded(), structure.Signature.GetOctets());
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                return false;
            }
        }

        private static bool ManagedVerify(AsymmetricKeyParameter key, AlgorithmIdentifier algorithm, byte[] data, byte[] signature)
        {
            var factory = new Asn1VerifierFactoryProvider(key).CreateVerifierFactory(algorithm);
            var calculator = ((IVerifierFactory)factory).CreateCalculator();
            using (var stream = calculator.Stream) stream.Write(data, 0, data.Length);
            return ((IVerifier)calculator.GetResult()).IsVerified(signature);
        }

        /// <summary>True/false when the platform can judge; null when the algorithm is not one it is asked about.</summary>
        private static bool? PlatformVerify(BcCertificate signer, string oid, byte[] data, byte[] signature)
        {
            HashAlgorithmName hash;
            bool ecdsa;
            switch (oid)
            {
                case "1.2.840.113549.1.1.5": hash = HashAlgorithmName.SHA1; ecdsa = false; break;
                case "1.2.840.113549.1.1.11": hash = HashAlgorithmName.SHA256; ecdsa = false; break;
                case "1.2.840.113549.1.1.12": hash = HashAlgorithmName.SHA384; ecdsa = false; break;
                case "1.2.840.113549.1.1.13": hash = HashAlgorithmName.SHA512; ecdsa = false; break;
                case "1.2.840.10045.4.1": hash = HashAlgorithmName.SHA1; ecdsa = true; break;
                case "1.2.840.10045.4.3.2": hash = HashAlgorithmName.SHA256; ecdsa = true; break;
                case "1.2.840.10045.4.3.3": hash = HashAlgorithmName.SHA384; ecdsa = true; break;
                case "1.2.840.10045.4.3.4": hash = HashAlgorithmName.SHA512; ecdsa = true; break;
                default: return null;
            }

            if (Platform.Count > 4096) Platform.Clear();
            var certificate = Platform.GetOrAdd(signer, c =>
            {
                try { return new X509Certificate2(c.GetEncoded()); }
                catch (CryptographicException) { return null; }
            });
            if (certificate == null) return null;

            if (ecdsa)
            {
                using (var key = certificate.GetECDsaPublicKey())
                {
                    if (key == null) return false;
                    var p1363 = ToP1363(signature, (key.KeySize + 7) / 8);
                    return p1363 != null && key.VerifyData(data, p1363, hash);
                }
            }

            using (var rsa = certificate.GetRSAPublicKey())
            {
                return rsa != null && rsa.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1);
            }
        }

        /// <summary>DER SEQUENCE { r INTEGER, s INTEGER } to r || s, each <paramref name="size"/> bytes; null when malformed.</summary>
        private static byte[]? ToP1363(byte[] der, int size)
        {
            var sequence = Asn1Object.FromByteArray(der) as Asn1Sequence;
            if (sequence == null || sequence.Count != 2) return null;
            var r = DerInteger.GetInstance(sequence[0]).PositiveValue.ToByteArrayUnsigned();
            var s = DerInteger.GetInstance(sequence[1]).PositiveValue.ToByteArrayUnsigned();
            if (r.Length > size || s.Length > size) return null;
            var result = new byte[2 * size];
            Buffer.BlockCopy(r, 0, result, size - r.Length, r.Length);
            Buffer.BlockCopy(s, 0, result, 2 * size - s.Length, s.Length);
            return result;
        }
    }
}
