using PkiRevocation.Crl;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Crl;

/// <summary>
/// Every CRL fuzz seed of OpenSSL (fuzz-seeds/openssl/crl) and BoringSSL (fuzz-seeds/boringssl/crl_*) goes through the
/// parser, the serial lookup and the scope check: each either parses or fails with a FormatException (the clean error
/// the service turns into "not a CRL: ..."), nothing else escapes and nothing hangs.
/// </summary>
public sealed class CrlFuzzSeedTests
{
    public static IEnumerable<object[]> Corpora()
    {
        var root = Path.Combine(Tools.Corpora, "fuzz-seeds");
        yield return new object[] { Path.Combine(root, "openssl", "crl") };
        foreach (var folder in Directory.GetDirectories(Path.Combine(root, "boringssl"), "crl_*").OrderBy(f => f))
            yield return new object[] { folder };
    }

    [Theory]
    [MemberData(nameof(Corpora))]
    public async Task FuzzSeeds_ParseOrFailCleanly_WithoutCrashOrHang(string folder)
    {
        var files = Directory.GetFiles(folder);
        Assert.NotEmpty(files);
        var unexpected = new List<string>();
        var parsed = 0;
        var rejected = 0;
        var serial = CrlSubject.FromSerial("01");
        var at = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var signers = new CrlSignerSelector(TestPki.CreateRoot("CN=Fuzz Root", at).Certificate, Array.Empty<System.Security.Cryptography.X509Certificates.X509Certificate2>());
        var work = Task.Run(() =>
        {
            foreach (var file in files)
            {
                var bytes = File.ReadAllBytes(file);
                try
                {
                    var crl = CrlService.ParseCrl(bytes);
                    parsed++;
                    _ = crl.TryFind(serial.Serial, out _);
                    _ = crl.TryFind(new byte[] { 0x7F, 0x01, 0x02 }, out _);
                    _ = CrlScope.Covered(crl, serial, crl.IssuerDer, out _);
                    _ = crl.ThisUpdate.Value;
                    var verdict = CrlEvaluator.Evaluate(serial, signers, new[] { new LoadedCrl(crl, file) }, at, new CrlValidationOptions(), new List<string>());
                    Assert.NotEqual(CrlStatus.NotRevoked, verdict.Status); // no seed is signed by our root
                }
                catch (FormatException ex)
                {
                    rejected++;
                    Assert.False(string.IsNullOrWhiteSpace(ex.Message));
                }
                catch (Exception ex)
                {
                    unexpected.Add($"{Path.GetFileName(file)}: {ex.GetType().Name}: {ex.Message}");
                }
            }
        });

        Assert.True(await Task.WhenAny(work, Task.Delay(TimeSpan.FromMinutes(2))) == work, $"parsing the seeds in {folder} did not finish: a hang");
        await work;
        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected.Take(20)));
        Assert.Equal(files.Length, parsed + rejected);
    }
}
