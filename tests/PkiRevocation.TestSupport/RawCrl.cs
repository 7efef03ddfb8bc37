using System.Text;
using Org.BouncyCastle.Security;

namespace PkiRevocation.TestSupport;

/// <summary>CRLs built byte by byte and signed with a test key: for sizes and encodings no CA tool produces on demand.</summary>
public static class RawCrl
{
    public static readonly byte[] EcdsaSha256 = Der.Sequence(Der.Tlv(0x06, [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02]));

    public static byte[] Serial(long value)
    {
        var bytes = new List<byte>();
        do { bytes.Insert(0, (byte)value); value >>= 8; } while (value != 0);
        if ((bytes[0] & 0x80) != 0) bytes.Insert(0, 0);
        return Der.Tlv(0x02, bytes.ToArray());
    }

    public static byte[] Entry(long serial, string revocationDate = "300101000000Z", params byte[][] extensions) =>
        extensions.Length == 0
            ? Der.Sequence(Serial(serial), Der.UtcTime(revocationDate))
            : Der.Sequence(Serial(serial), Der.UtcTime(revocationDate), Der.Sequence(extensions));

    public static byte[] Extension(byte[] oidContent, bool critical, byte[] value) =>
        critical
            ? Der.Sequence(Der.Tlv(0x06, oidContent), Der.Tlv(0x01, [0xFF]), Der.Tlv(0x04, value))
            : Der.Sequence(Der.Tlv(0x06, oidContent), Der.Tlv(0x04, value));

    public static byte[] ReasonCode(int reason) => Extension([0x55, 0x1D, 0x15], false, Der.Tlv(0x0A, [(byte)reason]));

    public static byte[] CrlNumber(int number) => Extension([0x55, 0x1D, 0x14], false, Serial(number));

    /// <summary>deltaCRLIndicator (critical) naming the complete CRL number the delta builds on.</summary>
    public static byte[] DeltaIndicator(int baseCrlNumber) => Extension([0x55, 0x1D, 0x1B], true, Serial(baseCrlNumber));

    /// <summary>issuingDistributionPoint (critical) with the given IssuingDistributionPoint DER.</summary>
    public static byte[] Idp(byte[] value) => Extension([0x55, 0x1D, 0x1C], true, value);

    /// <summary>An entry with the serial content and revocationDate TLV exactly as given.</summary>
    public static byte[] RawEntry(byte[] serialContent, byte[] revocationDate) => Der.Sequence(Der.Tlv(0x02, serialContent), revocationDate);

    /// <summary>A v2 CRL over <paramref name="entries"/>, signed by <paramref name="issuer"/> (an EC test CA).</summary>
    public static byte[] Build(TestCertificate issuer, IEnumerable<byte[]> entries, byte[] thisUpdate, byte[]? nextUpdate, params byte[][] crlExtensions) =>
        Build(issuer, entries, thisUpdate, nextUpdate, emptyRevokedList: false, crlExtensions);

    /// <summary>As above; with <paramref name="emptyRevokedList"/>, no entries give an empty revokedCertificates SEQUENCE instead of none.</summary>
    public static byte[] Build(TestCertificate issuer, IEnumerable<byte[]> entries, byte[] thisUpdate, byte[]? nextUpdate, bool emptyRevokedList, params byte[][] crlExtensions)
    {
        var body = new MemoryStream();
        foreach (var entry in entries) body.Write(entry);
        var parts = new List<byte[]>
        {
            Der.Tlv(0x02, [1]),
            EcdsaSha256,
            issuer.Bc.SubjectDN.GetDerEncoded(),
            thisUpdate,
        };
        if (nextUpdate != null) parts.Add(nextUpdate);
        if (body.Length > 0 || emptyRevokedList) parts.Add(Der.Tlv(0x30, body.ToArray()));
        if (crlExtensions.Length > 0) parts.Add(Der.Tlv(0xA0, Der.Sequence(crlExtensions)));
        var tbsDer = Der.Sequence(parts.ToArray());
        var signer = SignerUtilities.GetSigner("SHA256WithECDSA");
        signer.Init(true, issuer.Keys.Private);
        signer.BlockUpdate(tbsDer, 0, tbsDer.Length);
        return Der.Sequence(tbsDer, EcdsaSha256, Der.BitString(signer.GenerateSignature()));
    }

    public static byte[] Utc(DateTime value) => Der.UtcTime(value.ToString("yyMMddHHmmss") + "Z");

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
