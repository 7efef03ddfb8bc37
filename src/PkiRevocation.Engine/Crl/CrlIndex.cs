using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.Runtime.CompilerServices;
using PkiRevocation.Certificates;

namespace PkiRevocation.Crl
{
    /// <summary>
    /// One CRL (RFC 5280 5.1), kept as its raw DER plus an open-addressing hash table from serial number to entry
    /// offset: no object per revoked certificate, O(1) lookup. A 1,000,000-entry CRL costs its bytes plus about
    /// 20 bytes per entry. Parsing checks the whole structure and every entry's extensions, so a CRL that parses
    /// has no hidden malformed entry. Throws <see cref="FormatException"/> on anything that is not a CRL.
    /// Over 400 lines because validation and the index are one pass over the entries (bench/crl/README.md: the
    /// 1,000,000-entry CRL is read once), so they live together.
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

        /// <summary>CRLs are DER (RFC 5280 §5): indefinite and non-minimal lengths are refused.</summary>
        internal const AsnEncodingRules Rules = AsnEncodingRules.DER;

        private readonly byte[] _der;
        private int[] _entries = Array.Empty<int>();
        // Open addressing, linear probing. Each slot: the serial's 32-bit hash (high half) and entry index + 1 (low
        // half), so a probe compares hashes without touching the CRL bytes; 0 marks an empty slot.
        private long[] _slots = Array.Empty<long>();
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

        /// <summary>The tbsCertList digest for the signature algorithm, computed in the background for big CRLs; null otherwise.</summary>
        internal System.Threading.Tasks.Task<byte[]>? Digest { get; private set; }

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
            var outer = new DerReader(_der, Rules);
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

            // A big CRL's digest is computed on another core while its entries are indexed.
            if (TbsCertList.TotalLength >= 1 << 20) Digest = PlatformSignature.StartDigest(this);

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

            if (tbs.TryRead(DerTag.Sequence, out var revoked))
            {
                // RFC 5280 5.1.2.6: when no certificate is revoked, revokedCertificates is absent. Others refuse an empty one, and so do we.
                if (revoked.ContentLength == 0) throw new FormatException("revokedCertificates is present but empty (RFC 5280 5.1.2.6: it must be absent when no certificate is revoked).");
                IndexEntries(revoked.ContentOffset, revoked.ContentOffset + revoked.ContentLength);
            }
            else BuildTable(Array.Empty<uint>(), 0);

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
            var walk = new ExtensionWalk(reader);
            while (walk.Next(out var extension))
            {
                var dotted = DerDecoder.Oid(_der, extension.Oid, Rules);
                if (!seen.Add(dotted)) throw new FormatException($"The CRL extension {dotted} appears twice.");
                var copy = extension.Value.ContentToArray(_der);
                if (extension.Is(_der, OidCrlNumber)) CrlNumber = IntegerContent(copy, "cRLNumber");
                else if (extension.Is(_der, OidDeltaCrlIndicator)) DeltaBaseCrlNumber = IntegerContent(copy, "deltaCRLIndicator");
                else if (extension.Is(_der, OidIssuingDistributionPoint))
                {
                    // RFC 5280 5.2.5: the issuingDistributionPoint must not be an empty SEQUENCE.
                    if (copy.Length == 2 && copy[0] == 0x30 && copy[1] == 0) throw new FormatException("The issuingDistributionPoint extension is an empty SEQUENCE (RFC 5280 5.2.5 forbids it).");
                    IssuingDistributionPoint = copy;
                }
                else if (extension.Is(_der, OidFreshestCrl)) FreshestCrl = copy;
                else if (extension.Is(_der, OidAuthorityKeyIdentifier)) AuthorityKeyIdentifier = copy;
                else if (extension.Is(_der, OidIssuerAltName)) { }
                else if (extension.Critical) unhandled.Add(dotted);
            }

