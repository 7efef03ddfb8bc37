using PkiRevocation.Configuration;
using Xunit;

namespace PkiRevocation.Engine.Tests.Configuration;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("06:00:00", 6 * 60)]
    [InlineData("1.00:00:00", 24 * 60)]
    [InlineData("6h", 6 * 60)]
    [InlineData("6H", 6 * 60)]
    [InlineData("1d", 24 * 60)]
    [InlineData("30m", 30)]
    [InlineData("90s", 1.5)]
    [InlineData("2w", 14 * 24 * 60)]
    [InlineData("1.5h", 90)]
    [InlineData(" 12h ", 12 * 60)]
    public void TryParse_TimeSpanTextAndShortForms(string text, double minutes)
    {
        Assert.True(DurationText.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMinutes(minutes), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("6")]
    [InlineData("h")]
    [InlineData("-6h")]
    [InlineData("6y")]
    [InlineData("six hours")]
    [InlineData("25:99:00")]
    [InlineData("99999999999999d")]
    public void TryParse_Rejects(string text) => Assert.False(DurationText.TryParse(text, out _));

    [Fact]
    public void Format_IsTimeSpanConstantText() => Assert.Equal("1.06:00:00", DurationText.Format(TimeSpan.FromHours(30)));
}
