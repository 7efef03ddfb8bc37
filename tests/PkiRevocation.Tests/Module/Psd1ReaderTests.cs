using PkiRevocation.Tests.Surface;
using Xunit;

namespace PkiRevocation.Tests.Module;

public sealed class Psd1ReaderTests
{
    [Fact]
    public void Read_ManifestSubset_GivesTypedValues()
    {
        var text = "\uFEFF# comment\n@{\n  RootModule = 'A.dll' # trailing\n  'Quoted Key' = \"x`ty\"\n  N = 42; D = 5.1\n" +
                   "  List = @(\n    'a',\n    'b'\n    'c'\n  )\n  Bare = 'x', 'y'\n  Empty = @()\n  <# block\n comment #>\n" +
                   "  Flags = @{ On = $true; Off = $False; Nothing = $null }\n  Notes = @'\nline 1\nit''s line 2\n'@\n  Esc = 'it''s'\n}\n";
        var table = Psd1Reader.Read(text);
        Assert.Equal("A.dll", table["rootmodule"]);
        Assert.Equal("x\ty", table["Quoted Key"]);
        Assert.Equal(42L, table["N"]);
        Assert.Equal(5.1m, table["D"]);
        Assert.Equal(new object?[] { "a", "b", "c" }, Assert.IsType<List<object?>>(table["List"]));
        Assert.Equal(new object?[] { "x", "y" }, Assert.IsType<List<object?>>(table["Bare"]));
        Assert.Empty(Assert.IsType<List<object?>>(table["Empty"]));
        var flags = Assert.IsType<Dictionary<string, object?>>(table["Flags"]);
        Assert.Equal(true, flags["On"]);
        Assert.Equal(false, flags["Off"]);
        Assert.Null(flags["Nothing"]);
        Assert.Equal("line 1\nit''s line 2", table["Notes"]);
        Assert.Equal("it's", table["Esc"]);
    }

    [Theory]
    [InlineData("@{ A = 'x' ", "unterminated")]
    [InlineData("@{ A = \"$env:USERNAME\" }", "variables")]
    [InlineData("@{ A = $PSScriptRoot }", "only $true")]
    [InlineData("@{ A = 'x'; A = 'y' }", "duplicate key")]
    [InlineData("@{ A = 'x' B = 'y' }", "expected after a value")]
    [InlineData("@{ A = (Get-Date) }", "a value is expected")]
    [InlineData("@{ A = 1.2.3 }", "must be quoted")]
    [InlineData("'not a hashtable'", "one hashtable")]
    public void Read_OutsideTheDataLanguage_FailsWithLineAndColumn(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => Psd1Reader.Read(text));
        Assert.Contains(expected, error.Message);
        Assert.StartsWith("line 1", error.Message);
    }

    [Fact]
    public void Read_TheRealManifest_HasTheKeysTheChecksUse()
    {
        var manifest = Psd1Reader.ReadFile(Path.Combine(PkiRevocation.TestSupport.Tools.RepoRoot, "PkiRevocation.psd1"));
        Assert.Equal("PkiRevocation.dll", manifest["RootModule"]);
        Assert.Contains("Get-CertificateExpiry", ManifestTests.Strings(manifest["CmdletsToExport"]));
    }
}
