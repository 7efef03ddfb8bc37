using System.Text.RegularExpressions;
using PkiRevocation.TestSupport;
using PkiRevocation.Tests.Surface;
using Xunit;
using static PkiRevocation.Tests.Module.CmdletSurfaceTests;
using static PkiRevocation.Tests.Module.ManifestTests;

namespace PkiRevocation.Tests.Module;

/// <summary>
/// Every cmdlet the manifest exports (CmdletsToExport of PkiRevocation.psd1) is exercised by at least one Pester file:
/// its name appears in the code (not only in a comment) of some tests/Pester/*.Tests.ps1. Pester runs in `bash build.sh
/// test` after xunit; this check names the untested cmdlet in seconds, before the Pester run.
/// </summary>
public sealed class PesterCoverageTests
{
    private static string PesterDirectory => Path.Combine(Tools.RepoRoot, "tests", "Pester");

    [Fact]
    public void EveryExportedCmdlet_IsNamedInAPesterTestFile()
    {
        var exported = Strings(Psd1Reader.ReadFile(Path.Combine(Tools.RepoRoot, "PkiRevocation.psd1"))["CmdletsToExport"]);
        var files = Directory.GetFiles(PesterDirectory, "*.Tests.ps1").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Assert.True(exported.Length > 0, "CmdletsToExport of PkiRevocation.psd1 lists no cmdlet");
        Assert.True(files.Length > 0, "no *.Tests.ps1 file in " + PesterDirectory);

        var code = files.Select(f => WithoutComments(File.ReadAllText(f))).ToArray();
        AssertNone(exported.Where(name => !code.Any(text => Names(text, name)))
            .Select(name => $"{name} is exported but no tests/Pester/*.Tests.ps1 calls it: add tests/Pester/{name}.Tests.ps1 " +
                            "(see Get-CertificateExpiry.Tests.ps1: the packaged module in a child process, Support/PackagedModule.ps1)"));
    }

    [Theory]
    [InlineData("Get-LongLivedSession -Name x", "Get-LongLivedSession", true)]
    [InlineData("$r = get-longlivedsession", "Get-LongLivedSession", true)]
    [InlineData("(Get-LongLivedSession).Name", "Get-LongLivedSession", true)]
    [InlineData("Get-LongLivedSessionCheck", "Get-LongLivedSession", false)]
    [InlineData("Unregister-CertificateMonitorTask", "Register-CertificateMonitorTask", false)]
    [InlineData("# Get-LongLivedSession is covered elsewhere\n$x = 1", "Get-LongLivedSession", false)]
    [InlineData("<#\n Get-LongLivedSession\n#>\n$x = 1", "Get-LongLivedSession", false)]
    [InlineData("$x = 1 # then Get-LongLivedSession", "Get-LongLivedSession", false)]
    [InlineData("$x = '#'; Get-LongLivedSession", "Get-LongLivedSession", true)]
    public void Names_FindsTheCmdletAsAWord_OutsideComments(string script, string cmdlet, bool expected)
    {
        Assert.Equal(expected, Names(WithoutComments(script), cmdlet));
    }

    /// <summary>The name as a whole word (a longer cmdlet name that starts or ends with it does not count), any case.</summary>
    internal static bool Names(string code, string cmdlet) =>
        Regex.IsMatch(code, @"(?<![\w-])" + Regex.Escape(cmdlet) + @"(?![\w-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>
    /// Drops &lt;# … #&gt; blocks and # comments. A '#' inside a quoted string on the line is kept (quotes are tracked
    /// per line, which is enough for test files; a comment the tracking misses only makes the check stricter).
    /// </summary>
    internal static string WithoutComments(string script)
    {
        var text = Regex.Replace(script, @"<#.*?#>", " ", RegexOptions.Singleline);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            char? quote = null;
            for (var j = 0; j < line.Length; j++)
            {
                var c = line[j];
                if (quote != null)
                {
                    if (c == quote) quote = null;
                }
                else if (c == '\'' || c == '"')
                {
                    quote = c;
                }
                else if (c == '#')
                {
                    lines[i] = line.Substring(0, j);
                    break;
                }
            }
        }

        return string.Join("\n", lines);
    }
}
