using PkiRevocation.Crl;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Crl;

public sealed class CrlIndexTests
{
    private static readonly DateTime At = new(2030, 6, 2, 0, 0, 0, DateTimeKind.Utc);
    private static readonly Lazy<TestCertificate> Ca = new(() => TestPki.CreateRoot("CN=Raw CRL CA", At));
    private static readonly Lazy<byte[]> Large = new(() =>
        RawCrl.Build(Ca.Value, Enumerable.Range(1, 100_000).Select(i => RawCrl.Entry(i * 3L)), RawCrl.Utc(At.AddDays(-1)), RawCrl.Utc(At.AddDays(6)), RawCrl.CrlNumber(7)));

    [Fact]
    public void Parse_100kEntryCrl_FindsEveryRevokedSerialAndNoOther()
    {
        var index = CrlIndex.Parse(Large.Value);

        Assert.Equal(100_000, index.Count);
        for (long serial = 1; serial <= 300_003; serial += 7)
        {
            var content = RawCrl.Serial(serial)[2..];
            Assert.Equal(serial % 3 == 0 && serial <= 300_000, index.TryFind(content, out _));
        }
    }

    [Fact]
    public void Parse_300kEntryCrl_RegionBucketedTable_FindsEveryRevokedSerialAndNoOther()
    {
        var der = RawCrl.Build(Ca.Value, Enumerable.Range(1, 300_000).Select(i => RawCrl.Entry(i * 5L + 1_000_000_000L)), RawCrl.Utc(At.AddDays(-1)), RawCrl.Utc(At.AddDays(6)));
        var index = CrlIndex.Parse(der);

        Assert.Equal(300_000, index.Count);
        for (long serial = 1_000_000_000L; serial <= 1_001_500_010L; serial += 3)
            Assert.Equal(serial % 5 == 0 && serial > 1_000_000_000L && serial <= 1_001_500_000L, index.Contains(RawCrl.Serial(serial)[2..]));
    }

    [Fact]
    public void Parse_100kEntryCrl_AllocatesLessThanTheCrlItself()
    {
        var der = Large.Value;
        CrlIndex.Parse(der); // warm up the code paths
        var before = GC.GetAllocatedBytesForCurrentThread();
        var index = CrlIndex.Parse(der);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(100_000, index.Count);
        Assert.True(allocated < der.Length, $"indexing {der.Length} bytes allocated {allocated} bytes");
    }

    [Fact]
    public void Verify_100kEntryCrlSignedByIssuer_IsNotRevokedForUnlistedCertificate()
    {
        var ee = Ca.Value.Issue("CN=Unlisted", At.AddYears(-1), At.AddYears(1), o => o.WithSerial(1));
        var result = Evaluate(Large.Value, ee);

        Assert.Equal(CrlStatus.NotRevoked, result.Status);
        Assert.Equal("07", result.CrlNumber);
    }

