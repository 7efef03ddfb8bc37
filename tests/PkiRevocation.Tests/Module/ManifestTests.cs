using System.Reflection;
using PkiRevocation.Tests.Surface;
using Xunit;
using static PkiRevocation.Tests.Module.CmdletSurfaceTests;

namespace PkiRevocation.Tests.Module;

/// <summary>PkiRevocation.psd1 against the build output: exports, files, version — read without PowerShell.</summary>
public sealed class ManifestTests
{
    /// <summary>The keys Test-ModuleManifest accepts; a misspelt key is silently ignored by PowerShell, so it fails here.</summary>
    private static readonly string[] ManifestKeys =
    {
        "RootModule", "ModuleVersion", "CompatiblePSEditions", "GUID", "Author", "CompanyName", "Copyright", "Description",
        "PowerShellVersion", "PowerShellHostName", "PowerShellHostVersion", "DotNetFrameworkVersion", "ClrVersion", "CLRVersion",
        "ProcessorArchitecture", "RequiredModules", "RequiredAssemblies", "ScriptsToProcess", "TypesToProcess", "FormatsToProcess",
        "NestedModules", "FunctionsToExport", "CmdletsToExport", "VariablesToExport", "AliasesToExport", "DscResourcesToExport",
        "ModuleList", "FileList", "PrivateData", "HelpInfoURI", "DefaultCommandPrefix",
    };

    private static ModuleSurface Module => ModuleSurface.Instance;

    private static string SourceManifestPath => Path.Combine(Module.RepoRoot, "PkiRevocation.psd1");

    private static Dictionary<string, object?> Manifest => Psd1Reader.ReadFile(Path.Combine(Module.ModuleDirectory, "PkiRevocation.psd1"));

    [Fact]
    public void PackagedManifest_IsTheSourceManifest()
    {
        Assert.Equal(File.ReadAllText(SourceManifestPath), File.ReadAllText(Path.Combine(Module.ModuleDirectory, "PkiRevocation.psd1")));
    }

    [Fact]
    public void Manifest_UsesOnlyKnownKeys()
    {
        AssertNone(Manifest.Keys.Where(k => !ManifestKeys.Contains(k, StringComparer.OrdinalIgnoreCase)).Select(k => $"'{k}' is not a module manifest key"));
    }

    [Fact]
    public void CmdletsToExport_IsExactlyTheCompiledCmdlets_Sorted()
    {
        var exported = Strings(Manifest["CmdletsToExport"]);
        var compiled = Module.Cmdlets.Select(c => c.Name).ToArray();
        var problems = compiled.Except(exported, StringComparer.Ordinal).Select(n => $"{n} is compiled but not in CmdletsToExport")
            .Concat(exported.Except(compiled, StringComparer.Ordinal).Select(n => $"{n} is in CmdletsToExport but no such cmdlet is compiled"))
            .Concat(exported.Where(n => n.Contains('*')).Select(n => $"'{n}': no wildcards, list every cmdlet"))
            .ToList();
        if (problems.Count == 0 && !exported.SequenceEqual(exported.OrderBy(n => n, StringComparer.OrdinalIgnoreCase)))
            problems.Add("CmdletsToExport is not sorted: " + string.Join(", ", exported));
        AssertNone(problems);
    }

    [Theory]
    [InlineData("FunctionsToExport")]
    [InlineData("VariablesToExport")]
    [InlineData("AliasesToExport")]
    public void OtherExports_AreExplicitlyEmpty(string key)
    {
        Assert.True(Manifest.ContainsKey(key), key + " must be present (an absent key exports everything)");
        Assert.Empty(Strings(Manifest[key]));
    }

    // That every file the manifest names is in out/PkiRevocation/ is proved by PowerShell itself: Test-ModuleManifest
    // and Import-Module of the packaged module in tests/Pester/Module.Tests.ps1.

    [Fact]
    public void ModuleVersion_IsTheVersionOfEveryModuleAssembly()
    {
        var version = Version.Parse((string)Manifest["ModuleVersion"]!);
        var problems = Module.RootAssemblyPaths
            .Where(p => Path.GetFileName(p).StartsWith("PkiRevocation", StringComparison.Ordinal))
            .Select(p => AssemblyName.GetAssemblyName(p))
            .Where(a => !SameVersion(version, a.Version!))
            .Select(a => $"{a.Name} is {a.Version}, the manifest says {version}");
        AssertNone(problems);
    }

    [Fact]
    public void Manifest_IsCompleteForBothEditions()
    {
        var manifest = Manifest;
        Assert.Equal("PkiRevocation.dll", manifest["RootModule"]);
        Assert.True(Guid.TryParse((string?)manifest["GUID"], out var guid) && guid != Guid.Empty, "GUID must be a GUID");
        Assert.Equal("5.1", manifest["PowerShellVersion"]);
        Assert.Equal(new[] { "Core", "Desktop" }, Strings(manifest["CompatiblePSEditions"]).OrderBy(e => e, StringComparer.Ordinal));
        foreach (var key in new[] { "Author", "Description", "Copyright" })
            Assert.False(string.IsNullOrWhiteSpace(manifest[key] as string), key + " is empty");

        var psData = Assert.IsType<Dictionary<string, object?>>(Assert.IsType<Dictionary<string, object?>>(manifest["PrivateData"])["PSData"]);
        var tags = Strings(psData["Tags"]);
        Assert.Contains("PSEdition_Desktop", tags);
        Assert.Contains("PSEdition_Core", tags);
        Assert.All(tags, t => Assert.DoesNotContain(' ', t));
        foreach (var key in new[] { "ProjectUri", "LicenseUri" })
            Assert.True(Uri.TryCreate(psData[key] as string, UriKind.Absolute, out var uri) && uri.Scheme == "https", key + " must be an absolute https URI");
        Assert.False(string.IsNullOrWhiteSpace(psData["ReleaseNotes"] as string), "ReleaseNotes is empty");
    }

    internal static string[] Strings(object? value) => value switch
    {
        null => Array.Empty<string>(),
        string s => new[] { s },
        IEnumerable<object?> items => items.Select(i => i as string ?? throw new InvalidOperationException($"'{i}' is not a string")).ToArray(),
        _ => throw new InvalidOperationException($"'{value}' is not a string or a list of strings"),
    };

    private static bool SameVersion(Version manifest, Version assembly) =>
        manifest.Major == assembly.Major && manifest.Minor == assembly.Minor
        && Math.Max(manifest.Build, 0) == Math.Max(assembly.Build, 0) && Math.Max(manifest.Revision, 0) == Math.Max(assembly.Revision, 0);
}
