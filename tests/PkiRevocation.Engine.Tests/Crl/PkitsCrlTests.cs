using System.Security.Cryptography.X509Certificates;
using PkiRevocation.Crl;
using PkiRevocation.Configuration;
using PkiRevocation.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace PkiRevocation.Engine.Tests.Crl;

/// <summary>
/// NIST PKITS 4.4 (basic revocation), 4.14 (distribution points) and 4.15 (delta CRLs) at 2011-04-15: every
/// certificate of the path but the trust anchor is checked with the CRLs of the test, issuer found by name and
/// signature. VALID means every one is NotRevoked; INVALID means the certificate named below gets the status named.
///
/// Cases left out (the engine answers Indeterminate for them, never NotRevoked, which
/// <see cref="Pkits_UnsupportedIndirectCrlCases_AreNeverNotRevoked"/> proves):
///   4.14.24, 4.14.25, 4.14.28, 4.14.29, 4.14.30, 4.14.33 (VALID) and 4.14.26, 4.14.27, 4.14.31, 4.14.32, 4.14.34,
///   4.14.35 (INVALID): indirect CRLs issued by another CA and cRLIssuer distribution points (RFC 5280 5.2.5,
///   4.2.1.13) are not supported; a CRL issued by someone other than the certificate's issuer is never used.
///   (4.14.22 and 4.14.23, an indirect CRL issued by the certificate's own issuer, are supported and run.)
/// </summary>
public sealed class PkitsCrlTests
{
    private static readonly DateTime At = new(2011, 4, 15, 0, 0, 0, DateTimeKind.Utc);
    private readonly ITestOutputHelper _output;

    public PkitsCrlTests(ITestOutputHelper output) => _output = output;

    private static readonly HashSet<string> Unsupported = new()
    {
        "4.14.24", "4.14.25", "4.14.26", "4.14.27", "4.14.28", "4.14.29", "4.14.30", "4.14.31", "4.14.32", "4.14.33", "4.14.34", "4.14.35",
    };

