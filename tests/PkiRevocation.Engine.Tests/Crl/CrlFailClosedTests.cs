using PkiRevocation.Configuration;
using PkiRevocation.Crl;
using PkiRevocation.Revocation;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Crl;

/// <summary>
/// CRLs built byte by byte whose evidence must never read NotRevoked (or a wrong Revoked): a CRL of another issuer,
/// a delta CRL on a newer base, malformed or out-of-scope structures, too old a CRL. Reference time pinned at 2030-06-02.
/// </summary>
public sealed class CrlFailClosedTests : IDisposable
{
    private static readonly DateTime At = new(2030, 6, 2, 0, 0, 0, DateTimeKind.Utc);
    private static readonly Lazy<TestCertificate> Ca1 = new(() => TestPki.CreateRoot("CN=Fail Closed CA 1", At));
    private static readonly Lazy<TestCertificate> Ca2 = new(() => TestPki.CreateRoot("CN=Fail Closed CA 2", At));

    // Another key under CA 1's name: a name match alone must not be enough.
    private static readonly Lazy<TestCertificate> Ca1Twin = new(() => TestPki.CreateRoot("CN=Fail Closed CA 1", At));

    private readonly TempDirectory _temp = new("crl-fail-closed");
    private readonly PkiEngine _engine;

    public CrlFailClosedTests()
    {
        _engine = new PkiEngine(new EngineEnvironment(new FixedClock(At), paths: new PkiRevocationPaths(_temp.File("home"))));
    }

    public void Dispose() => _temp.Dispose();

    private static TestCertificate Leaf(TestCertificate ca, long serial) => ca.Issue($"CN=leaf {serial}", At.AddYears(-1), At.AddYears(1), o => o.WithSerial(serial));

    private string Write(string name, byte[] crl)
    {
        var path = _temp.File(name);
        File.WriteAllBytes(path, crl);
        return path;
    }

    private static byte[] FreshCrl(TestCertificate ca, params long[] revoked) =>
        RawCrl.Build(ca, revoked.Select(s => RawCrl.Entry(s)), RawCrl.Utc(At.AddDays(-1)), RawCrl.Utc(At.AddDays(6)), RawCrl.CrlNumber(3));

    private CrlResult CheckCrl(TestCertificate issuer, TestCertificate certificate, params string[] crls)
    {
        var request = new CrlCheckRequest { Issuer = issuer.Certificate, At = At, UseCache = false };
        request.Certificates.Add(certificate.Certificate);
        foreach (var crl in crls) request.CrlSources.Add(crl);
        return Result(request);
    }

    // The one result among the outcomes (a CRL file that cannot be used is reported as a failure beside it).
    private CrlResult Result(CrlCheckRequest request) => Assert.Single(_engine.Crl.Check(request).ToList(), o => !o.IsFailure).Result!;

    [Fact]
    public void Check_CrlOfCa1_LeafOfCa2_IsIndeterminateIssuerMismatchNotNotRevoked()
    {
        var crl = Write("ca1.crl", FreshCrl(Ca1.Value, 77));

        var result = CheckCrl(Ca1.Value, Leaf(Ca2.Value, 5), crl);

        Assert.Equal(CrlStatus.Indeterminate, result.Status);
        Assert.StartsWith("IssuerMismatch:", result.FailureReason);
        Assert.Contains("Fail Closed CA 2", result.FailureReason);
    }

    [Fact]
    public void Check_LeafOfSameNamedCaWithAnotherKey_SharingARevokedSerial_IsIndeterminateNotRevoked()
    {
        var crl = Write("ca1.crl", FreshCrl(Ca1.Value, 77));

        var result = CheckCrl(Ca1.Value, Leaf(Ca1Twin.Value, 77), crl);

        Assert.Equal(CrlStatus.Indeterminate, result.Status);
        Assert.StartsWith("IssuerMismatch:", result.FailureReason);
        Assert.Contains("authorityKeyIdentifier", result.FailureReason);
    }

    [Fact]
    public void Check_LeafOfCa1_StillDecidedByItsCrl()
    {
        var crl = Write("ca1.crl", FreshCrl(Ca1.Value, 77));

        Assert.Equal(CrlStatus.Revoked, CheckCrl(Ca1.Value, Leaf(Ca1.Value, 77), crl).Status);
        Assert.Equal(CrlStatus.NotRevoked, CheckCrl(Ca1.Value, Leaf(Ca1.Value, 78), crl).Status);
    }

