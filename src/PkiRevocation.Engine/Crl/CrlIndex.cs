using System;
using System.Collections.Generic;
using PkiRevocation.Certificates;

namespace PkiRevocation.Crl
{
    /// <summary>
    /// One CRL (RFC 5280 5.1), kept as its raw DER plus an open-addressing hash table from serial number to entry
    /// offset: no object per revoked certificate, O(1) lookup. A 1,000,000-entry CRL costs its bytes plus about
    /// 12 bytes per entry. Parsing checks the whole structure and every entry's extensions, so a CRL that parses
    /// has no hidden malformed entry. Throws <see cref="FormatException"/> on anything that is not a CRL.
    /// </summary>
    internal sealed class CrlIndex
    {
        private static readonly byte[] OidCrlNumber = { 0x55, 0x1D, 0x14 };
        private static readonly byte[] OidDeltaCrlIndicator = { 0x55, 0x1D, 0x1B };
        private static readonly byte[] OidIssuingDistributionPoint = { 0x55, 0x1D, 0x1C };
        private static readonly byte[] OidFreshestCrl = { 0x55, 0x1D, 0x2E };
        private static readonly byte[] OidAuthorityKeyIdentifier = { 0x55, 0x1D, 0x23 };
        private static readonly byte[] OidIssuerAltName = { 0x55, 0x1D, 0x12 };
        private static readonly byte[] OidReasonCode = { 0x55, 0x1D, 0x15 };
        private static readonly byte[] OidInvalidityDate = { 0x55, 0x1D, 0x18 };
        private static readonly byte[] OidCertificateIssuer = { 0x55, 0x1D, 0x1D };

        private readonly byte[] _der;
        private int[] _entries = Array.Empty<int>();
        private int[] _slots = Array.Empty<int>();
        private int _count;

        private CrlIndex(byte[] der) => _der = der;

        public byte[] Der => _der;

        public int Version { get; private set; } = 1;

        public DerElement TbsCertList { get; private set; }

        public DerElement SignatureAlgorithm { get; private set; }

        public DerElement InnerSignatureAlgorithm { get; private set; }

        /// <summary>The signature bits (the BIT STRING content without its unused-bits byte).</summary>
        public byte[] Signature { get; private set; } = Array.Empty<byte>();

        public DerElement Issuer { get; private set; }

        public DecodedTime ThisUpdate { get; private set; } = null!;

        public DecodedTime? NextUpdate { get; private set; }

        /// <summary>The cRLNumber INTEGER content, or null.</summary>
        public byte[]? CrlNumber { get; private set; }

        /// <summary>The deltaCRLIndicator BaseCRLNumber content, or null for a complete CRL.</summary>
        public byte[]? DeltaBaseCrlNumber { get; private set; }

        public bool IsDelta => DeltaBaseCrlNumber != null;

        /// <summary>The issuingDistributionPoint extension value (the DER inside the OCTET STRING), or null.</summary>
        public byte[]? IssuingDistributionPoint { get; private set; }

        /// <summary>The freshestCRL extension value, or null.</summary>
        public byte[]? FreshestCrl { get; private set; }

        /// <summary>The authorityKeyIdentifier extension value, or null.</summary>
        public byte[]? AuthorityKeyIdentifier { get; private set; }

        /// <summary>Critical CRL extensions we do not process (OIDs in dotted form).</summary>
        public IReadOnlyList<string> UnhandledCriticalExtensions { get; private set; } = Array.Empty<string>();

        /// <summary>The first critical entry extension we do not process, or null.</summary>
        public string? UnhandledCriticalEntryExtension { get; private set; }

        /// <summary>True when some entry carries a certificateIssuer extension (indirect CRLs).</summary>
        public bool HasCertificateIssuerEntries { get; private set; }

        public int Count => _count;

        public byte[] IssuerDer => Issuer.ToArray(_der);

        public byte[] TbsDer => TbsCertList.ToArray(_der);

        public static CrlIndex Parse(byte[] der)
        {
            if (der == null) throw new ArgumentNullException(nameof(der));
            var index = new CrlIndex(der);
            try
            {
                index.ParseStructure();
            }
            catch (IndexOutOfRangeException ex)
            {
                throw new FormatException("The CRL is truncated or malformed.", ex);
            }
            catch (ArgumentOutOfRangeException ex)
            {
                throw new FormatException("The CRL is truncated or malformed.", ex);
            }

            return index;
        }