    /// <summary>For INVALID cases: which certificate fails and how.</summary>
    private static readonly Dictionary<string, (string Certificate, CrlStatus Status)> Failing = new()
    {
        ["4.4.1"] = ("InvalidMissingCRLTest1EE", CrlStatus.Indeterminate),
        ["4.4.2"] = ("RevokedsubCACert", CrlStatus.Revoked),
        ["4.4.3"] = ("InvalidRevokedEETest3EE", CrlStatus.Revoked),
        ["4.4.4"] = ("InvalidBadCRLSignatureTest4EE", CrlStatus.Indeterminate),
        ["4.4.5"] = ("InvalidBadCRLIssuerNameTest5EE", CrlStatus.Indeterminate),
        ["4.4.6"] = ("InvalidWrongCRLTest6EE", CrlStatus.Indeterminate),
        ["4.4.8"] = ("InvalidUnknownCRLEntryExtensionTest8EE", CrlStatus.Indeterminate),
        ["4.4.9"] = ("InvalidUnknownCRLExtensionTest9EE", CrlStatus.Indeterminate),
        ["4.4.10"] = ("InvalidUnknownCRLExtensionTest10EE", CrlStatus.Indeterminate),
        ["4.4.11"] = ("InvalidOldCRLnextUpdateTest11EE", CrlStatus.Indeterminate),
        ["4.4.12"] = ("Invalidpre2000CRLnextUpdateTest12EE", CrlStatus.Indeterminate),
        ["4.4.15"] = ("InvalidNegativeSerialNumberTest15EE", CrlStatus.Revoked),
        ["4.4.18"] = ("InvalidLongSerialNumberTest18EE", CrlStatus.Revoked),
        ["4.4.20"] = ("InvalidSeparateCertificateandCRLKeysTest20EE", CrlStatus.Revoked),
        ["4.4.21"] = ("SeparateCertificateandCRLKeysCA2CRLSigningCert", CrlStatus.Revoked),
        ["4.14.2"] = ("InvaliddistributionPointTest2EE", CrlStatus.Revoked),
        ["4.14.3"] = ("InvaliddistributionPointTest3EE", CrlStatus.Indeterminate),
        ["4.14.6"] = ("InvaliddistributionPointTest6EE", CrlStatus.Revoked),
        ["4.14.8"] = ("InvaliddistributionPointTest8EE", CrlStatus.Indeterminate),
        ["4.14.9"] = ("InvaliddistributionPointTest9EE", CrlStatus.Indeterminate),
        ["4.14.11"] = ("InvalidonlyContainsUserCertsTest11EE", CrlStatus.Indeterminate),
        ["4.14.12"] = ("InvalidonlyContainsCACertsTest12EE", CrlStatus.Indeterminate),
        ["4.14.14"] = ("InvalidonlyContainsAttributeCertsTest14EE", CrlStatus.Indeterminate),
        ["4.14.15"] = ("InvalidonlySomeReasonsTest15EE", CrlStatus.Revoked),
        ["4.14.16"] = ("InvalidonlySomeReasonsTest16EE", CrlStatus.Revoked),
        ["4.14.17"] = ("InvalidonlySomeReasonsTest17EE", CrlStatus.Indeterminate),
        ["4.14.20"] = ("InvalidonlySomeReasonsTest20EE", CrlStatus.Revoked),
        ["4.14.21"] = ("InvalidonlySomeReasonsTest21EE", CrlStatus.Revoked),
        ["4.14.23"] = ("InvalidIDPwithindirectCRLTest23EE", CrlStatus.Revoked),
        ["4.15.1"] = ("InvaliddeltaCRLIndicatorNoBaseTest1EE", CrlStatus.Indeterminate),
        ["4.15.3"] = ("InvaliddeltaCRLTest3EE", CrlStatus.Revoked),
        ["4.15.4"] = ("InvaliddeltaCRLTest4EE", CrlStatus.Revoked),
        ["4.15.6"] = ("InvaliddeltaCRLTest6EE", CrlStatus.Revoked),
        ["4.15.9"] = ("InvaliddeltaCRLTest9EE", CrlStatus.Revoked),
        ["4.15.10"] = ("InvaliddeltaCRLTest10EE", CrlStatus.Indeterminate),
    };

    public static IEnumerable<object[]> Cases() => PkitsCase.Load().Where(c => !Unsupported.Contains(c.Number)).Select(c => new object[] { c.Number });

    public static IEnumerable<object[]> UnsupportedCases() => PkitsCase.Load().Where(c => Unsupported.Contains(c.Number)).Select(c => new object[] { c.Number });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pkits_RevocationDecision_MatchesExpected(string number)
    {
        var pkits = PkitsCase.Load().Single(c => c.Number == number);
        var decisions = Decide(pkits);
        if (pkits.Valid)
        {
            foreach (var (name, result) in decisions)
                Assert.True(result.Status == CrlStatus.NotRevoked, $"{number} {pkits.Title}: {name} is {result.Status}: {result.FailureReason}\n{string.Join("\n", result.Steps)}");
            return;
        }

        Assert.True(Failing.ContainsKey(number), $"{number} has no expectation");
        var (failing, status) = Failing[number];
        var decision = decisions.Single(d => d.Name == failing).Result;
        Assert.True(decision.Status == status, $"{number} {pkits.Title}: {failing} is {decision.Status}, expected {status}: {decision.FailureReason}\n{string.Join("\n", decision.Steps)}");
        if (status == CrlStatus.Indeterminate) Assert.False(string.IsNullOrEmpty(decision.FailureReason));
        if (status == CrlStatus.Revoked) Assert.NotNull(decision.RevocationTime);
        foreach (var (name, result) in decisions.Where(d => d.Name != failing && d.Name.EndsWith("EE", StringComparison.Ordinal) == false))
            Assert.True(result.Status == CrlStatus.NotRevoked || name == failing, $"{number}: intermediate {name} is {result.Status}: {result.FailureReason}");
    }

