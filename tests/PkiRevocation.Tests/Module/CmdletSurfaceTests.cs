using System.Text.RegularExpressions;
using PkiRevocation.Tests.Surface;
using Xunit;

namespace PkiRevocation.Tests.Module;

/// <summary>
/// The compiled cmdlets against PowerShell's rules, read from metadata: every [Cmdlet] type in any module assembly,
/// so cmdlets added later are checked without touching this file.
/// </summary>
public sealed class CmdletSurfaceTests
{
    private static readonly string[] CommonParameters =
    {
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
        "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm",
    };

    /// <summary>Verbs that change persisted state or the machine: they must offer -WhatIf/-Confirm.</summary>
    public static readonly string[] ShouldProcessVerbs = { "Set", "Remove", "Clear", "Register", "Unregister" };

    /// <summary>Verbs that only read: -WhatIf on them would be a lie.</summary>
    public static readonly string[] ReadOnlyVerbs = { "Get", "Test", "Find", "Search", "Show", "Read", "Measure", "Resolve", "Compare", "Select", "Watch", "Trace", "Format", "Confirm" };

    /// <summary>Cmdlets the issues require to confirm by default (issue 5: Remove-ExpiredCertificate is ConfirmImpact High).</summary>
    public static readonly string[] HighImpactCmdlets = { "Remove-ExpiredCertificate" };

    private static ModuleSurface Module => ModuleSurface.Instance;

    [Fact]
    public void Module_CompiledCmdlets_IncludeGetCertificateExpiry()
    {
        Assert.Contains(Module.Cmdlets, c => c.Name == "Get-CertificateExpiry");
        Assert.All(Module.Cmdlets, c => Assert.Same(Module.CmdletAssembly, c.Type.Assembly));
    }

    [Fact]
    public void ApprovedVerbs_ReadFromPowerShellStandard_AreTheFullList()
    {
        var verbs = ApprovedVerbs.Read(Module.Automation);
        Assert.True(verbs.Count >= 90, $"only {verbs.Count} verbs read from the Verbs* classes");
        foreach (var verb in new[] { "Get", "Set", "Test", "Invoke", "Register", "Unregister", "Remove", "Clear", "New", "Export", "Import" })
            Assert.True(verbs.ContainsKey(verb), verb + " missing from the approved verbs");
        Assert.False(verbs.ContainsKey("Check"));
        Assert.False(verbs.ContainsKey("Validate"));
    }

    [Fact]
    public void EveryCmdlet_UsesAnApprovedVerb()
    {
        var verbs = ApprovedVerbs.Read(Module.Automation);
        var bad = Module.Cmdlets.Where(c => !verbs.ContainsKey(c.Verb)).Select(c => $"{c.Name} ({c.Type.FullName}): '{c.Verb}' is not an approved verb (see Get-Verb)");
        AssertNone(bad);
    }

    [Fact]
    public void EveryCmdlet_DeclaresOutputType_ThatResolves()
    {
        var problems = new List<string>();
        foreach (var cmdlet in Module.Cmdlets)
        {
            if (!cmdlet.HasOutputType || cmdlet.OutputTypeNames.Length == 0) { problems.Add($"{cmdlet.Name}: no [OutputType]"); continue; }
            foreach (var name in cmdlet.OutputTypeNames.Where(n => n.StartsWith("PkiRevocation.", StringComparison.Ordinal)))
                if (Module.FindPublicType(name) == null) problems.Add($"{cmdlet.Name}: [OutputType] {name} is not a public type of a module assembly");
        }
        AssertNone(problems);
    }

