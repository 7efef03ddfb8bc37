using PkiRevocation.Ocsp;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Ocsp;

/// <summary>
/// Every seed of BoringSSL's OCSP fuzzers and OpenSSL's x509 corpus, fed to the response parser and the full
/// verification: no exception, no hang, never Good.
/// </summary>
public sealed class OcspResponseParserFuzzSeedTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly DateTime At = new(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc);

    public static IEnumerable<object[]> Corpora()
    {
        var boring = Path.Combine(Tools.Corpora, "fuzz-seeds", "boringssl");
        foreach (var directory in Directory.GetDirectories(boring, "ocsp_*").OrderBy(d => d))
            yield return [Path.GetRelativePath(Tools.Corpora, directory)];
        yield return [Path.Combine("fuzz-seeds", "openssl", "x509")];
    }

    [Theory]
    [MemberData(nameof(Corpora))]
    public async Task Parse_EverySeed_NeverThrowsNeverHangsNeverGood(string corpus)
    {
        var files = Directory.GetFiles(Path.Combine(Tools.Corpora, corpus));
        Assert.NotEmpty(files);
        var ca = TestPki.CreateRoot("CN=Fuzz CA", At);
        var leaf = ca.Issue("CN=fuzz leaf", At.AddDays(-1), At.AddDays(1));
        var engine = new PkiEngine(new EngineEnvironment(clock: new PkiRevocation.Configuration.FixedClock(At)));
        var outcomes = new Dictionary<string, int>();

        var work = Task.Run(() =>
        {
            foreach (var file in files)
            {
                var bytes = File.ReadAllBytes(file);
                var parsed = OcspResponseParser.Parse(bytes);
                var result = engine.Ocsp.Verify(bytes, leaf.Certificate, ca.Certificate);

                Assert.True(result.Status == OcspStatus.Indeterminate, $"{file}: {result.Status}");
                Assert.NotNull(result.FailureReason);
                if (parsed.Response == null)
                {
                    Assert.Contains(parsed.Failure, new OcspFailureReason?[] { OcspFailureReason.MalformedResponse, OcspFailureReason.ResponderError });
                    Assert.Equal(parsed.Failure, result.FailureReason);
                }

                var key = result.FailureReason.ToString()!;
                outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
            }
        });

        Assert.True(await Task.WhenAny(work, Task.Delay(TimeSpan.FromSeconds(60))) == work, $"{corpus}: parsing did not finish within 60 s.");
        await work;
        output.WriteLine($"{corpus}: {files.Length} seeds: " + string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}")));
        Assert.Equal(files.Length, outcomes.Values.Sum());
        if (corpus.EndsWith("x509")) Assert.Equal(files.Length, outcomes.GetValueOrDefault(nameof(OcspFailureReason.MalformedResponse)));
    }
}
