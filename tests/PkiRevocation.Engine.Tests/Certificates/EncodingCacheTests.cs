using PkiRevocation.Certificates;
using Xunit;

namespace PkiRevocation.Engine.Tests.Certificates;

/// <summary>The decode-once cache behind carried OCSP certificates, ResponderID names and signature algorithms.</summary>
public sealed class EncodingCacheTests
{
    private int _decodes;

    private EncodingCache<string> Cache(int capacity = 16) => new(capacity, encoding =>
    {
        _decodes++;
        if (encoding.Length > 0 && encoding[0] == 0xEE) throw new FormatException("undecodable");
        return Convert.ToHexString(encoding);
    });

    [Fact]
    public void Get_SameBytesInOtherBuffersAndOffsets_SameObjectDecodedOnce()
    {
        var cache = Cache();
        byte[] encoding = [0x30, 0x0B, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
        byte[] elsewhere = [0xFF, 0xFF, .. encoding, 0xFF];

        var first = cache.Get(encoding, 0, encoding.Length);
        var second = cache.Get(elsewhere, 2, encoding.Length);

        Assert.Equal("300B0102030405060708090A0B", first);
        Assert.Same(first, second);
        Assert.Equal(1, _decodes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(16)]
    [InlineData(1000)]
    public void Get_EncodingsDifferingInTheLastByte_EachGetsItsOwnValue(int length)
    {
        var cache = Cache();
        var a = Enumerable.Range(0, length + 1).Select(i => (byte)(i * 7 + 1)).ToArray();
        var b = (byte[])a.Clone();
        b[^1] ^= 0x01;

        Assert.Equal(Convert.ToHexString(a), cache.Get(a, 0, a.Length));
        Assert.Equal(Convert.ToHexString(b), cache.Get(b, 0, b.Length));
        Assert.Equal(Convert.ToHexString(a), cache.Get(a, 0, a.Length));
        Assert.Equal(Convert.ToHexString(a[..length]), cache.Get(a, 0, length));
        Assert.Equal(3, _decodes);
    }

    [Fact]
    public void Get_DecodeThrows_ExceptionPassesAndNothingIsKept()
    {
        var cache = Cache();
        byte[] bad = [0xEE, 0x01];

        Assert.Throws<FormatException>(() => cache.Get(bad, 0, bad.Length));
        Assert.Throws<FormatException>(() => cache.Get(bad, 0, bad.Length));

        Assert.Equal(2, _decodes);
    }

    [Fact]
    public void Get_MoreEncodingsThanCapacity_ValuesStayRightAndOldOnesAreDecodedAgain()
    {
        var cache = Cache(capacity: 2);
        var encodings = Enumerable.Range(1, 3).Select(i => new[] { (byte)i, (byte)(i * 3) }).ToArray();

        foreach (var encoding in encodings) Assert.Equal(Convert.ToHexString(encoding), cache.Get(encoding, 0, 2));
        Assert.Equal(Convert.ToHexString(encodings[0]), cache.Get(encodings[0], 0, 2));

        Assert.Equal(4, _decodes);
    }
}
