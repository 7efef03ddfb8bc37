using PkiRevocation.TestSupport;
using Xunit;
using static PkiRevocation.Cli.Tests.PublishedPkirev;

namespace PkiRevocation.Cli.Tests;

/// <summary>
/// The NativeAOT and the JIT pkirev write the same state files, byte for byte: the same commands, each build with a
/// PKIREVOCATION_HOME of its own, then every file under the two homes compared.
/// </summary>
public sealed class NativeAotStateFileTests : IDisposable
{
    private readonly TempDirectory _dir = new("pkirev-aot-state");

    public void Dispose() => _dir.Dispose();

    private static readonly string[][] Commands =
    [
        ["policy", "set", "Partners", "--method", "crl,ocsp", "--unknown-status", "not-revoked", "--nonce", "disabled", "--check-interval", "30m",
            "--scope", "chain", "--applies-to", "issuer:CN=Example*", "--soft-fail", "true", "--max-crl-age", "12h", "--responder-uri", "http://127.0.0.1:8080/ocsp"],
        ["policy", "set", "Strict", "--method", "ocsp", "--scope", "end-entity", "--configuration-scope", "all-users"],
        ["monitor", "set", "--source", "/srv/certs", "--source", "tls://127.0.0.1:8443", "--notification-start-days", "45",
            "--notification-frequency", "7d", "--enable-email", "true", "--email-to", "ops@example.test;pki@example.test",
            "--from", "monitor@example.test", "--smtp-server", "127.0.0.1", "--smtp-port", "587", "--smtp-security", "StartTls",
            "--user", "monitor", "--password-env", "PKIREV_AOT_STATE_PASSWORD", "--webhook-uri", "http://127.0.0.1:9/hook",
            "--locally-issued-issuer", "CN=Ünïcode Issuing CA, O=Exämple"],
        ["monitor", "restart", "--at", "2026-06-01T10:00:00Z"],
        ["sessions", "set", "--validity-check-frequency", "12h", "--minimum-session-age", "02:30:00", "--revocation-policy", "Partners"],
        ["sessions", "register", "--name", "dir-1", "--kind", "Ldap", "--endpoint", "ldaps://127.0.0.1:636", "--established-at", "2026-05-30T08:00:00Z"],
        ["sessions", "register", "--name", "vpn-é", "--kind", "IPsec", "--endpoint", "tls://127.0.0.1:4500", "--established-at", "2026-05-30T09:15:00+02:00",
            "--scope", "AllUsers"],
    ];

    [Fact]
    public void StateFiles_WrittenByNativeAotAndJit_AreByteIdentical()
    {
        var aotHome = _dir.File("aot");
        var jitHome = _dir.File("jit");
        Environment.SetEnvironmentVariable("PKIREV_AOT_STATE_PASSWORD", "not-a-real-secret"); // inherited by both processes
        try
        {
            foreach (var command in Commands)
            {
                var aot = RunNativeAot(aotHome, command);
                var jit = RunJit(jitHome, command);
                Assert.True(aot.ExitCode == 0, $"NativeAOT pkirev {string.Join(' ', command)}: {aot.Error}");
                Assert.True(jit.ExitCode == 0, $"JIT pkirev {string.Join(' ', command)}: {jit.Error}");
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable("PKIREV_AOT_STATE_PASSWORD", null);
        }

        var aotFiles = Files(aotHome);
        Assert.Equal(Files(jitHome), aotFiles);
        foreach (var expected in new[] { "policies.json", "monitor.json", "sessions.json" })
            Assert.Contains(aotFiles, f => Path.GetFileName(f) == expected);
        foreach (var file in aotFiles)
        {
            // On Windows the SMTP password and the webhook are DPAPI-encrypted, which is randomized: two writes of the
            // same secret never match, even by one build. Elsewhere they are compared like every other file.
            if (OperatingSystem.IsWindows() && Path.GetExtension(file) is ".credential" or ".webhook") continue;
            var aotBytes = File.ReadAllBytes(Path.Combine(aotHome, file));
            Assert.True(aotBytes.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(jitHome, file))), $"{file} differs between the NativeAOT and the JIT build");
        }
    }

    private static List<string> Files(string home) =>
        Directory.EnumerateFiles(home, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(home, f)).Order(StringComparer.Ordinal).ToList();
}
