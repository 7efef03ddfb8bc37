using PkiRevocation.Certificates;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Certificates;

public class TimeEncodingCheckerTests
{
    private const int Utc = 0x17;
    private const int Gen = 0x18;
    private static readonly TestCertificate Root = TestPki.CreateRoot("CN=Time Root", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
    private static readonly TestCertificate Leaf = Root.Issue("CN=time.example", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc));

    private static CertificateValidityTimes Check(int nbTag, string nb, int naTag, string na) => TimeEncodingChecker.CheckCertificate(Leaf.WithRawValidity(nbTag, nb, naTag, na));

    [Fact]
    public void CheckCertificate_ConformingUtcTimes_HasNoViolation()
    {
        var times = Check(Utc, "260101000000Z", Utc, "270101000000Z");
        Assert.Empty(times.Violations);
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), times.NotBefore.Value);
        Assert.Equal(DateTimeKind.Utc, times.NotAfter.Value!.Value.Kind);
    }

    [Fact]
    public void CheckCertificate_GeneralizedTimeFrom2050_IsConforming()
    {
        var times = Check(Utc, "260101000000Z", Gen, "20500101000000Z");
        Assert.Empty(times.Violations);
        Assert.Equal(new DateTime(2050, 1, 1, 0, 0, 0, DateTimeKind.Utc), times.NotAfter.Value);
    }

    [Fact]
    public void CheckCertificate_UtcTimeYear49_Means2049AndYear50_Means1950()
    {
        Assert.Equal(2049, Check(Utc, "491231235959Z", Utc, "491231235959Z").NotAfter.Value!.Value.Year);
        Assert.Equal(1950, Check(Utc, "500101000000Z", Utc, "500101000000Z").NotBefore.Value!.Value.Year);
    }

    [Theory]
    [InlineData(Utc, "270101000000", TimeEncodingViolationKind.NotGmt)]                // no Z: local time
    [InlineData(Utc, "270101010000+0100", TimeEncodingViolationKind.NotGmt)]           // explicit offset
    [InlineData(Utc, "2701010000Z", TimeEncodingViolationKind.MissingSeconds)]         // YYMMDDHHMMZ
    [InlineData(Gen, "20270101000000Z", TimeEncodingViolationKind.GeneralizedTimeBefore2050)]
    [InlineData(Gen, "205001010000Z", TimeEncodingViolationKind.MissingSeconds)]       // YYYYMMDDHHMMZ
    [InlineData(Gen, "20500101000000.5Z", TimeEncodingViolationKind.FractionalSeconds)]
    [InlineData(Gen, "20500101000000", TimeEncodingViolationKind.NotGmt)]
    [InlineData(Gen, "20500101000000-0500", TimeEncodingViolationKind.NotGmt)]
    [InlineData(Utc, "271301000000Z", TimeEncodingViolationKind.Malformed)]            // month 13
    [InlineData(Utc, "27010100000AZ", TimeEncodingViolationKind.Malformed)]
    public void CheckCertificate_NotAfterViolation_IsReportedWithFieldAndText(int tag, string text, TimeEncodingViolationKind kind)
    {
        var times = Check(Utc, "260101000000Z", tag, text);
        var violation = Assert.Single(times.Violations);
        Assert.Equal(kind, violation.Kind);
        Assert.Equal("notAfter", violation.Field);
        Assert.Contains(text, violation.Encoded);
    }

    [Fact]
    public void CheckCertificate_SeveralViolations_AreAllReported()
    {
        // GeneralizedTime before 2050 with fractional seconds and an offset: three rules broken at once.
        var times = Check(Gen, "20260101000000.25+0000", Utc, "270101000000Z");
        Assert.Equal(
            new[] { TimeEncodingViolationKind.NotGmt, TimeEncodingViolationKind.FractionalSeconds, TimeEncodingViolationKind.GeneralizedTimeBefore2050 },
            times.Violations.Select(v => v.Kind).ToArray());
        Assert.All(times.Violations, v => Assert.Equal("notBefore", v.Field));
    }

    [Fact]
    public void Decode_OffsetTime_IsConvertedToUtc()
    {
        var decoded = TimeEncodingChecker.Decode("thisUpdate", Utc, System.Text.Encoding.ASCII.GetBytes("270101010000+0100"));
        Assert.Equal(new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc), decoded.Value);
    }

    [Fact]
    public void CheckCertificate_NotACertificate_ThrowsFormatException() =>
        Assert.Throws<FormatException>(() => TimeEncodingChecker.CheckCertificate([0x30, 0x03, 0x02, 0x01, 0x01]));
}
