using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PkiRevocation.Certificates;

namespace PkiRevocation.Crl
{
    /// <summary>
    /// CRL signatures checked with the platform's cryptography for the algorithms CAs use (sha*WithRSAEncryption,
    /// ecdsa-with-SHA*). Returns null when the algorithm or key is not one of those, so the caller falls back.
    /// </summary>
    internal static class PlatformSignature
    {
        public static bool? TryVerify(CrlIndex crl, X509Certificate2 signer, out string error)
        {
            error = "";
            var algorithm = ReadAlgorithm(crl);
            if (algorithm == null) return null;
            var (hash, rsa) = algorithm.Value;
            try
            {
                var digest = crl.Digest != null ? crl.Digest.GetAwaiter().GetResult() : ComputeDigest(crl, hash);
                if (rsa)
                {
                    using (var key = signer.GetRSAPublicKey())
                    {
                        if (key == null) return null;
                        return key.VerifyHash(digest, crl.Signature, hash, RSASignaturePadding.Pkcs1);
                    }
                }

                using (var key = signer.GetECDsaPublicKey())
                {
                    if (key == null) return null;
                    var raw = Ocsp.SignatureVerifier.ToP1363(crl.Signature, (key.KeySize + 7) / 8);
                    return raw != null && key.VerifyHash(digest, raw);
                }
            }
            catch (CryptographicException ex)
            {
                error = $" ({ex.Message})";
                return false;
            }
            catch (Exception ex) when (ex is NotSupportedException || ex is PlatformNotSupportedException)
            {
                return null;
            }
        }

        /// <summary>Starts hashing the tbsCertList on the thread pool when the algorithm is one of ours; null otherwise.</summary>
        public static System.Threading.Tasks.Task<byte[]>? StartDigest(CrlIndex crl)
        {
            var algorithm = ReadAlgorithm(crl);
            if (algorithm == null) return null;
            var hash = algorithm.Value.Hash;
            return System.Threading.Tasks.Task.Run(() => ComputeDigest(crl, hash));
        }

        private static byte[] ComputeDigest(CrlIndex crl, HashAlgorithmName hash)
        {
            using (var hasher = Create(hash))
                return hasher.ComputeHash(crl.Der, crl.TbsCertList.Offset, crl.TbsCertList.TotalLength);
        }

        private static HashAlgorithm Create(HashAlgorithmName name) =>
            name == HashAlgorithmName.SHA256 ? SHA256.Create()
            : name == HashAlgorithmName.SHA384 ? SHA384.Create()
            : name == HashAlgorithmName.SHA512 ? (HashAlgorithm)SHA512.Create()
            : SHA1.Create();

        // AlgorithmIdentifier: OID and (for RSA) NULL or absent parameters; ECDSA has no parameters.
        private static (HashAlgorithmName Hash, bool Rsa)? ReadAlgorithm(CrlIndex crl)
        {
            try
            {
                return ReadAlgorithmUnchecked(crl);
            }
            catch (FormatException)
            {
                return null; // BouncyCastle reports it
            }
        }

        private static (HashAlgorithmName Hash, bool Rsa)? ReadAlgorithmUnchecked(CrlIndex crl)
        {
            var der = crl.Der;
            var reader = new DerReader(der, crl.SignatureAlgorithm.ContentOffset, crl.SignatureAlgorithm.ContentLength, CrlIndex.Rules);
            var oid = reader.Read(DerTag.ObjectIdentifier);
            var rsaPrefix = new byte[] { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01 };
            var ecdsaPrefix = new byte[] { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04 };
            var content = der.AsSpan(oid.ContentOffset, oid.ContentLength);
            if (content.Length == 9 && content.StartsWith(rsaPrefix))
            {
                if (reader.HasData && !(reader.PeekTag() == DerTag.Null && reader.Read().ContentLength == 0 && !reader.HasData)) return null;
                switch (content[8])
                {
                    case 5: return (HashAlgorithmName.SHA1, true);
                    case 11: return (HashAlgorithmName.SHA256, true);
                    case 12: return (HashAlgorithmName.SHA384, true);
                    case 13: return (HashAlgorithmName.SHA512, true);
                    default: return null;
                }
            }

            if (reader.HasData) return null;
            if (content.Length == 7 && content.StartsWith(ecdsaPrefix) && content[6] == 0x01) return (HashAlgorithmName.SHA1, false);
            if (content.Length == 8 && content.StartsWith(ecdsaPrefix) && content[6] == 0x03)
            {
                switch (content[7])
                {
                    case 2: return (HashAlgorithmName.SHA256, false);
                    case 3: return (HashAlgorithmName.SHA384, false);
                    case 4: return (HashAlgorithmName.SHA512, false);
                }
            }

            return null;
        }
    }
}