        private void ParseStructure()
        {
            var outer = new DerReader(_der);
            var crl = outer.Read(DerTag.Sequence);
            if (outer.HasData) throw new FormatException($"Data after the CRL at offset {outer.Position}.");
            var inCrl = outer.Enter(crl);
            TbsCertList = inCrl.Read(DerTag.Sequence);
            SignatureAlgorithm = inCrl.Read(DerTag.Sequence);
            var signature = inCrl.Read(DerTag.BitString);
            if (inCrl.HasData) throw new FormatException("Unexpected data after the CRL signature.");
            if (signature.ContentLength < 2 || _der[signature.ContentOffset] != 0) throw new FormatException("The CRL signature BIT STRING is malformed.");
            var sig = new byte[signature.ContentLength - 1];
            Array.Copy(_der, signature.ContentOffset + 1, sig, 0, sig.Length);
            Signature = sig;

            var tbs = inCrl.Enter(TbsCertList);
            if (tbs.PeekTag() == DerTag.Integer)
            {
                var version = tbs.Read(DerTag.Integer);
                if (version.ContentLength != 1 || _der[version.ContentOffset] != 1) throw new FormatException("The CRL version is not v2 (1).");
                Version = 2;
            }

            InnerSignatureAlgorithm = tbs.Read(DerTag.Sequence);
            Issuer = tbs.Read(DerTag.Sequence);
            var thisUpdate = tbs.Read();
            if (!IsTime(thisUpdate.Tag)) throw new FormatException("thisUpdate is not a UTCTime or GeneralizedTime.");
            ThisUpdate = TimeEncodingChecker.Decode("thisUpdate", _der, thisUpdate);
            if (IsTime(tbs.PeekTag())) NextUpdate = TimeEncodingChecker.Decode("nextUpdate", _der, tbs.Read());

            if (tbs.TryRead(DerTag.Sequence, out var revoked)) IndexEntries(tbs.Enter(revoked));
            else BuildTable(0);

            if (tbs.TryRead(DerTag.ContextConstructed(0), out var extensionsWrapper))
            {
                if (Version != 2) throw new FormatException("A v1 CRL carries crlExtensions.");
                var wrapper = tbs.Enter(extensionsWrapper);
                var extensions = wrapper.Read(DerTag.Sequence);
                if (wrapper.HasData) throw new FormatException("Unexpected data after crlExtensions.");
                ParseCrlExtensions(wrapper.Enter(extensions));
            }

            if (tbs.HasData) throw new FormatException($"Unexpected data in tbsCertList at offset {tbs.Position}.");
            CheckDecodable();
        }

        // The few small structures read with BouncyCastle later (names, IDP, Freshest CRL) must decode now, so that a
        // CRL that parses never fails later with something other than a verdict.
        private void CheckDecodable()
        {
            try
            {
                Org.BouncyCastle.Asn1.X509.X509Name.GetInstance(Org.BouncyCastle.Asn1.Asn1Object.FromByteArray(IssuerDer)).GetDerEncoded();
                if (IssuingDistributionPoint != null)
                    Org.BouncyCastle.Asn1.X509.IssuingDistributionPoint.GetInstance(Org.BouncyCastle.Asn1.Asn1Object.FromByteArray(IssuingDistributionPoint)).ToString();
                if (FreshestCrl != null)
                    Org.BouncyCastle.Asn1.X509.CrlDistPoint.GetInstance(Org.BouncyCastle.Asn1.Asn1Object.FromByteArray(FreshestCrl)).GetDistributionPoints();
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException) && !(ex is FormatException))
            {
                throw new FormatException($"The CRL issuer name or an extension cannot be decoded: {ex.Message}", ex);
            }
        }

        private static bool IsTime(int tag) => tag == DerTag.UtcTime || tag == DerTag.GeneralizedTime;