    [Fact]
    public void Revocation_OcspIssuerNotFoundThenCrlOfAnotherCa_IsIndeterminateNotNotRevoked()
    {
        var crl = Write("ca1.crl", FreshCrl(Ca1.Value, 77));
        var request = new RevocationCheckRequest { Issuer = Ca1.Value.Certificate, At = At, Timeout = TestTimeouts.Answering, UseCache = false };
        request.Certificates.Add(Leaf(Ca2.Value, 5).Certificate);
        request.CrlSources.Add(crl);

        var result = Assert.Single(_engine.Revocation.Check(request).ToList()).Result!;

        Assert.Equal(RevocationStatus.Indeterminate, result.Status);
        Assert.Contains("IssuerNotFound", result.FailureReason);
        Assert.Contains("CRL: IssuerMismatch", result.FailureReason);
    }

    private CrlResult CheckCrl(TestCertificate issuer, byte[] certificateDer, params string[] crls)
    {
        var request = new CrlCheckRequest { Issuer = issuer.Certificate, At = At, UseCache = false };
        request.Certificates.Add(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(certificateDer));
        foreach (var crl in crls) request.CrlSources.Add(crl);
        return Result(request);
    }

    private static byte[] Delta(TestCertificate ca, int baseNumber, int number, params long[] revoked) =>
        RawCrl.Build(ca, revoked.Select(s => RawCrl.Entry(s)), RawCrl.Utc(At.AddHours(-2)), RawCrl.Utc(At.AddDays(1)),
            RawCrl.CrlNumber(number), RawCrl.DeltaIndicator(baseNumber));

    // Item 4: a delta CRL whose BaseCRLNumber is newer than the complete CRL's number.

    [Fact]
    public void Check_DeltaOnNewerBaseListingTheSerial_IsRevoked()
    {
        var complete = Write("complete.crl", FreshCrl(Ca1.Value)); // number 3, nothing listed
        var delta = Write("delta.crl", Delta(Ca1.Value, baseNumber: 5, number: 6, 9));
        var request = new CrlCheckRequest { Issuer = Ca1.Value.Certificate, At = At, UseCache = false };
        request.Certificates.Add(Leaf(Ca1.Value, 9).Certificate);
        request.CrlSources.Add(complete);
        request.DeltaCrlSources.Add(delta);

        var result = Result(request);

        Assert.Equal(CrlStatus.Revoked, result.Status);
        Assert.Contains(result.Steps, s => s.Contains("newer than the complete CRL's number"));
    }

    [Fact]
    public void Check_DeltaOnNewerBaseNotListingTheSerial_IsIndeterminateOutOfDate()
    {
        var complete = Write("complete.crl", FreshCrl(Ca1.Value));
        var delta = Write("delta.crl", Delta(Ca1.Value, baseNumber: 5, number: 6, 10));
        var request = new CrlCheckRequest { Issuer = Ca1.Value.Certificate, At = At, UseCache = false };
        request.Certificates.Add(Leaf(Ca1.Value, 9).Certificate);
        request.CrlSources.Add(complete);
        request.DeltaCrlSources.Add(delta);

        var result = Result(request);

        Assert.Equal(CrlStatus.Indeterminate, result.Status);
        Assert.Contains("out of date", result.FailureReason);
    }

    [Fact]
    public void Check_CachedCompleteCrlOlderThanTheDeltaBase_IsFetchedAgainFromTheDistributionPoint()
    {
        using var server = new StaticHttpServer();
        var first = Ca1.Value.Issue("CN=dp leaf 1", At.AddYears(-1), At.AddYears(1), o => o.WithSerial(8).Crl(server.Url("ca1.crl")));
        var leaf = Ca1.Value.Issue("CN=dp leaf 2", At.AddYears(-1), At.AddYears(1), o => o.WithSerial(9).Crl(server.Url("ca1.crl")).FreshestCrl(server.Url("ca1-delta.crl")));
        var earlier = new CrlCheckRequest { Issuer = Ca1.Value.Certificate, At = At };
        earlier.Certificates.Add(first.Certificate);
        server.Set("ca1.crl", FreshCrl(Ca1.Value)); // number 3, now in the cache until its nextUpdate
        Assert.Equal(CrlStatus.NotRevoked, Result(earlier).Status);

        // The CA publishes complete CRL 5 and a delta on it; the cache still holds complete CRL 3.
        server.Set("ca1.crl", RawCrl.Build(Ca1.Value, [], RawCrl.Utc(At.AddHours(-3)), RawCrl.Utc(At.AddDays(6)), RawCrl.CrlNumber(5)));
        server.Set("ca1-delta.crl", Delta(Ca1.Value, baseNumber: 5, number: 6));
        var request = new CrlCheckRequest { Issuer = Ca1.Value.Certificate, At = At };
        request.Certificates.Add(leaf.Certificate);
        var result = Result(request);

        Assert.Equal(CrlStatus.NotRevoked, result.Status);
        Assert.Equal("05", result.CrlNumber);
        Assert.Equal("06", result.DeltaCrlNumber);
        Assert.Contains(result.Steps, s => s.Contains("fetched again"));
    }