    [Fact]
    public void Evaluate_ListedCertificate_IsRevokedWithReason()
    {
        var ee = Ca.Value.Issue("CN=Listed", At.AddYears(-1), At.AddYears(1), o => o.WithSerial(300));
        var result = Evaluate(Large.Value, ee);

        Assert.Equal(CrlStatus.Revoked, result.Status);
        Assert.Equal(new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc), result.RevocationTime);
    }

    [Fact]
    public void Evaluate_UnknownCriticalEntryExtension_IsIndeterminate()
    {
        var ee = Ca.Value.Issue("CN=EE", At.AddYears(-1), At.AddYears(1), o => o.WithSerial(5));
        var crl = RawCrl.Build(Ca.Value, [RawCrl.Entry(9, "300101000000Z", RawCrl.Extension([0x2A, 0x03, 0x04], true, Der.Tlv(0x05, [])))],
            RawCrl.Utc(At.AddDays(-1)), RawCrl.Utc(At.AddDays(6)));

        var result = Evaluate(crl, ee);

        Assert.Equal(CrlStatus.Indeterminate, result.Status);
        Assert.Contains("unhandled critical CRL entry extension 1.2.3.4", result.FailureReason);
    }

    [Fact]
    public void Evaluate_UnknownCriticalCrlExtension_IsIndeterminate_NonCriticalIgnored()
    {
        var ee = Ca.Value.Issue("CN=EE", At.AddYears(-1), At.AddYears(1), o => o.WithSerial(5));
        var critical = RawCrl.Build(Ca.Value, [], RawCrl.Utc(At.AddDays(-1)), RawCrl.Utc(At.AddDays(6)), RawCrl.Extension([0x2A, 0x03, 0x05], true, Der.Tlv(0x05, [])));
        var nonCritical = RawCrl.Build(Ca.Value, [], RawCrl.Utc(At.AddDays(-1)), RawCrl.Utc(At.AddDays(6)), RawCrl.Extension([0x2A, 0x03, 0x05], false, Der.Tlv(0x05, [])));

        Assert.Contains("unhandled critical CRL extension 1.2.3.5", Evaluate(critical, ee).FailureReason);
        Assert.Equal(CrlStatus.NotRevoked, Evaluate(nonCritical, ee).Status);
    }

    [Fact]
    public void Evaluate_FractionalSecondsInNextUpdate_IsIndeterminate()
    {
        var ee = Ca.Value.Issue("CN=EE", At.AddYears(-1), At.AddYears(1), o => o.WithSerial(5));
        var crl = RawCrl.Build(Ca.Value, [], RawCrl.Utc(At.AddDays(-1)), Der.GeneralizedTime("20300608000000.5Z"));

        var result = Evaluate(crl, ee);

        Assert.Equal(CrlStatus.Indeterminate, result.Status);
        Assert.Contains("time encoding", result.FailureReason);
    }

    [Theory]
    [InlineData(3, CrlStatus.NotRevoked)]
    [InlineData(8, CrlStatus.Indeterminate)]
    public void Evaluate_NoNextUpdate_FreshOnlyWithinMaxAge(int ageDays, CrlStatus expected)
    {
        var ee = Ca.Value.Issue("CN=EE", At.AddYears(-1), At.AddYears(1), o => o.WithSerial(5));
        var crl = RawCrl.Build(Ca.Value, [], RawCrl.Utc(At.AddDays(-ageDays)), null);

        Assert.Equal(expected, Evaluate(crl, ee).Status);
    }

    [Fact]
    public void Evaluate_ThisUpdateAfterReferenceTime_IsIndeterminate()
    {
        var ee = Ca.Value.Issue("CN=EE", At.AddYears(-1), At.AddYears(1), o => o.WithSerial(5));
        var crl = RawCrl.Build(Ca.Value, [], RawCrl.Utc(At.AddHours(2)), RawCrl.Utc(At.AddDays(6)));

        Assert.Contains("not yet valid", Evaluate(crl, ee).FailureReason);
    }

    [Fact]
    public void Evaluate_TamperedEntry_SignatureFails()
    {
        var ee = Ca.Value.Issue("CN=EE", At.AddYears(-1), At.AddYears(1), o => o.WithSerial(9));
        var crl = RawCrl.Build(Ca.Value, [RawCrl.Entry(9)], RawCrl.Utc(At.AddDays(-1)), RawCrl.Utc(At.AddDays(6)));
        var serialAt = IndexOf(crl, [0x02, 0x01, 0x09]);
        crl[serialAt + 2] = 0x0A; // serial 9 -> 10: the holder of serial 9 would look unrevoked

        var result = Evaluate(crl, ee);

        Assert.Equal(CrlStatus.Indeterminate, result.Status);
        Assert.Contains("signature not verified", result.FailureReason);
    }

    [Theory]
    [InlineData(new byte[] { 0x30, 0x03, 0x02, 0x01 })]
    [InlineData(new byte[] { 0x30, 0x80, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0x00 })]
    [InlineData(new byte[] { })]
    public void Parse_Garbage_ThrowsFormatException(byte[] bytes)
    {
        Assert.Throws<FormatException>(() => CrlIndex.Parse(bytes));
    }

    private static CrlResult Evaluate(byte[] crl, TestCertificate ee)
    {
        var subject = CrlSubject.FromCertificate(ee.Certificate);
        var signers = new CrlSignerSelector(Ca.Value.Certificate, []);
        return CrlEvaluator.Evaluate(subject, signers, [new LoadedCrl(CrlIndex.Parse(crl), "raw.crl")], At, new CrlValidationOptions(), []);
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i <= haystack.Length - needle.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        throw new InvalidOperationException("not found");
    }
}