    [Theory]
    [MemberData(nameof(UnsupportedCases))]
    public void Pkits_UnsupportedIndirectCrlCases_AreNeverNotRevoked(string number)
    {
        var pkits = PkitsCase.Load().Single(c => c.Number == number);
        var ee = Decide(pkits).Last();
        Assert.NotEqual(CrlStatus.NotRevoked, ee.Result.Status);
    }

    [Fact]
    public void Pkits_RevokedEndEntity_ReportsReasonAndCrlDetails()
    {
        var pkits = PkitsCase.Load().Single(c => c.Number == "4.4.3");
        var result = Decide(pkits).Single(d => d.Name == "InvalidRevokedEETest3EE").Result;
        Assert.Equal(CrlStatus.Revoked, result.Status);
        Assert.Equal(PkiRevocation.Revocation.RevocationReason.KeyCompromise, result.RevocationReason);
        Assert.Equal(new DateTime(2010, 1, 1, 8, 30, 1, DateTimeKind.Utc), result.RevocationTime);
        Assert.EndsWith("GoodCACRL.crl", result.Source);
        Assert.Equal(new DateTime(2030, 12, 31, 8, 30, 0, DateTimeKind.Utc), result.NextUpdate);
    }

    [Fact]
    public void Pkits_DeltaCrlRemoveFromCrl_UnrevokesCertificateOnHold()
    {
        var pkits = PkitsCase.Load().Single(c => c.Number == "4.15.5");
        var result = Decide(pkits).Last().Result;
        Assert.Equal(CrlStatus.NotRevoked, result.Status);
        Assert.EndsWith("deltaCRLCA1deltaCRL.crl", result.DeltaSource);
        Assert.Equal("05", result.DeltaCrlNumber);
        Assert.Contains(result.Steps, s => s.Contains("removeFromCRL"));
    }

    private List<(string Name, CrlResult Result)> Decide(PkitsCase pkits)
    {
        var home = new TempDirectory("pkits");
        var engine = new PkiEngine(new EngineEnvironment(new FixedClock(At), paths: new PkiRevocationPaths(home.Path)));
        var certificates = pkits.Certificates.Select(n => (Name: n, Certificate: X509CertificateLoader.LoadCertificate(File.ReadAllBytes(PkitsCase.CertificatePath(n))))).ToList();
        var decisions = new List<(string, CrlResult)>();
        foreach (var (name, certificate) in certificates.Skip(1))
        {
            var issuer = certificates.Select(c => c.Certificate).First(c => IsIssuer(c, certificate));
            var request = new CrlCheckRequest { Issuer = issuer, At = At };
            request.Certificates.Add(certificate);
            foreach (var other in certificates.Where(c => c.Certificate != certificate && c.Certificate != issuer)) request.AdditionalCertificates.Add(other.Certificate);
            foreach (var crl in pkits.Crls) request.CrlSources.Add(PkitsCase.CrlPath(crl));
            var outcomes = engine.Crl.Check(request).ToList();
            var result = outcomes.Single(o => !o.IsFailure).Result!;
            _output.WriteLine($"{pkits.Number} {name}: {result.Status} {result.FailureReason}");
            decisions.Add((name.Replace(".crt", ""), result));
        }

        home.Dispose();
        return decisions;
    }

    private static bool IsIssuer(X509Certificate2 candidate, X509Certificate2 certificate)
    {
        if (candidate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData) == false) return false;
        var parser = new Org.BouncyCastle.X509.X509CertificateParser();
        try
        {
            parser.ReadCertificate(certificate.RawData).Verify(parser.ReadCertificate(candidate.RawData).GetPublicKey());
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }
}
