using PkiRevocation.Certificates;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;
using PkiRevocation.Expiry;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Expiry;

public class ExpiryServiceTests : IDisposable
{
    private static readonly DateTime At = new(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _dir = new();
    private readonly PkiEngine _engine;
    private readonly TestCertificate _root = TestPki.CreateRoot("CN=Expiry Root", At);

    public ExpiryServiceTests()
    {
        _engine = new PkiEngine(new EngineEnvironment(clock: new FixedClock(At), paths: new PkiRevocationPaths(_dir.File("home"))));
        _root.Issue("CN=expired.example", At.AddDays(-400), At.AddSeconds(-1)).WritePem(_dir.File("expired.pem"));
        _root.Issue("CN=expiring.example", At.AddDays(-300), At.AddDays(10)).WritePem(_dir.File("expiring.pem"));
        _root.Issue("CN=valid.example", At.AddDays(-30), At.AddDays(300)).WritePem(_dir.File("valid.pem"));
        _root.Issue("CN=future.example", At.AddSeconds(1), At.AddDays(365)).WritePem(_dir.File("future.pem"));
    }

    public void Dispose() => _dir.Dispose();

    private List<Outcome<CertificateExpiry>> Scan(Action<ExpiryRequest> configure)
    {
        var request = new ExpiryRequest();
        configure(request);
        return _engine.Expiry.Scan(request).ToList();
    }

    private static CertificateExpiry BySubject(IEnumerable<Outcome<CertificateExpiry>> outcomes, string cn) =>
        outcomes.Where(o => !o.IsFailure).Select(o => o.Result!).Single(r => r.Subject == "CN=" + cn);

    [Fact]
    public void Scan_Folder_ReportsEachStatusAtTheEngineClock()
    {
        var outcomes = Scan(r => r.Paths.Add(_dir.Path));
        Assert.All(outcomes, o => Assert.False(o.IsFailure));
        Assert.Equal(ExpiryStatus.Expired, BySubject(outcomes, "expired.example").Status);
        Assert.Equal(-1, BySubject(outcomes, "expired.example").DaysRemaining);
        Assert.Equal(ExpiryStatus.Expiring, BySubject(outcomes, "expiring.example").Status);
        Assert.Equal(10, BySubject(outcomes, "expiring.example").DaysRemaining);
        Assert.Equal(ExpiryStatus.Valid, BySubject(outcomes, "valid.example").Status);
        Assert.Equal(ExpiryStatus.NotYetValid, BySubject(outcomes, "future.example").Status);
        var valid = BySubject(outcomes, "valid.example");
        Assert.Equal(_dir.File("valid.pem"), valid.Source);
        Assert.Equal("CN=Expiry Root", valid.Issuer);
        Assert.Equal(At, valid.ReferenceTime);
        Assert.Equal("Valid", valid.TimeEncoding);
        Assert.NotNull(valid.Certificate);
        Assert.Equal(valid.Certificate!.Thumbprint, valid.Thumbprint);
        Assert.Equal(valid.Certificate.SerialNumber, valid.SerialNumber);
    }

    [Fact]
    public void Scan_WithinDays_KeepsExpiredExpiringAndNotYetValidOnly()
    {
        var statuses = Scan(r => { r.Paths.Add(_dir.Path); r.WithinDays = 30; }).Select(o => o.Result!.Subject).OrderBy(s => s).ToArray();
        Assert.Equal(new[] { "CN=expired.example", "CN=expiring.example", "CN=future.example" }, statuses);
        Assert.Equal(2, Scan(r => { r.Paths.Add(_dir.Path); r.WithinDays = 5; }).Count); // expiring in 10 days falls out of a 5-day window
    }

    [Theory]
    [InlineData(-1, 8, "WithinDays -1 is out of range: give 0 to 36500 days.")]
    [InlineData(99999999, 8, "WithinDays 99999999 is out of range: give 0 to 36500 days.")]
    [InlineData(null, 0, "ThrottleLimit 0 is out of range: give 1 to 64 at once.")]
    public void Scan_NumberOutOfRange_IsOneInvalidArgumentAndNothingScanned(int? withinDays, int throttleLimit, string message)
    {
        var outcome = Assert.Single(Scan(r => { r.Paths.Add(_dir.Path); r.WithinDays = withinDays; r.ThrottleLimit = throttleLimit; }));

        Assert.Equal(ErrorIds.InvalidArgument, outcome.Failure!.ErrorId);
        Assert.Equal(message, outcome.Failure.Message);
    }

    [Fact]
    public void Scan_At_ReplaysTheDecisionAtAnotherTime()
    {
        var outcomes = Scan(r => { r.Paths.Add(_dir.File("valid.pem")); r.At = At.AddDays(301); });
        Assert.Equal(ExpiryStatus.Expired, Assert.Single(outcomes).Result!.Status);
    }

    [Fact]
    public void Scan_BadInputAmongGood_ReportsItAndGoesOn()
    {
        File.WriteAllText(_dir.File("broken.pem"), "not a certificate");
        var outcomes = Scan(r =>
        {
            r.Paths.Add(_dir.File("missing.pem"));
            r.Paths.Add(_dir.File("broken.pem"));
            r.Paths.Add(_dir.File("valid.pem"));
        });
        Assert.Equal(3, outcomes.Count);
        Assert.Equal(ErrorIds.PathNotFound, outcomes[0].Failure!.ErrorId);
        Assert.Equal(ErrorIds.NotACertificate, outcomes[1].Failure!.ErrorId);
        Assert.Equal(ExpiryStatus.Valid, outcomes[2].Result!.Status);
    }

    [Fact]
    public void Scan_CertificateWithTimeViolation_IsReportedWithItsViolations()
    {
        var leaf = _root.Issue("CN=badtime.example", At.AddDays(-1), At.AddDays(100));
        File.WriteAllBytes(_dir.File("badtime.cer"), leaf.WithRawValidity(0x18, "20261120120000.5Z", 0x17, "2703011200Z"));
        var result = Assert.Single(Scan(r => r.Paths.Add(_dir.File("badtime.cer")))).Result!;
        Assert.Equal(ExpiryStatus.Valid, result.Status);
        Assert.Equal(3, result.TimeEncodingViolations.Count);
        Assert.Contains("notBefore: fractional seconds present", result.TimeEncoding);
        Assert.Contains("notBefore: GeneralizedTime used before 2050", result.TimeEncoding);
        Assert.Contains("notAfter: seconds missing", result.TimeEncoding);
        Assert.Equal(new DateTime(2027, 3, 1, 12, 0, 0, DateTimeKind.Utc), result.NotAfter);
    }

    [Fact]
    public void Scan_Strict_TurnsAViolationIntoAnErrorForThatCertificateOnly()
    {
        var leaf = _root.Issue("CN=badtime.example", At.AddDays(-1), At.AddDays(100));
        File.WriteAllBytes(_dir.File("badtime.cer"), leaf.WithRawValidity(0x17, "261120120000Z", 0x17, "270301120000"));
        var outcomes = Scan(r => { r.Paths.Add(_dir.File("badtime.cer")); r.Paths.Add(_dir.File("valid.pem")); r.Strict = true; });
        Assert.Equal(ErrorIds.TimeEncodingViolation, outcomes[0].Failure!.ErrorId);
        Assert.Contains("not in GMT", outcomes[0].Failure!.Message);
        Assert.Equal(_dir.File("badtime.cer"), outcomes[0].Failure!.Target);
        Assert.Equal(ExpiryStatus.Valid, outcomes[1].Result!.Status);
    }

    [Fact]
    public void Scan_PipelineCertificates_AreLabelled()
    {
        var leaf = _root.Issue("CN=piped.example", At.AddDays(-1), At.AddDays(5));
        var result = Assert.Single(Scan(r => r.Certificates.Add((leaf.Certificate, "Pipeline")))).Result!;
        Assert.Equal("Pipeline", result.Source);
        Assert.Equal(CertificateFormat.Pipeline, result.SourceFormat);
        Assert.Equal(ExpiryStatus.Expiring, result.Status);
    }

    [Fact]
    public void Scan_ReportsProgressPerInput()
    {
        var reports = new List<OperationProgress>();
        var progress = new SynchronousProgress(reports.Add);
        _ = _engine.Expiry.Scan(new ExpiryRequest { Paths = { _dir.File("valid.pem"), _dir.File("expired.pem") } }, progress).ToList();
        Assert.Equal(new[] { 0, 50, 100 }, reports.Select(r => r.PercentComplete).ToArray());
    }

    [Fact]
    public void Scan_Cancelled_StopsWithOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        Assert.Throws<OperationCanceledException>(() => _engine.Expiry.Scan(new ExpiryRequest { Paths = { _dir.Path } }, null, cancellation.Token).ToList());
    }

    private sealed class SynchronousProgress(Action<OperationProgress> report) : IProgress<OperationProgress>
    {
        public void Report(OperationProgress value) => report(value);
    }
}
