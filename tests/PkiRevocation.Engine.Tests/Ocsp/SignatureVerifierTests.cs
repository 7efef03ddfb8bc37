using PkiRevocation.Ocsp;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Ocsp;

/// <summary>
/// The issuer-signature check on a certificate works on the bytes as received (tbsCertificate sliced, not re-encoded)
/// with a platform key reused across calls: a valid signature verifies, every altered byte or wrong key does not.
/// </summary>
public sealed class SignatureVerifierTests
{
    private static readonly DateTime At = new(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void IssuedBy_TheIssuersKey_Verifies_AndReusedKeyStillRefusesOthers(bool rsa)
    {
        var ca = TestPki.CreateRoot("CN=Verifier CA", At.AddYears(-1), At.AddYears(1), o => o.Rsa = rsa);
        var impostor = TestPki.CreateRoot("CN=Verifier CA", At.AddYears(-1), At.AddYears(1), o => o.Rsa = rsa);
        var leaves = Enumerable.Range(0, 5).Select(i => ca.Issue($"CN=leaf-{i}", At.AddDays(-1), At.AddDays(30), o => o.WithSerial(100 + i))).ToList();

        // Concurrent calls share the cached platform key of the same issuer object: all must verify.
        var results = new bool[leaves.Count];
        Parallel.For(0, leaves.Count, i => results[i] = SignatureVerifier.IssuedBy(leaves[i].Der, ca.Bc));
        Assert.All(results, Assert.True);
        Assert.All(leaves, leaf => Assert.False(SignatureVerifier.IssuedBy(leaf.Der, impostor.Bc)));
        Assert.All(leaves, leaf => Assert.True(SignatureVerifier.IssuedBy(leaf.Bc, ca.Bc)));
    }

    [Fact]
    public void IssuedBy_AnyAlteredByteOfTheTbsCertificate_IsRefused()
    {
        var ca = TestPki.CreateRoot("CN=Verifier CA", At.AddYears(-1), At.AddYears(1));
        var leaf = ca.Issue("CN=leaf", At.AddDays(-1), At.AddDays(30), o => o.WithSerial(7));
        Assert.True(SignatureVerifier.IssuedBy(leaf.Der, ca.Bc));

        var subject = IndexOf(leaf.Der, "leaf"u8.ToArray());
        var altered = (byte[])leaf.Der.Clone();
        altered[subject] ^= 0x01;
        Assert.False(SignatureVerifier.IssuedBy(altered, ca.Bc));
    }

    [Fact]
    public void IssuedBy_OuterSignatureAlgorithmDifferentFromTheInnerOne_IsRefused()
    {
        var ca = TestPki.CreateRoot("CN=Verifier CA", At.AddYears(-1), At.AddYears(1));
        var leaf = ca.Issue("CN=leaf", At.AddDays(-1), At.AddDays(30));
        // ecdsa-with-SHA256 is 1.2.840.10045.4.3.2; the outer copy is the last one: turn it into ecdsa-with-SHA384 (.3).
        var oid = new byte[] { 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02 };
        var outer = LastIndexOf(leaf.Der, oid);
        Assert.True(outer > IndexOf(leaf.Der, oid));
        var altered = (byte[])leaf.Der.Clone();
        altered[outer + oid.Length - 1] = 0x03;
        Assert.False(SignatureVerifier.IssuedBy(altered, ca.Bc));
    }

    [Fact]
    public void IssuedBy_TruncatedOrTrailingBytes_IsRefusedWithoutThrowing()
    {
        var ca = TestPki.CreateRoot("CN=Verifier CA", At.AddYears(-1), At.AddYears(1));
        var leaf = ca.Issue("CN=leaf", At.AddDays(-1), At.AddDays(30));
        Assert.False(SignatureVerifier.IssuedBy(leaf.Der[..^1], ca.Bc));
        Assert.False(SignatureVerifier.IssuedBy([.. leaf.Der, 0x00], ca.Bc));
        Assert.False(SignatureVerifier.IssuedBy(Array.Empty<byte>(), ca.Bc));
    }

    [Fact]
    public void ToP1363_WellFormedAndMalformedDerSignatures()
    {
        // r = 0x00FF (positive, with its sign byte), s = 0x01.
        Assert.Equal(new byte[] { 0x00, 0xFF, 0x00, 0x01 }, SignatureVerifier.ToP1363([0x30, 0x07, 0x02, 0x02, 0x00, 0xFF, 0x02, 0x01, 0x01], 2));
        Assert.Null(SignatureVerifier.ToP1363([0x30, 0x06, 0x02, 0x01, 0x80, 0x02, 0x01, 0x01], 2));             // negative r
        Assert.Null(SignatureVerifier.ToP1363([0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00], 2));       // trailing byte
        Assert.Null(SignatureVerifier.ToP1363([0x30, 0x08, 0x02, 0x03, 0x01, 0x02, 0x03, 0x02, 0x01, 0x01], 2)); // r too long
        Assert.Null(SignatureVerifier.ToP1363([0x30, 0x03, 0x02, 0x01, 0x01], 2));                               // s missing
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        return -1;
    }

    private static int LastIndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = haystack.Length - needle.Length; i >= 0; i--)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        return -1;
    }
}