    [Fact]
    public void EveryCmdlet_IsPublicSealed_NamedVerbNounCommand_InItsOwnFile()
    {
        var commandsDir = Path.Combine(Module.RepoRoot, "src", "PkiRevocation", "Commands");
        var problems = new List<string>();
        foreach (var cmdlet in Module.Cmdlets)
        {
            var expected = cmdlet.Verb + cmdlet.Noun + "Command";
            if (cmdlet.Type.Name != expected) problems.Add($"{cmdlet.Name}: class is {cmdlet.Type.Name}, expected {expected}");
            if (!cmdlet.Type.IsPublic || !cmdlet.Type.IsSealed) problems.Add($"{cmdlet.Name}: {cmdlet.Type.Name} must be public sealed");
            var file = Path.Combine(commandsDir, expected + ".cs");
            if (!File.Exists(file)) { problems.Add($"{cmdlet.Name}: expected src/PkiRevocation/Commands/{expected}.cs"); continue; }
            var declarations = Regex.Matches(File.ReadAllText(file), @"\[\s*Cmdlet\s*\(").Count;
            if (declarations != 1) problems.Add($"{expected}.cs declares {declarations} cmdlets: one cmdlet per file");
        }
        foreach (var file in Directory.GetFiles(commandsDir, "*.cs", SearchOption.AllDirectories))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (!Module.Cmdlets.Any(c => c.Type.Name == name)) problems.Add($"{Path.GetRelativePath(Module.RepoRoot, file)} holds no compiled cmdlet named {name}");
        }
        AssertNone(problems);
    }

    [Fact]
    public void ShouldProcess_IsDeclaredByStateChangingVerbs_AndNotByReadOnlyOnes()
    {
        var problems = new List<string>();
        foreach (var cmdlet in Module.Cmdlets)
        {
            if (ShouldProcessVerbs.Contains(cmdlet.Verb) && !cmdlet.SupportsShouldProcess)
                problems.Add($"{cmdlet.Name}: a {cmdlet.Verb} cmdlet must declare SupportsShouldProcess = true (-WhatIf/-Confirm)");
            if (ReadOnlyVerbs.Contains(cmdlet.Verb) && cmdlet.SupportsShouldProcess)
                problems.Add($"{cmdlet.Name}: a {cmdlet.Verb} cmdlet changes nothing and must not declare SupportsShouldProcess");
            if (!cmdlet.SupportsShouldProcess && cmdlet.ConfirmImpact != "Medium")
                problems.Add($"{cmdlet.Name}: ConfirmImpact {cmdlet.ConfirmImpact} without SupportsShouldProcess has no effect");
        }
        AssertNone(problems);
    }

    [Fact]
    public void HighImpactCmdlets_ConfirmByDefault()
    {
        var problems = Module.Cmdlets
            .Where(c => HighImpactCmdlets.Contains(c.Name) && !(c.SupportsShouldProcess && c.ConfirmImpact == "High"))
            .Select(c => $"{c.Name}: must declare SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High");
        AssertNone(problems);
    }

    [Fact]
    public void NoCmdlet_RedeclaresACommonParameter()
    {
        var problems = Module.Cmdlets.SelectMany(c => c.Parameters
            .Where(p => CommonParameters.Contains(p.Name, StringComparer.OrdinalIgnoreCase) || p.Aliases.Any(a => CommonParameters.Contains(a, StringComparer.OrdinalIgnoreCase)))
            .Select(p => $"{c.Name} -{p.Name}: clashes with a common parameter (Import-Module would fail)"));
        AssertNone(problems);
    }

    /// <summary>Parameters naming a store, a policy or a session complete with Tab (issue 7).</summary>
    public static readonly string[] CompletedParameters = { "StoreName", "Policy", "PolicyName", "RevocationPolicy", "Session", "SessionName" };

    /// <summary>Nouns whose -Name is the name of a stored policy or session.</summary>
    public static readonly string[] NamedConfigurationNouns = { "RevocationPolicy", "LongLivedSession" };

    [Fact]
    public void StorePolicyAndSessionNameParameters_HaveAnArgumentCompleter()
    {
        var problems = Module.Cmdlets.SelectMany(c => c.Parameters
            .Where(p => p.TypeName is "System.String" or "System.String[]")
            .Where(p => CompletedParameters.Contains(p.Name) || (p.Name == "Name" && NamedConfigurationNouns.Contains(c.Noun)))
            .Where(p => p.ArgumentCompleterTypes.Length == 0)
            .Select(p => $"{c.Name} -{p.Name}: add [ArgumentCompleter(typeof(...))] (see Completion/ConfigurationNameCompleter.cs)"));
        AssertNone(problems);
    }

    [Fact]
    public void EveryArgumentCompleter_IsAPublicIArgumentCompleterWithADefaultConstructor()
    {
        var problems = new List<string>();
        foreach (var cmdlet in Module.Cmdlets)
        foreach (var parameter in cmdlet.Parameters)
        foreach (var completer in parameter.ArgumentCompleterTypes)
        {
            if (!completer.GetInterfaces().Any(i => i.FullName == "System.Management.Automation.IArgumentCompleter"))
                problems.Add($"{cmdlet.Name} -{parameter.Name}: {completer.FullName} does not implement IArgumentCompleter");
            if (!completer.IsPublic || completer.IsAbstract || completer.GetConstructor(Type.EmptyTypes) == null)
                problems.Add($"{cmdlet.Name} -{parameter.Name}: {completer.FullName} needs to be public, concrete, with a parameterless constructor");
        }
        AssertNone(problems);
    }

    internal static void AssertNone(IEnumerable<string> problems)
    {
        var list = problems.ToList();
        Assert.True(list.Count == 0, list.Count + " problem(s):\n  " + string.Join("\n  ", list));
    }
}
