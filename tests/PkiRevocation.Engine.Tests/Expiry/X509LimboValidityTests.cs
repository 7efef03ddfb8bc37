using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PkiRevocation.Certificates;
using PkiRevocation.Expiry;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Expiry;

/// <summary>
/// x509-limbo rfc5280::validity::* (../shared/corpora/x509-limbo): the chain is acceptable by validity only when
/// every certificate in it (peer, intermediates, trust anchors) is within its validity period at the validation time.
/// The other cases of that file (crl::*, pathological::*) are not about the validity decision and are left to the CRL tests.
/// </summary>
public class X509LimboValidityTests
{
    private static readonly string CorpusFile = Path.Combine(Tools.Corpora, "x509-limbo", "limbo-crl-and-validity-subset.json");

    public static IEnumerable<object[]> Cases()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(CorpusFile));
        foreach (var testcase in document.RootElement.GetProperty("testcases").EnumerateArray())
        {
            var id = testcase.GetProperty("id").GetString()!;
            if (id.StartsWith("rfc5280::validity::", StringComparison.Ordinal)) yield return new object[] { id };
        }
    }

    [Fact]
    public void Corpus_HasTheValidityCases() => Assert.True(Cases().Count() >= 10, "expected the rfc5280::validity cases of x509-limbo");

    [Theory]
    [MemberData(nameof(Cases))]
    public void ValidityDecision_MatchesLimbo(string id)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(CorpusFile));
        var testcase = document.RootElement.GetProperty("testcases").EnumerateArray().Single(t => t.GetProperty("id").GetString() == id);
        var at = DateTimeOffset.Parse(testcase.GetProperty("validation_time").GetString()!, CultureInfo.InvariantCulture).UtcDateTime;
        var expectedSuccess = testcase.GetProperty("expected_result").GetString() == "SUCCESS";

        var chain = Pems(testcase.GetProperty("peer_certificate"))
            .Concat(Pems(testcase.GetProperty("untrusted_intermediates")))
            .Concat(Pems(testcase.GetProperty("trusted_certs")))
            .ToList();
        Assert.NotEmpty(chain);

        var statuses = chain.Select(der =>
        {
            var times = TimeEncodingChecker.CheckCertificate(der);
            return ExpiryClassifier.Classify(times.NotBefore.Value!.Value, times.NotAfter.Value!.Value, at);
        }).ToList();
        var allWithinValidity = statuses.All(s => s is ExpiryStatus.Valid or ExpiryStatus.Expiring);
        Assert.True(expectedSuccess == allWithinValidity, $"{id}: limbo expects {(expectedSuccess ? "SUCCESS" : "FAILURE")}, statuses were {string.Join(", ", statuses)}");
    }

    // The subset stores PEM lists as text, sometimes with escaped newlines: take every PEM block out of it.
    private static IEnumerable<byte[]> Pems(JsonElement element)
    {
        var text = element.ValueKind == JsonValueKind.Array
            ? string.Join("\n", element.EnumerateArray().Select(e => e.GetString()))
            : element.GetString() ?? "";
        text = text.Replace("\\n", "\n");
        foreach (Match match in Regex.Matches(text, "-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", RegexOptions.Singleline))
            yield return Convert.FromBase64String(Regex.Replace(match.Groups[1].Value, @"\s", ""));
    }
}
