using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Org.BouncyCastle.Asn1.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace PkiRevocation.Ocsp
{
    /// <summary>A fully decoded BasicOCSPResponse: everything read eagerly, so nothing can fail later.</summary>
    internal sealed class ParsedOcspResponse
    {
        public byte[] Raw { get; set; } = Array.Empty<byte>();

        /// <summary>The tbsResponseData exactly as received: what the signature covers.</summary>
        public byte[] TbsResponseData { get; set; } = Array.Empty<byte>();

        public AlgorithmIdentifier SignatureAlgorithm { get; set; } = null!;

        public byte[] Signature { get; set; } = Array.Empty<byte>();

        public IReadOnlyList<BcCertificate> Certificates { get; set; } = Array.Empty<BcCertificate>();

        public X509Name? ResponderByName { get; set; }

        /// <summary>The DER of <see cref="ResponderByName"/> exactly as received.</summary>
        public byte[]? ResponderByNameDer { get; set; }

        public byte[]? ResponderByKey { get; set; }

        private string? _responderName;

        /// <summary>
        /// The ResponderID for people (computed once: it appears in several steps and every result). A byName string is
        /// also kept per decoded name, which the parser shares between the responses that carry the same encoding.
        /// </summary>
        public string ResponderName => _responderName ??= ResponderByName != null
            ? NameDisplays.GetValue(ResponderByName, name => PkiRevocation.Certificates.DistinguishedNames.Display(name))
            : "KeyHash:" + PkiRevocation.Certificates.HexText.Upper(ResponderByKey ?? Array.Empty<byte>());

        private static readonly ConditionalWeakTable<X509Name, string> NameDisplays = new ConditionalWeakTable<X509Name, string>();

        public DateTime ProducedAt { get; set; }

        public IReadOnlyList<ParsedSingleResponse> Responses { get; set; } = Array.Empty<ParsedSingleResponse>();

        public IReadOnlyList<ParsedExtension> Extensions { get; set; } = Array.Empty<ParsedExtension>();
    }
}
