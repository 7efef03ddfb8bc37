using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Cli.Tests;

/// <summary>
/// The documents say exactly how each platform keeps the SMTP password (issue 11, item 19): on Linux it is base64 in
/// an owner-only file, which is not "no secret in clear text"; and the ways to keep it off disk exist.
/// </summary>
public sealed class SecretDocumentationTests
{
    private static string Read(string relative) => File.ReadAllText(Path.Combine(Tools.RepoRoot, relative));

    [Theory]
    [InlineData("README.md")]
    [InlineData("en-US/about_PkiRevocationMonitor.help.txt")]
    [InlineData("en-US/about_PkiRevocation.help.txt")]
    [InlineData("en-US/PkiRevocation.dll-Help.xml")]
    public void Documents_SayTheLinuxPasswordIsBase64InAnOwnerOnlyFile(string document)
    {
        var text = string.Join(" ", Read(document).Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

        Assert.DoesNotContain("never stored in clear text", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("No secret is stored in clear text", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("base64", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("0600", text);
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("en-US/about_PkiRevocationMonitor.help.txt")]
    public void Documents_PointToTheSecretNameAndTheEnvironmentVariable(string document)
    {
        var text = string.Join(" ", Read(document).Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

        Assert.Contains("-CredentialSecretName", text);
        Assert.Contains("pkirev monitor run --user NAME --password-env VAR", text);
    }

    [Fact]
    public void MonitorRun_PasswordFromAnUnsetVariable_IsRefusedAndNothingRuns()
    {
        using var home = new TempDirectory("pkirev-cli-secret");
        var (code, _, error) = new CliRunner(home.Path).Run("monitor", "run", "--user", "ops", "--password-env", "PKIREV_TEST_UNSET_" + Guid.NewGuid().ToString("N"));

        Assert.Equal(2, code);
        Assert.StartsWith("pkirev: InvalidArgument: --password-env: the environment variable", error);
    }
}