    // Items 5 to 7: structures other validators refuse or do not take as covering the certificate.

    [Fact]
    public void Check_EmptyRevokedCertificatesSequence_CrlIsRefused()
    {
        var crl = Write("empty-list.crl", RawCrl.Build(Ca1.Value, [], RawCrl.Utc(At.AddDays(-1)), RawCrl.Utc(At.AddDays(6)), emptyRevokedList: true, RawCrl.CrlNumber(3)));

        var request = new CrlCheckRequest { Issuer = Ca1.Value.Certificate, At = At, UseCache = false };
        request.Certificates.Add(Leaf(Ca1.Value, 9).Certificate);
        request.CrlSources.Add(crl);
        var outcomes = _engine.Crl.Check(request).ToList();

        Assert.Contains(outcomes, o => o.IsFailure && o.Failure!.ErrorId == "CrlUnreadable" && o.Failure.Message.Contains("revokedCertificates"));
        Assert.Equal(CrlStatus.Indeterminate, outcomes.Single(o => !o.IsFailure).Result!.Status);
    }

    [Fact]
    public void Check_EmptyIssuingDistributionPointSequence_CrlIsRefusedAsMalformed()
    {
        var crl = Write("empty-idp.crl", RawCrl.Build(Ca1.Value, [], RawCrl.Utc(At.AddDays(-1)), RawCrl.Utc(At.AddDays(6)), RawCrl.CrlNumber(3), RawCrl.Idp(Der.Sequence())));

        var result = CheckCrl(Ca1.Value, Leaf(Ca1.Value, 9), crl);

        Assert.Equal(CrlStatus.Indeterminate, result.Status);
        Assert.Contains(result.Steps, s => s.Contains("issuingDistributionPoint") && s.Contains("empty"));
    }

    [Fact]
    public void Check_OnlyContainsUserCertsAgainstV1Certificate_IsNotCoveredIndeterminate()
    {
        // IssuingDistributionPoint { onlyContainsUserCerts [1] TRUE }
        var crl = Write("users.crl", RawCrl.Build(Ca1.Value, [], RawCrl.Utc(At.AddDays(-1)), RawCrl.Utc(At.AddDays(6)), RawCrl.CrlNumber(3), RawCrl.Idp(Der.Sequence(Der.Tlv(0x81, [0xFF])))));
        var v1 = RawCertificate.Build(Ca1.Value, [0x09], "CN=v1 leaf", At.AddYears(-1), At.AddYears(1), v1: true);
        var v3 = RawCertificate.Build(Ca1.Value, [0x0A], "CN=v3 leaf", At.AddYears(-1), At.AddYears(1));

        var result = CheckCrl(Ca1.Value, v1, crl);

        Assert.Equal(CrlStatus.Indeterminate, result.Status);
        Assert.Contains("v1", result.FailureReason);
        Assert.Equal(CrlStatus.NotRevoked, CheckCrl(Ca1.Value, v3, crl).Status);
    }

    // Item 9: a listed serial whose revocationDate breaks the RFC 5280 time rules is still revoked.

