using PkiRevocation.Expiry;
using Xunit;

namespace PkiRevocation.Engine.Tests.Expiry;

public class ExpiryClassifierTests
{
    private static readonly DateTime NotBefore = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime NotAfter = new(2026, 12, 31, 23, 59, 59, DateTimeKind.Utc);

    [Theory]
    [InlineData(-1, ExpiryStatus.NotYetValid)]
    [InlineData(0, ExpiryStatus.Valid)]
    [InlineData(1, ExpiryStatus.Valid)]
    public void Classify_AroundNotBefore_DecidesToTheSecond(int secondsAfterNotBefore, ExpiryStatus expected) =>
        Assert.Equal(expected, ExpiryClassifier.Classify(NotBefore, NotAfter, NotBefore.AddSeconds(secondsAfterNotBefore)));

    [Theory]
    [InlineData(-1, ExpiryStatus.Expiring)]
    [InlineData(0, ExpiryStatus.Expiring)]   // notAfter itself is still inside the validity period (RFC 5280 4.1.2.5)
    [InlineData(1, ExpiryStatus.Expired)]
    public void Classify_AroundNotAfter_DecidesToTheSecond(int secondsAfterNotAfter, ExpiryStatus expected) =>
        Assert.Equal(expected, ExpiryClassifier.Classify(NotBefore, NotAfter, NotAfter.AddSeconds(secondsAfterNotAfter)));

    [Theory]
    [InlineData(0, ExpiryStatus.Expiring)]   // notAfter exactly at the end of the window
    [InlineData(1, ExpiryStatus.Valid)]      // one second beyond it
    public void Classify_AtWindowEdge_IsExpiringOnlyInside(int secondsBeyondWindow, ExpiryStatus expected)
    {
        var at = NotAfter.AddDays(-30).AddSeconds(-secondsBeyondWindow);
        Assert.Equal(expected, ExpiryClassifier.Classify(NotBefore, NotAfter, at, windowDays: 30));
    }

    [Fact]
    public void Classify_FractionalReferenceTime_IsTruncatedToTheSecond()
    {
        Assert.Equal(ExpiryStatus.Expiring, ExpiryClassifier.Classify(NotBefore, NotAfter, NotAfter.AddMilliseconds(999)));
        Assert.Equal(ExpiryStatus.NotYetValid, ExpiryClassifier.Classify(NotBefore, NotAfter, NotBefore.AddMilliseconds(-1)));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, -1)]        // one second past notAfter: day -1
    [InlineData(86399, 0)]      // 23:59:59 left: still day 0
    [InlineData(86400, 1)]
    [InlineData(-86400, -1)]
    [InlineData(-86401, -2)]
    public void DaysRemaining_RoundsDown(int secondsLeft, int expectedDays) =>
        Assert.Equal(expectedDays, ExpiryClassifier.DaysRemaining(NotAfter, NotAfter.AddSeconds(-secondsLeft)));

    [Theory]
    [InlineData(36500)]
    [InlineData(99999999)]
    [InlineData(int.MaxValue)]
    public void Classify_WindowReachingPastYear9999_IsExpiringNotAnOverflow(int windowDays) =>
        // at.AddDays(window) threw "Value to add was out of range" (issue 11, item 17).
        Assert.Equal(ExpiryStatus.Expiring, ExpiryClassifier.Classify(NotBefore, NotAfter, NotAfter.AddDays(-1), windowDays));
}
