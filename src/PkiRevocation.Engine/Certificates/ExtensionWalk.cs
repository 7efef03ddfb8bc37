using System;
using System.Formats.Asn1;
using System.Runtime.CompilerServices;

namespace PkiRevocation.Certificates
{
    /// <summary>
    /// The engine's one walk of X.509 extensions (certificates, CRLs, CRL entries, OCSP responses):
    /// Extensions ::= SEQUENCE OF Extension, Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN
    /// DEFAULT FALSE, extnValue OCTET STRING }. Headers go through <see cref="DerReader"/> under its rules. The critical
    /// flag is one byte and any non-zero value is TRUE (BER's rule, which BouncyCastle and OpenSSL also apply). What
    /// differs by caller is named by it: whether a constructed (BER) extnValue is let through.
    /// </summary>
    internal struct ExtensionWalk
    {
        private readonly bool _constructedValues;
        private DerReader _items;

        /// <param name="items">A reader over the content of the Extensions SEQUENCE.</param>
        /// <param name="constructedValues">Let a constructed OCTET STRING through as extnValue (platform certificate decoders read it).</param>
        public ExtensionWalk(DerReader items, bool constructedValues = false)
        {
            _items = items;
            _constructedValues = constructedValues;
        }

        /// <summary>Reads the next extension; false at the end. Throws <see cref="FormatException"/> on a malformed one.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Next(out Extension extension)
        {
            if (!_items.HasData)
            {
                extension = default;
                return false;
            }

            var element = _items.Read(DerTag.Sequence);
            var fields = _items.Enter(element);
            var oid = fields.Read(DerTag.ObjectIdentifier);
            var critical = fields.TryRead(DerTag.Boolean, out var flag) && DerDecoder.Boolean(_items.Buffer, flag, AsnEncodingRules.BER);
            var value = fields.Read();
            if (value.Tag != DerTag.OctetString && !(_constructedValues && value.Tag == (DerTag.OctetString | 0x20)))
                throw new FormatException($"The extnValue of the extension at offset {element.Offset} is not an OCTET STRING (tag 0x{value.Tag:X2}).");
            if (fields.HasData) throw new FormatException($"The extension at offset {element.Offset} has more than extnID, critical and extnValue.");
            extension = new Extension(oid, critical, value);
            return true;
        }

        /// <summary>One extension as encoded: the OID and value elements (content in place), and the critical flag.</summary>
        internal readonly struct Extension
        {
            public Extension(DerElement oid, bool critical, DerElement value)
            {
                Oid = oid;
                Critical = critical;
                Value = value;
            }

            public DerElement Oid { get; }

            public bool Critical { get; }

            /// <summary>The extnValue element: its content is the extension's DER (primitive form).</summary>
            public DerElement Value { get; }

            /// <summary>Whether the extnID's content octets are <paramref name="oidContent"/>.</summary>
            public bool Is(byte[] buffer, byte[] oidContent) => DerDecoder.ContentEquals(buffer, Oid, oidContent);
        }
    }
}
