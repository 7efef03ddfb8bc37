using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;

namespace PkiRevocation.Ocsp
{
    /// <summary>Builds DER OCSPRequests (RFC 6960 §4.1): one or several CertIDs, optionally a nonce (RFC 8954).</summary>
    internal static class OcspRequestBuilder
    {
        public const string NonceOid = "1.3.6.1.5.5.7.48.1.2";
        public const int NonceLength = 32;

        /// <summary>Fresh random nonce bytes (32 ≥ the 16 RFC 8954 asks for, ≤ its 32 maximum).</summary>
        public static byte[] NewNonce()
        {
            var nonce = new byte[NonceLength];
            using (var random = RandomNumberGenerator.Create()) random.GetBytes(nonce);
            return nonce;
        }

        public static byte[] Build(IReadOnlyList<CertId> ids, byte[]? nonce)
        {
            if (ids.Count == 0) throw new ArgumentException("An OCSP request needs at least one CertID.", nameof(ids));
            var requests = new DerSequence(ids.Select(id => (Asn1Encodable)new Request(id.ToAsn1(), null)).ToArray());
            X509Extensions? extensions = null;
            if (nonce != null)
            {
                var value = new DerOctetString(new DerOctetString(nonce).GetDerEncoded());
                extensions = new X509Extensions(
                    new Dictionary<DerObjectIdentifier, X509Extension> { [new DerObjectIdentifier(NonceOid)] = new X509Extension(false, value) });
            }

            var tbs = new TbsRequest(null, requests, extensions);
            return new OcspRequest(tbs, null).GetDerEncoded();
        }
    }
}