            UnhandledCriticalExtensions = unhandled;
        }

        private static byte[] IntegerContent(byte[] value, string name)
        {
            var reader = new DerReader(value, Rules);
            var integer = reader.Read(DerTag.Integer);
            if (reader.HasData || integer.ContentLength == 0) throw new FormatException($"The {name} extension is not one INTEGER.");
            if ((value[integer.ContentOffset] & 0x80) != 0) throw new FormatException($"The {name} extension is negative.");
            return integer.ContentToArray(value);
        }

        // Hot paths of a million-entry CRL: compiled fully optimized at once rather than after tiering up.
        private const MethodImplOptions Hot = (MethodImplOptions)512; // AggressiveOptimization

        // The revokedCertificates walk and its entry extensions: the one place that reads DER headers without DerReader,
        // and the one extension check outside ExtensionWalk. A million-entry CRL has about eight headers per entry;
        // read through DerReader (System.Formats.Asn1) this walk made the first parse of bench/crl's CRL 2-3 times
        // slower (about 18 ns a header in the platform's precompiled code, which pkirev keeps as it runs with tiered
        // compilation off; bench/crl/README.md). The rules are DER's as the platform applies them: definite lengths of
        // at most four bytes, minimal, within the container; one-byte tags. Anything else throws FormatException.
        [MethodImpl(Hot)]
        private void IndexEntries(int start, int end)
        {
            var total = 0;
            for (var p = start; p < end; total++)
            {
                Header(p, end, out var tag, out var contentOffset, out var contentLength);
                if (tag != DerTag.Sequence) throw new FormatException($"A CRL entry at offset {p} is not a SEQUENCE.");
                p = contentOffset + contentLength;
            }

            var offsets = new int[total];
            var hashes = new uint[total]; // dropped once the table is built
            var count = 0;
            for (var p = start; p < end;)
            {
                Header(p, end, out _, out var entryContent, out var entryLength);
                var entryEnd = entryContent + entryLength;
                Header(entryContent, entryEnd, out var tag, out var serialOffset, out var serialLength);
                if (tag != DerTag.Integer || serialLength == 0) throw new FormatException($"The CRL entry at offset {p} has no serial number.");
                var q = serialOffset + serialLength;
                Header(q, entryEnd, out tag, out var dateOffset, out var dateLength);
                if (tag != DerTag.UtcTime && tag != DerTag.GeneralizedTime) throw new FormatException($"The revocationDate at offset {q} is not a time.");
                q = dateOffset + dateLength;
                if (q < entryEnd)
                {
                    Header(q, entryEnd, out tag, out var extensionsOffset, out var extensionsLength);
                    if (tag != DerTag.Sequence) throw new FormatException($"The crlEntryExtensions at offset {q} are not a SEQUENCE.");
                    if (Version != 2) throw new FormatException("A v1 CRL carries crlEntryExtensions.");
                    q = extensionsOffset + extensionsLength;
                    if (q != entryEnd) throw new FormatException($"Unexpected data in the CRL entry at offset {p}.");
                    CheckEntryExtensions(extensionsOffset, q);
                }

                hashes[count] = Hash(_der, serialOffset, serialLength);
                offsets[count++] = p;
                p = entryEnd;
            }

            _entries = offsets;
            BuildTable(hashes, count);
        }

        [MethodImpl(Hot)]
        private void CheckEntryExtensions(int p, int end)
        {
            while (p < end)
            {
                Header(p, end, out var tag, out var extensionOffset, out var extensionLength);
                if (tag != DerTag.Sequence) throw new FormatException($"A CRL entry extension at offset {p} is not a SEQUENCE.");
                var extensionEnd = extensionOffset + extensionLength;
                Header(extensionOffset, extensionEnd, out tag, out var oidOffset, out var oidLength);
                if (tag != DerTag.ObjectIdentifier) throw new FormatException($"A CRL entry extension at offset {p} has no OID.");
                var q = oidOffset + oidLength;
                var critical = false;
                Header(q, extensionEnd, out tag, out var valueOffset, out var valueLength);
                if (tag == DerTag.Boolean)
                {
                    if (valueLength != 1) throw new FormatException("A critical flag is not one byte.");
                    critical = _der[valueOffset] != 0;
                    q = valueOffset + valueLength;
                    Header(q, extensionEnd, out tag, out valueOffset, out valueLength);
                }

                if (tag != DerTag.OctetString || valueOffset + valueLength != extensionEnd) throw new FormatException($"A CRL entry extension at offset {p} is malformed.");
                var oid = new DerElement(DerTag.ObjectIdentifier, extensionOffset, oidOffset, oidLength, oidOffset + oidLength);
                if (DerDecoder.ContentEquals(_der, oid, OidCertificateIssuer)) HasCertificateIssuerEntries = true;
                else if (DerDecoder.ContentEquals(_der, oid, OidReasonCode) || DerDecoder.ContentEquals(_der, oid, OidInvalidityDate)) { }
                else if (critical && UnhandledCriticalEntryExtension == null) UnhandledCriticalEntryExtension = DerDecoder.Oid(_der, oid, Rules);
                p = extensionEnd;
            }
        }

        // One DER header at p, which must end (with its content) by end.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Header(int p, int end, out int tag, out int contentOffset, out int contentLength)
        {
            if (end - p < 2) throw new FormatException($"Truncated DER at offset {p}.");
            tag = _der[p];
            int first = _der[p + 1];
            p += 2;
            if (first >= 0x80)
            {
                var count = first & 0x7F;
                if (count == 0 || count > 4 || end - p < count || _der[p] == 0) throw new FormatException($"Bad DER length at offset {p - 2}.");
                long length = 0;
                for (var k = 0; k < count; k++) length = (length << 8) | _der[p++];
                if (length < 0x80) throw new FormatException($"Non-minimal DER length at offset {p - 2 - count}.");
                if (length > end - p) throw new FormatException($"DER element at offset {p} runs past its container.");
                first = (int)length;
            }
            else if (first > end - p)
            {
                throw new FormatException($"DER element at offset {p - 2} runs past its container.");
            }

            if ((tag & 0x1F) == 0x1F) throw new FormatException($"Multi-byte DER tags are not supported (offset {p}).");
            contentOffset = p;
            contentLength = first;
        }

        [MethodImpl(Hot)]
        private void BuildTable(uint[] hashes, int count)
        {
            _count = count;
            var bits = 1;
            while ((1 << bits) < count + count / 4 + 1) bits++; // load factor at most 4/5
            var size = 1 << bits;
            _slots = new long[size];
            var mask = size - 1;
            if (count < 1 << 18)
            {
                for (var i = 0; i < count; i++) Insert(((long)hashes[i] << 32) | (uint)(i + 1), mask);
                return;
            }

            // A large table does not fit in the caches: inserting in entry order costs a cache miss per entry. Bucket the
            // entries by the region of the table they land in first (32 KB regions), then insert region by region.
            var shift = Math.Max(0, bits - 12);
            var starts = new int[(size >> shift) + 1];
            for (var i = 0; i < count; i++) starts[(int)((hashes[i] & (uint)mask) >> shift) + 1]++;
            for (var b = 1; b < starts.Length; b++) starts[b] += starts[b - 1];
            var order = new long[count];
            for (var i = 0; i < count; i++)
                order[starts[(int)((hashes[i] & (uint)mask) >> shift)]++] = ((long)hashes[i] << 32) | (uint)(i + 1);
            foreach (var item in order) Insert(item, mask);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Insert(long item, int mask)
        {
            var slot = (int)((uint)(item >> 32) & (uint)mask);
            while (_slots[slot] != 0) slot = (slot + 1) & mask;
            _slots[slot] = item;
        }

        // The serial of an indexed entry (its first element, checked while indexing).
        private DerElement SerialOf(int entryOffset)
        {
            var entry = DerReader.ReadElement(_der, entryOffset, _der.Length, Rules);
            return DerReader.ReadElement(_der, entry.ContentOffset, entry.End, Rules);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static uint Hash(byte[] buffer, int offset, int length)
        {
            var hash = 2166136261u;
            for (var i = 0; i < length; i++) hash = (hash ^ buffer[offset + i]) * 16777619u;
            hash ^= hash >> 15;
            hash *= 0x2C1B3C6Du;
            hash ^= hash >> 12;
            return hash;
        }

        /// <summary>Finds the entry for a serial number (the INTEGER content bytes, as in the certificate) and decodes it.</summary>
        public bool TryFind(byte[] serial, out CrlEntry entry)
        {
            entry = default;
            var index = IndexOf(serial);
            if (index < 0) return false;
            entry = ReadEntry(_entries[index]);
            return true;
        }

        /// <summary>Whether the serial is listed, without decoding the entry: the O(1) lookup itself.</summary>
        public bool Contains(byte[] serial) => IndexOf(serial) >= 0;

        [MethodImpl(Hot)]
        private int IndexOf(byte[] serial)
        {
            if (serial == null || serial.Length == 0 || _count == 0) return -1;
            var mask = _slots.Length - 1;
            var hash = Hash(serial, 0, serial.Length);
            var slot = (int)(hash & (uint)mask);
            while (true)
            {
                var value = _slots[slot];
                if (value == 0) return -1;
                if ((uint)(value >> 32) == hash)
                {
                    var index = (int)(uint)value - 1;
                    if (SerialOf(_entries[index]).Content(_der).SequenceEqual(serial)) return index;
                }

                slot = (slot + 1) & mask;
            }
        }

        private CrlEntry ReadEntry(int entryOffset)
        {
            var reader = new DerReader(_der, entryOffset, _der.Length - entryOffset, Rules);
            var inside = reader.Enter(reader.Read());
            inside.Read(DerTag.Integer);
            var revocationDate = TimeEncodingChecker.Decode("revocationDate", _der, inside.Read());
            int? reason = null;
            DecodedTime? invalidity = null;
            if (inside.HasData)
            {
                var walk = new ExtensionWalk(inside.Enter(inside.Read(DerTag.Sequence)));
                while (walk.Next(out var extension))
                {
                    var content = inside.Enter(extension.Value);
                    if (extension.Is(_der, OidReasonCode))
                    {
                        var enumerated = content.Read(DerTag.Enumerated);
                        if (enumerated.ContentLength != 1) throw new FormatException("A reasonCode is not one byte.");
                        reason = _der[enumerated.ContentOffset];
                    }
                    else if (extension.Is(_der, OidInvalidityDate))
                    {
                        invalidity = TimeEncodingChecker.Decode("invalidityDate", _der, content.Read(DerTag.GeneralizedTime));
                    }
                }
            }

            return new CrlEntry(revocationDate, reason, invalidity);
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
