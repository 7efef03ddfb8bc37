using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Cli.Tests;

/// <summary>The command tree: built whole for help, one command at a time for a run.</summary>
public sealed class CliAppTests
{
    private static readonly string[] Names = ["expiry", "crl", "revocation", "policy", "cache", "ocsp", "monitor", "sessions"];

    [Fact]
    public void Build_WithoutArguments_HasEveryCommand()
    {
        var root = CliApp.Build(new CliContext(TextWriter.Null, TextWriter.Null));

        Assert.Equal(Names.OrderBy(n => n), root.Subcommands.Select(c => c.Name).OrderBy(n => n));
    }

    [Theory]
    [InlineData("expiry")]
    [InlineData("crl")]
    [InlineData("revocation")]
    [InlineData("policy")]
    [InlineData("cache")]
    [InlineData("ocsp")]
    [InlineData("monitor")]
    [InlineData("sessions")]
    public void Build_ForACommand_BuildsThatCommandOnly(string name)
    {
        var root = CliApp.Build(new CliContext(TextWriter.Null, TextWriter.Null), [name, "--help"]);

        Assert.Equal(name, Assert.Single(root.Subcommands).Name);
    }

    [Fact]
    public void Run_UnknownCommand_ListsTheCommandsAndExitsTwo()
    {
        using var home = new TempDirectory("pkirev-cli-app");
        var (code, _, error) = new CliRunner(home.Path).Run("ocps", "--cert", "x.pem");

        Assert.Equal(2, code);
        Assert.Contains("ocps", error);
    }

    [Fact]
    public void Process_OutputIntoAPipe_IsWrittenWholeBeforeExit()
    {
        // The real executable, stdout redirected (buffered there): everything written must reach the reader.
        var pkirev = Path.Combine(AppContext.BaseDirectory, "pkirev.dll");

        var output = ExternalProcess.Run("dotnet", [pkirev, "ocsp", "--help"]);

        Assert.Contains("--trusted-responder", output);
        Assert.EndsWith(Environment.NewLine, output);
        Assert.Contains("--throttle-limit", output);
    }

    [Fact]
    public void Run_RootHelp_ListsEveryCommand()
    {
        using var home = new TempDirectory("pkirev-cli-app");
        var (code, output, _) = new CliRunner(home.Path).Run("--help");

        Assert.Equal(0, code);
        Assert.All(Names, n => Assert.Contains(n, output));
    }
}
