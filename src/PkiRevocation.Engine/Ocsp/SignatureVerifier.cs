using System;
using System.Collections.Concurrent;
using System.Formats.Asn1;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using PkiRevocation.Certificates;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace PkiRevocation.Ocsp
{
    /// <summary>
    /// Verifies signatures made with a certificate's key. RSA PKCS#1 v1.5 and ECDSA with SHA-1/2 go to the platform
    /// (OpenSSL on Linux, CNG on Windows: an order of magnitude faster than managed code); anything else (RSA-PSS,
    /// EdDSA...) to BouncyCastle. Never throws: an unknown algorithm or a malformed signature is "not verified".
    /// </summary>
    /// <remarks>
    /// The platform key of a signer is imported once per signer object and reused (a small pool per signer, so
    /// concurrent verifications never share one key object): importing a public key costs about as much as a
    /// verification with OpenSSL 3. Every signature is still verified every time.
    /// </remarks>
    internal static class SignatureVerifier
    {
        private static readonly ConditionalWeakTable<BcCertificate, PlatformKey> Keys = new ConditionalWeakTable<BcCertificate, PlatformKey>();
        private static readonly ConditionalWeakTable<BcCertificate, PlatformKey>.CreateValueCallback NewKey = PlatformKey.Create;

        public static bool Verify(BcCertificate signer, AlgorithmIdentifier algorithm, byte[] data, byte[] signature)
        {
            try
            {
                var platform = PlatformVerify(signer, algorithm.Algorithm.Id, data, 0, data.Length, signature);
                return platform ?? ManagedVerify(signer.GetPublicKey(), algorithm, data, 0, data.Length, signature);
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
                return IssuedBy(certificate.GetEncoded(), issuer);
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                return false;
            }
        }

        /// <summary>
        /// Is the DER certificate <paramref name="certificateDer"/> signed by the key of <paramref name="issuer"/>?
        /// The signature is checked over the tbsCertificate bytes exactly as encoded, and the signatureAlgorithm
        /// inside and outside tbsCertificate must be identical.
        /// </summary>
        public static bool IssuedBy(byte[] certificateDer, BcCertificate issuer)
        {
            try
            {
                var reader = new DerReader(certificateDer, AsnEncodingRules.DER);
                var outer = reader.Read(DerTag.Sequence);
                if (reader.HasData) return false;
                var body = reader.Enter(outer);
                var tbs = body.Read(DerTag.Sequence);
                var algorithm = body.Read(DerTag.Sequence);
                var bits = body.Read(DerTag.BitString);
                if (body.HasData || bits.ContentLength < 1 || certificateDer[bits.ContentOffset] != 0) return false;

                // tbsCertificate: [0] version (optional), serialNumber, signature AlgorithmIdentifier, ...
                var fields = body.Enter(tbs);
                fields.TryRead(DerTag.ContextConstructed(0), out _);
                fields.Read(DerTag.Integer);
                var inner = fields.Read(DerTag.Sequence);
                if (!inner.Encoded(certificateDer).SequenceEqual(algorithm.Encoded(certificateDer))) return false;

                var signature = new byte[bits.ContentLength - 1];
                Buffer.BlockCopy(certificateDer, bits.ContentOffset + 1, signature, 0, signature.Length);
                var identifier = body.Enter(algorithm);
                var oid = DerDecoder.Oid(certificateDer, identifier.Read(DerTag.ObjectIdentifier), AsnEncodingRules.DER);
                var platform = PlatformVerify(issuer, oid, certificateDer, tbs.Offset, tbs.TotalLength, signature);
                if (platform.HasValue) return platform.Value;
                var managed = AlgorithmIdentifier.GetInstance(Asn1Object.FromByteArray(algorithm.ToArray(certificateDer)));
                return ManagedVerify(issuer.GetPublicKey(), managed, certificateDer, tbs.Offset, tbs.TotalLength, signature);
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                return false;
            }
        }

        private static bool ManagedVerify(AsymmetricKeyParameter key, AlgorithmIdentifier algorithm, byte[] data, int offset, int count, byte[] signature)
        {
            var factory = new Asn1VerifierFactoryProvider(key).CreateVerifierFactory(algorithm);
            var calculator = ((IVerifierFactory)factory).CreateCalculator();
            using (var stream = calculator.Stream) stream.Write(data, offset, count);
            return ((IVerifier)calculator.GetResult()).IsVerified(signature);
        }

        /// <summary>True/false when the platform can judge; null when the algorithm is not one it is asked about.</summary>
        private static bool? PlatformVerify(BcCertificate signer, string oid, byte[] data, int offset, int count, byte[] signature)
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

            var platform = Keys.GetValue(signer, NewKey);
            if (platform.Certificate == null) return null;
            if (ecdsa)
            {
                var key = platform.RentEcdsa();
                if (key == null) return false;
                try
                {
                    var p1363 = ToP1363(signature, (key.KeySize + 7) / 8);
                    return p1363 != null && key.VerifyData(data, offset, count, p1363, hash);
                }
                finally
                {
                    platform.Return(key);
                }
            }

            var rsa = platform.RentRsa();
            if (rsa == null) return false;
            try
            {
                return rsa.VerifyData(data, offset, count, signature, hash, RSASignaturePadding.Pkcs1);
            }
            finally
            {
                platform.Return(rsa);
            }
        }

        /// <summary>DER SEQUENCE { r INTEGER, s INTEGER } to r || s, each <paramref name="size"/> bytes; null when malformed.</summary>
        internal static byte[]? ToP1363(byte[] der, int size)
        {
            try
            {
                var reader = new DerReader(der, AsnEncodingRules.DER);
                var sequence = reader.Read(DerTag.Sequence);
                if (reader.HasData) return null;
                var values = reader.Enter(sequence);
                var r = values.Read(DerTag.Integer);
                var s = values.Read(DerTag.Integer);
                if (values.HasData) return null;
                var result = new byte[2 * size];
                return CopyUnsigned(der, r, result, 0, size) && CopyUnsigned(der, s, result, size, size) ? result : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }

        /// <summary>A positive INTEGER's magnitude, right-aligned in <paramref name="size"/> bytes of <paramref name="target"/>.</summary>
        private static bool CopyUnsigned(byte[] der, DerElement integer, byte[] target, int at, int size)
        {
            var offset = integer.ContentOffset;
            var length = integer.ContentLength;
            if (length == 0 || (der[offset] & 0x80) != 0) return false;
            while (length > 1 && der[offset] == 0)
            {
                offset++;
                length--;
            }

            if (length > size) return false;
            Buffer.BlockCopy(der, offset, target, at + size - length, length);
            return true;
        }

        /// <summary>A signer's certificate as the platform sees it, and its public keys ready for use (one per concurrent verification).</summary>
        private sealed class PlatformKey
        {
            private readonly ConcurrentBag<ECDsa> _ecdsa = new ConcurrentBag<ECDsa>();
            private readonly ConcurrentBag<RSA> _rsa = new ConcurrentBag<RSA>();

            private PlatformKey(X509Certificate2? certificate)
            {
                Certificate = certificate;
            }

            /// <summary>Null when the platform cannot decode the signer's certificate.</summary>
            public X509Certificate2? Certificate { get; }

            public static PlatformKey Create(BcCertificate signer)
            {
                try
                {
                    return new PlatformKey(new X509Certificate2(signer.GetEncoded()));
                }
                catch (CryptographicException)
                {
                    return new PlatformKey(null);
                }
            }

            public ECDsa? RentEcdsa() => _ecdsa.TryTake(out var key) ? key : Certificate!.GetECDsaPublicKey();

            public RSA? RentRsa() => _rsa.TryTake(out var key) ? key : Certificate!.GetRSAPublicKey();

            public void Return(ECDsa key) => _ecdsa.Add(key);

            public void Return(RSA key) => _rsa.Add(key);
        }
    }
}
