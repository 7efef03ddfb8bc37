using System;
using System.Collections.Concurrent;
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

            // Encoded directly (DER, RFC 6960 §4.1.1), byte for byte what BouncyCastle's OcspRequest encoder
            // produced (a test holds them equal), without building its object tree once per request.
            var requests = new byte[ids.Count][];
            for (var i = 0; i < ids.Count; i++)
            {
                var id = ids[i];
                var certId = Tlv(0x30,
                    Tlv(0x30, OidTlv(id.HashAlgorithmOid), DerNullTlv),
                    Tlv(0x04, id.IssuerNameHash),
                    Tlv(0x04, id.IssuerKeyHash),
                    Tlv(0x02, id.SerialBytes));
                requests[i] = Tlv(0x30, certId);
            }

            var requestList = Tlv(0x30, requests);
            byte[] tbs;
            if (nonce != null)
            {
                var extension = Tlv(0x30, OidTlv(NonceOid), Tlv(0x04, Tlv(0x04, nonce)));
                tbs = Tlv(0x30, requestList, Tlv(0xA2, Tlv(0x30, extension)));
            }
            else
            {
                tbs = Tlv(0x30, requestList);
            }

            return Tlv(0x30, tbs);
        }

        private static readonly byte[] DerNullTlv = { 0x05, 0x00 };
        private static readonly ConcurrentDictionary<string, byte[]> OidEncodings = new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);

        private static byte[] OidTlv(string oid) => OidEncodings.GetOrAdd(oid, o => new DerObjectIdentifier(o).GetDerEncoded());

        private static byte[] Tlv(byte tag, params byte[][] parts)
        {
            var length = 0;
            foreach (var part in parts) length += part.Length;
            var header = length < 0x80 ? 2 : length < 0x100 ? 3 : length < 0x10000 ? 4 : length < 0x1000000 ? 5 : 6;
            var result = new byte[header + length];
            result[0] = tag;
            if (length < 0x80)
            {
                result[1] = (byte)length;
            }
            else
            {
                result[1] = (byte)(0x80 | (header - 2));
                for (int i = header - 1, value = length; i >= 2; i--, value >>= 8) result[i] = (byte)value;
            }

            var offset = header;
            foreach (var part in parts)
            {
                Buffer.BlockCopy(part, 0, result, offset, part.Length);
                offset += part.Length;
            }

            return result;
        }
    }
}
