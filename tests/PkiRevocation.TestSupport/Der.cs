using System.Text;

namespace PkiRevocation.TestSupport;

/// <summary>Hand-built DER, for crafting encodings that no well-behaved library will produce.</summary>
public static class Der
{
    public static byte[] Tlv(int tag, byte[] content)
    {
        var length = content.Length;
        byte[] header;
        if (length < 0x80) header = [(byte)tag, (byte)length];
        else if (length <= 0xFF) header = [(byte)tag, 0x81, (byte)length];
        else if (length <= 0xFFFF) header = [(byte)tag, 0x82, (byte)(length >> 8), (byte)length];
        else header = [(byte)tag, 0x83, (byte)(length >> 16), (byte)(length >> 8), (byte)length];
        return [.. header, .. content];
    }

    public static byte[] Sequence(params byte[][] items) => Tlv(0x30, items.SelectMany(i => i).ToArray());

    public static byte[] UtcTime(string text) => Tlv(0x17, Encoding.ASCII.GetBytes(text));

    public static byte[] GeneralizedTime(string text) => Tlv(0x18, Encoding.ASCII.GetBytes(text));

    public static byte[] BitString(byte[] bits) => Tlv(0x03, [0, .. bits]);
}