        private void ParseCrlExtensions(DerReader reader)
        {
            var unhandled = new List<string>();
            var seen = new HashSet<string>();
            while (reader.HasData)
            {
                ReadExtension(ref reader, out var oid, out var critical, out var value);
                var dotted = OidToString(oid);
                if (!seen.Add(dotted)) throw new FormatException($"The CRL extension {dotted} appears twice.");
                var copy = value.ContentToArray(_der);
                if (Is(oid, OidCrlNumber)) CrlNumber = IntegerContent(copy, "cRLNumber");
                else if (Is(oid, OidDeltaCrlIndicator)) DeltaBaseCrlNumber = IntegerContent(copy, "deltaCRLIndicator");
                else if (Is(oid, OidIssuingDistributionPoint)) IssuingDistributionPoint = copy;
                else if (Is(oid, OidFreshestCrl)) FreshestCrl = copy;
                else if (Is(oid, OidAuthorityKeyIdentifier)) AuthorityKeyIdentifier = copy;
                else if (Is(oid, OidIssuerAltName)) { }
                else if (critical) unhandled.Add(dotted);
            }

            UnhandledCriticalExtensions = unhandled;
        }

        private static byte[] IntegerContent(byte[] value, string name)
        {
            var reader = new DerReader(value);
            var integer = reader.Read(DerTag.Integer);
            if (reader.HasData || integer.ContentLength == 0) throw new FormatException($"The {name} extension is not one INTEGER.");
            if ((value[integer.ContentOffset] & 0x80) != 0) throw new FormatException($"The {name} extension is negative.");
            return integer.ContentToArray(value);
        }

        private void ReadExtension(ref DerReader reader, out DerElement oid, out bool critical, out DerElement value)
        {
            var extension = reader.Read(DerTag.Sequence);
            var inside = reader.Enter(extension);
            oid = inside.Read(DerTag.ObjectIdentifier);
            critical = false;
            if (inside.TryRead(DerTag.Boolean, out var flag))
            {
                if (flag.ContentLength != 1) throw new FormatException("A critical flag is not one byte.");
                critical = _der[flag.ContentOffset] != 0;
            }

            value = inside.Read(DerTag.OctetString);
            if (inside.HasData) throw new FormatException("Unexpected data in an extension.");
        }

        private void IndexEntries(DerReader reader)
        {
            // First pass: count the entries (headers only), so the index is allocated once, at its final size.
            var counter = reader;
            var total = 0;
            while (counter.HasData)
            {
                counter.Read(DerTag.Sequence);
                total++;
            }

            var offsets = new int[total];
            var count = 0;
            while (reader.HasData)
            {
                var entry = reader.Read(DerTag.Sequence);
                var inside = reader.Enter(entry);
                var serial = inside.Read(DerTag.Integer);
                if (serial.ContentLength == 0) throw new FormatException($"An empty serial number at offset {serial.Offset}.");
                var date = inside.Read();
                if (!IsTime(date.Tag)) throw new FormatException($"A revocationDate at offset {date.Offset} is not a time.");
                if (inside.HasData)
                {
                    var extensions = inside.Read(DerTag.Sequence);
                    if (Version != 2) throw new FormatException("A v1 CRL carries crlEntryExtensions.");
                    CheckEntryExtensions(inside.Enter(extensions));
                    if (inside.HasData) throw new FormatException($"Unexpected data in the CRL entry at offset {entry.Offset}.");
                }

                offsets[count++] = entry.Offset;
            }

            _entries = offsets;
            BuildTable(count);
        }

        private void CheckEntryExtensions(DerReader reader)
        {
            while (reader.HasData)
            {
                ReadExtension(ref reader, out var oid, out var critical, out _);
                if (Is(oid, OidCertificateIssuer)) HasCertificateIssuerEntries = true;
                else if (Is(oid, OidReasonCode) || Is(oid, OidInvalidityDate)) { }
                else if (critical && UnhandledCriticalEntryExtension == null) UnhandledCriticalEntryExtension = OidToString(oid);
            }
        }

        private void BuildTable(int count)
        {
            _count = count;
            var size = 2;
            while (size < count + count / 3 + 1) size <<= 1; // load factor at most 3/4
            _slots = new int[size];
            var mask = size - 1;
            for (var i = 0; i < count; i++)
            {
                SerialOf(_entries[i], out var offset, out var length);
                var slot = (int)(Hash(_der, offset, length) & (uint)mask);
                while (_slots[slot] != 0) slot = (slot + 1) & mask;
                _slots[slot] = i + 1;
            }
        }

        private void SerialOf(int entryOffset, out int offset, out int length)
        {
            // Entry: 30 len 02 len serial. Both headers were checked while indexing.
            var reader = new DerReader(_der, entryOffset, _der.Length - entryOffset);
            var entry = reader.Read();
            var inside = reader.Enter(entry);
            var serial = inside.Read();
            offset = serial.ContentOffset;
            length = serial.ContentLength;
        }

