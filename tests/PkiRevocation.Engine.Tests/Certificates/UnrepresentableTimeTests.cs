using PkiRevocation.Certificates;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;
using PkiRevocation.Expiry;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Certificates;

/// <summary>
/// A validity time that is valid DER but outside what DateTime holds (year 0000): that certificate fails alone,
/// named, and every other certificate of the run is still reported.
/// </summary>
public sealed class UnrepresentableTimeTests : IDisposable
{
    private static readonly DateTime At = new(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _dir = new("pkirev-year0");
    private readonly TestCertificate _root = TestPki.CreateRoot("CN=Year Zero Root", At);
    private readonly PkiEngine _engine;

    public UnrepresentableTimeTests()
    {
        _engine = new PkiEngine(new EngineEnvironment(clock: new FixedClock(At), paths: new PkiRevocationPaths(_dir.File("home"))));
        _root.Issue("CN=good.example", At.AddDays(-1), At.AddDays(300)).WritePem(_dir.File("good.pem"));
    }

    public void Dispose() => _dir.Dispose();

    private string Crafted(string name, int notBeforeTag, string notBefore, int notAfterTag, string notAfter)
    {
        var path = _dir.File(name);
        File.WriteAllBytes(path, _root.Issue("CN=" + name, At.AddDays(-1), At.AddDays(30)).WithRawValidity(notBeforeTag, notBefore, notAfterTag, notAfter));
        return path;
    }

    [Theory]
    [InlineData(0x17, "261120000000Z", 0x18, "00001231235959Z", "notAfter")]
    [InlineData(0x18, "00000101000000Z", 0x18, "20271231235959Z", "notBefore")]
    public void Scan_FolderWithATimeInYearZero_FailsThatFileAloneNamingIt(int beforeTag, string before, int afterTag, string after, string field)
    {
        var bad = Crafted("year0.der", beforeTag, before, afterTag, after);
        var request = new ExpiryRequest();
        request.Paths.Add(_dir.Path);

        var outcomes = _engine.Expiry.Scan(request).ToList();

        Assert.Equal(2, outcomes.Count);
        Assert.Equal("CN=good.example", Assert.Single(outcomes, o => !o.IsFailure).Result!.Subject);
        var failure = Assert.Single(outcomes, o => o.IsFailure).Failure!;
        Assert.Equal(ErrorIds.NotACertificate, failure.ErrorId);
        Assert.Equal(bad, failure.Input);
        Assert.Contains(bad, failure.Message);
        Assert.Contains(field + ": malformed", failure.Message);
        Assert.Contains(field == "notAfter" ? after : before, failure.Message);
    }
}