    [Fact]
    public void Check_ListedWithGeneralizedTimeRevocationDateBefore2050_IsRevokedWithTheViolationInSteps()
    {
        var entry = RawCrl.RawEntry([0x09], Der.GeneralizedTime("20300101000000Z"));
        var crl = Write("gt.crl", RawCrl.Build(Ca1.Value, [entry], RawCrl.Utc(At.AddDays(-1)), RawCrl.Utc(At.AddDays(6)), RawCrl.CrlNumber(3)));

        var result = CheckCrl(Ca1.Value, Leaf(Ca1.Value, 9), crl);

        Assert.Equal(CrlStatus.Revoked, result.Status);
        Assert.Equal(new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc), result.RevocationTime);
        Assert.Contains(result.Steps, s => s.Contains("revocationDate") && s.Contains("GeneralizedTime"));
    }

    // Item 11: a negative serial is matched by its exact bytes, with the encoding violation in Steps.

    [Fact]
    public void Check_NegativeSerial_MatchedByExactBytesWithTheViolationInSteps()
    {
        var negative = RawCertificate.Build(Ca1.Value, [0xFF, 0x09], "CN=negative serial", At.AddYears(-1), At.AddYears(1));
        var positive = RawCertificate.Build(Ca1.Value, [0x00, 0xFF, 0x09], "CN=positive twin", At.AddYears(-1), At.AddYears(1));
        var entry = RawCrl.RawEntry([0xFF, 0x09], RawCrl.Utc(At.AddDays(-10)));
        var crl = Write("negative.crl", RawCrl.Build(Ca1.Value, [entry], RawCrl.Utc(At.AddDays(-1)), RawCrl.Utc(At.AddDays(6)), RawCrl.CrlNumber(3)));

        var revoked = CheckCrl(Ca1.Value, negative, crl);

        Assert.Equal(CrlStatus.Revoked, revoked.Status);
        Assert.Contains(revoked.Steps, s => s.Contains("is a negative INTEGER") && s.Contains("exact bytes"));
        Assert.Equal(CrlStatus.NotRevoked, CheckCrl(Ca1.Value, positive, crl).Status);
    }

    // Item 8: a maximum CRL age, off unless configured.

    private static byte[] ThreeDaysOldCrl(TestCertificate ca) =>
        RawCrl.Build(ca, [], RawCrl.Utc(At.AddDays(-3)), RawCrl.Utc(At.AddDays(4)), RawCrl.CrlNumber(3));

    [Theory]
    [InlineData(null, CrlStatus.NotRevoked)]
    [InlineData(1.0, CrlStatus.Indeterminate)]
    [InlineData(7.0, CrlStatus.NotRevoked)]
    public void Check_MaxCrlAge_StaleEvenWhileNextUpdateIsAhead(double? maxAgeDays, CrlStatus expected)
    {
        var crl = Write("old.crl", ThreeDaysOldCrl(Ca1.Value));
        var request = new CrlCheckRequest { Issuer = Ca1.Value.Certificate, At = At, UseCache = false, MaxCrlAge = maxAgeDays.HasValue ? TimeSpan.FromDays(maxAgeDays.Value) : null };
        request.Certificates.Add(Leaf(Ca1.Value, 9).Certificate);
        request.CrlSources.Add(crl);

        var result = Result(request);

        Assert.Equal(expected, result.Status);
        if (expected == CrlStatus.Indeterminate) Assert.Contains("older than the maximum CRL age 1 day(s)", result.FailureReason);
    }

    [Fact]
    public void Check_NonPositiveMaxCrlAge_IsInvalidArgument()
    {
        var request = new CrlCheckRequest { Issuer = Ca1.Value.Certificate, At = At, MaxCrlAge = TimeSpan.Zero };
        request.Certificates.Add(Leaf(Ca1.Value, 9).Certificate);

        var failure = Assert.Single(_engine.Crl.Check(request).ToList()).Failure!;

        Assert.Equal("InvalidArgument", failure.ErrorId);
    }

    [Fact]
    public void Revocation_PolicyMaxCrlAge_AppliesAndTheRequestOverridesIt()
    {
        var crl = Write("old.crl", ThreeDaysOldCrl(Ca1.Value));
        var stored = _engine.Policies.Apply(new RevocationPolicyUpdate("Young CRLs") { Methods = [RevocationMethod.Crl], MaxCrlAge = TimeSpan.FromDays(1) });
        Assert.False(stored.IsFailure, stored.Failure?.ToString());
        Assert.Equal(TimeSpan.FromDays(1), stored.Result!.MaxCrlAge);
        RevocationResult Check(TimeSpan? overrideAge)
        {
            var request = new RevocationCheckRequest { Issuer = Ca1.Value.Certificate, At = At, PolicyName = "Young CRLs", UseCache = false, MaxCrlAge = overrideAge };
            request.Certificates.Add(Leaf(Ca1.Value, 9).Certificate);
            request.CrlSources.Add(crl);
            return Assert.Single(_engine.Revocation.Check(request).ToList()).Result!;
        }

        var byPolicy = Check(null);
        var overridden = Check(TimeSpan.FromDays(7));

        Assert.Equal(RevocationStatus.Indeterminate, byPolicy.Status);
        Assert.Contains("maximum CRL age", byPolicy.FailureReason);
        Assert.Contains(byPolicy.Steps, s => s.Contains("CRLs older than 1 day(s) are stale"));
        Assert.Equal(RevocationStatus.NotRevoked, overridden.Status);
    }

    [Fact]
    public void Policy_MaxCrlAge_ValidatedAndZeroRemovesIt()
    {
        var tooShort = _engine.Policies.Apply(new RevocationPolicyUpdate("P") { MaxCrlAge = TimeSpan.FromSeconds(30) });
        _engine.Policies.Apply(new RevocationPolicyUpdate("P") { MaxCrlAge = TimeSpan.FromHours(12) });
        var cleared = _engine.Policies.Apply(new RevocationPolicyUpdate("P") { MaxCrlAge = TimeSpan.Zero });

        Assert.Equal("PolicyInvalid", tooShort.Failure!.ErrorId);
        Assert.Contains("MaxCrlAge", tooShort.Failure.Message);
        Assert.Null(cleared.Result!.MaxCrlAge);
        Assert.Null(RevocationPolicy.CreateDefault().MaxCrlAge);
    }

    // Issue 11, item 17: CRL sources and serials that used to be misread or fail without a word.

    [Fact]
    public void Check_NegativeSerialText_IsSerialNumberInvalidNotLookedUpAsItsMagnitude()
    {
        var crl = Write("ca1.crl", FreshCrl(Ca1.Value, 5));
        var request = new CrlCheckRequest { Issuer = Ca1.Value.Certificate, At = At, UseCache = false };
        request.SerialNumbers.Add("-5");
        request.SerialNumbers.Add("05");
        request.CrlSources.Add(crl);

        var outcomes = _engine.Crl.Check(request).ToList();

        Assert.Equal(2, outcomes.Count);
        Assert.Equal("SerialNumberInvalid", outcomes[0].Failure!.ErrorId);
        Assert.Contains("'-5' is negative", outcomes[0].Failure!.Message);
        Assert.Equal(CrlStatus.Revoked, outcomes[1].Result!.Status);
    }

    [Theory]
    [InlineData("ftp://example.invalid/ca1.crl", "the URL scheme 'ftp' is not supported")]
    [InlineData("http://127.0.0.1:99999/ca1.crl", "not a valid URL")]
    public void Check_CrlUrlThatCannotBeFetched_IsCrlUnreadableInPlainWords(string url, string says)
    {
        var request = new CrlCheckRequest { Issuer = Ca1.Value.Certificate, At = At, UseCache = false, Timeout = TestTimeouts.Answering };
        request.Certificates.Add(Leaf(Ca1.Value, 9).Certificate);
        request.CrlSources.Add(url);

        var outcomes = _engine.Crl.Check(request).ToList();

        var failure = Assert.Single(outcomes, o => o.IsFailure).Failure!;
        Assert.Equal("CrlUnreadable", failure.ErrorId);
        Assert.Equal(url, failure.Input);
        Assert.StartsWith($"The CRL '{url}' cannot be used: {says}", failure.Message);
        Assert.Equal(CrlStatus.Indeterminate, Assert.Single(outcomes, o => !o.IsFailure).Result!.Status);
    }

    [Fact]
    public void Revocation_ExplicitCrlOfRandomBytes_IsCrlUnreadableOnceAndEveryCertificateStillGetsAResult()
    {
        var garbage = _temp.File("random.crl");
        File.WriteAllBytes(garbage, Enumerable.Range(0, 300).Select(i => (byte)(i * 37 + 11)).ToArray());
        var request = new RevocationCheckRequest { Issuer = Ca1.Value.Certificate, At = At, Methods = [RevocationMethod.Crl], UseCache = false };
        request.Certificates.Add(Leaf(Ca1.Value, 9).Certificate);
        request.Certificates.Add(Leaf(Ca1.Value, 10).Certificate);
        request.CrlSources.Add(garbage);

        var outcomes = _engine.Revocation.Check(request).ToList();

        var failure = Assert.Single(outcomes, o => o.IsFailure).Failure!;
        Assert.Equal("CrlUnreadable", failure.ErrorId);
        Assert.Equal(garbage, failure.Input);
        Assert.Contains("not a CRL", failure.Message);
        var results = outcomes.Where(o => !o.IsFailure).Select(o => o.Result!).ToList();
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal(RevocationStatus.Indeterminate, r.Status));
    }

    [Theory]
    [InlineData("ftp://host/x.crl", true)]
    [InlineData("file:///tmp/x.crl", true)]
    [InlineData("HTTP://host/x.crl", true)]
    [InlineData("ca1.crl", false)]
    [InlineData("dir/ftp:/x.crl", false)]
    [InlineData("C://x.crl", false)]
    [InlineData("/tmp/a://b", false)]
    public void IsUrl_AnySchemeIsAUrlNeverARelativePath(string source, bool expected) =>
        Assert.Equal(expected, RevocationCheckRequest.IsUrl(source));
}
