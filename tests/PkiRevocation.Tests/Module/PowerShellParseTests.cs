using System.Diagnostics;
using System.Text;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Tests.Module;

/// <summary>
/// The tree-sitter parse check of `bash build.sh test` (tools/ps-parse: tree-sitter-powershell, pinned in its
/// package-lock) rejects broken scripts with file and line and accepts the constructs our scripts use. That every
/// repository file parses is proved by PowerShell's own parser in tests/Pester/PowerShellSyntax.Tests.ps1 (and by the
/// check itself in build.sh). Needs node; installs the tool from its lock file on first use (npm ci).
/// </summary>
public sealed class PowerShellParseTests
{
    private static readonly Lazy<string> Tool = new(InstallTool);

    [Fact]
    public void BrokenScript_IsRejected_WithFileAndLine()
    {
        var script = "param([string] $Path)\n\nfunction Test-It {\n    if ($Path) {\n        Write-Output 'x'\n}\n";
        var (exit, output) = Node(new[] { Tool.Value, "--stdin", "broken.ps1" }, stdin: script);
        Assert.Equal(1, exit);
        Assert.Matches(@"^broken\.ps1:\d+:\d+: (ERROR|MISSING)", output);
    }

    [Fact]
    public void ValidScript_WithTheConstructsOurScriptsUse_IsAccepted()
    {
        var script = "#Requires -Version 5.1\n[CmdletBinding()]\nparam([ValidateSet('A', 'B')] [string[]] $Task = @('A'), [switch] $Skip)\n" +
                     "$h = @{ Name = 'x'; List = @(1, 2) }\n$text = @'\nhere\n'@\n" +
                     "switch ($Task) {\n    'A' { & dotnet @('build') }\n    default { throw \"no $_\" }\n}\n" +
                     "try { Get-ChildItem -LiteralPath . | Where-Object { $_.Length -gt 0 } | Select-Object -First 1 } finally { $null = 1 }\n";
        var (exit, output) = Node(new[] { Tool.Value, "--stdin", "valid.ps1" }, stdin: script);
        Assert.True(exit == 0, output);
    }

    private static string InstallTool()
    {
        var directory = Path.Combine(Tools.RepoRoot, "tools", "ps-parse");
        if (!File.Exists(Path.Combine(directory, "node_modules", "web-tree-sitter", "package.json"))
            || !File.Exists(Path.Combine(directory, "node_modules", "tree-sitter-powershell", "tree-sitter-powershell.wasm")))
            ExternalProcess.Run(OperatingSystem.IsWindows() ? "npm.cmd" : "npm", new[] { "ci", "--prefix", directory, "--ignore-scripts", "--no-audit", "--no-fund" }, timeout: TimeSpan.FromMinutes(5));
        return Path.Combine(directory, "parse.js");
    }

    private static (int Exit, string Output) Node(IEnumerable<string> arguments, string? stdin)
    {
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("node cannot be started: install nodejs (.ci/run does)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin != null) process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("ps-parse did not finish");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