        private static uint Hash(byte[] buffer, int offset, int length)
        {
            var hash = 2166136261u;
            for (var i = 0; i < length; i++) hash = (hash ^ buffer[offset + i]) * 16777619u;
            hash ^= hash >> 15;
            hash *= 0x2C1B3C6Du;
            hash ^= hash >> 12;
            return hash;
        }

        /// <summary>Finds the entry for a serial number (the INTEGER content bytes, as in the certificate).</summary>
        public bool TryFind(byte[] serial, out CrlEntry entry)
        {
            entry = default;
            if (serial == null || serial.Length == 0 || _count == 0) return false;
            var mask = _slots.Length - 1;
            var slot = (int)(Hash(serial, 0, serial.Length) & (uint)mask);
            while (true)
            {
                var value = _slots[slot];
                if (value == 0) return false;
                SerialOf(_entries[value - 1], out var offset, out var length);
                if (length == serial.Length && Same(_der, offset, serial))
                {
                    entry = ReadEntry(_entries[value - 1]);
                    return true;
                }

                slot = (slot + 1) & mask;
            }
        }

        private static bool Same(byte[] buffer, int offset, byte[] value)
        {
            for (var i = 0; i < value.Length; i++)
                if (buffer[offset + i] != value[i]) return false;
            return true;
        }

        private CrlEntry ReadEntry(int entryOffset)
        {
            var reader = new DerReader(_der, entryOffset, _der.Length - entryOffset);
            var inside = reader.Enter(reader.Read());
            inside.Read(DerTag.Integer);
            var revocationDate = TimeEncodingChecker.Decode("revocationDate", _der, inside.Read());
            int? reason = null;
            DecodedTime? invalidity = null;
            if (inside.HasData)
            {
                var extensions = inside.Enter(inside.Read(DerTag.Sequence));
                while (extensions.HasData)
                {
                    ReadExtension(ref extensions, out var oid, out _, out var value);
                    var content = new DerReader(_der, value.ContentOffset, value.ContentLength);
                    if (Is(oid, OidReasonCode))
                    {
                        var enumerated = content.Read(DerTag.Enumerated);
                        if (enumerated.ContentLength != 1) throw new FormatException("A reasonCode is not one byte.");
                        reason = _der[enumerated.ContentOffset];
                    }
                    else if (Is(oid, OidInvalidityDate))
                    {
                        invalidity = TimeEncodingChecker.Decode("invalidityDate", _der, content.Read(DerTag.GeneralizedTime));
                    }
                }
            }

            return new CrlEntry(revocationDate, reason, invalidity);
        }

        private bool Is(DerElement oid, byte[] expected) => oid.ContentLength == expected.Length && Same(_der, oid.ContentOffset, expected);

        private string OidToString(DerElement oid)
        {
            var parts = new List<string>();
            long value = 0;
            var first = true;
            for (var i = 0; i < oid.ContentLength; i++)
            {
                var b = _der[oid.ContentOffset + i];
                value = (value << 7) | (uint)(b & 0x7F);
                if ((b & 0x80) != 0)
                {
                    if (value > int.MaxValue) return "(oversized OID)";
                    continue;
                }

                if (first)
                {
                    var top = value < 40 ? 0 : value < 80 ? 1 : 2;
                    parts.Add(top.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    parts.Add((value - top * 40).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    first = false;
                }
                else
                {
                    parts.Add(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                value = 0;
            }

            return string.Join(".", parts);
        }
    }

    /// <summary>One revoked certificate, decoded only when looked up.</summary>
    internal readonly struct CrlEntry
    {
        public CrlEntry(DecodedTime revocationDate, int? reasonCode, DecodedTime? invalidityDate)
        {
            RevocationDate = revocationDate;
            ReasonCode = reasonCode;
            InvalidityDate = invalidityDate;
        }

        public DecodedTime RevocationDate { get; }

        /// <summary>The CRLReason code (RFC 5280 5.3.1), or null when absent.</summary>
        public int? ReasonCode { get; }

        public DecodedTime? InvalidityDate { get; }

        public bool IsRemoveFromCrl => ReasonCode == 8;
    }
}
