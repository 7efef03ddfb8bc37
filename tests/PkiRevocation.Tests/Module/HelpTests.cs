using System.Xml;
using PkiRevocation.Tests.Surface;
using Xunit;
using static PkiRevocation.Tests.Module.CmdletSurfaceTests;

namespace PkiRevocation.Tests.Module;

/// <summary>
/// en-US/PkiRevocation.dll-Help.xml (MAML) against the compiled cmdlets: a cmdlet without help, a parameter without
/// help, or help for a parameter that does not exist fails here.
/// </summary>
public sealed class HelpTests
{
    private static ModuleSurface Module => ModuleSurface.Instance;

    private static string HelpPath => Path.Combine(Module.ModuleDirectory, "en-US", "PkiRevocation.dll-Help.xml");

    private static MamlHelp Help => MamlHelp.Load(HelpPath);

    [Fact]
    public void HelpFile_IsPackagedFromEnUs_AndWellFormedMaml()
    {
        Assert.Equal(File.ReadAllText(Path.Combine(Module.RepoRoot, "en-US", "PkiRevocation.dll-Help.xml")), File.ReadAllText(HelpPath));
        var help = Help;
        Assert.Equal(MamlHelp.Msh + "helpItems", help.Document.Root!.Name);
        Assert.Equal("maml", help.Document.Root.Attribute("schema")?.Value);
    }

    [Fact]
    public void HelpLoader_RejectsMalformedXml()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + "-Help.xml");
        File.WriteAllText(path, "<helpItems schema=\"maml\" xmlns=\"http://msh\"><command:command xmlns:command=\"x\"></helpItems>");
        try { Assert.ThrowsAny<XmlException>(() => MamlHelp.Load(path)); }
        finally { File.Delete(path); }
    }

    [Fact]
    public void EveryCmdlet_HasExactlyOneHelpEntry_AndNoEntryIsForAMissingCmdlet()
    {
        var names = Help.Commands.Select(c => c.Name).ToArray();
        var compiled = Module.Cmdlets.Select(c => c.Name).ToArray();
        AssertNone(compiled.Where(n => names.Count(h => h == n) != 1).Select(n => $"{n}: {names.Count(h => h == n)} help entries (expected 1) in en-US/PkiRevocation.dll-Help.xml")
            .Concat(names.Except(compiled).Select(n => $"help entry {n} names no compiled cmdlet")));
    }

    [Fact]
    public void EveryHelpEntry_HasNameVerbNounSynopsisAndDescription()
    {
        var problems = new List<string>();
        foreach (var (cmdlet, entry) in Entries())
        {
            if (entry.Verb != cmdlet.Verb || entry.Noun != cmdlet.Noun) problems.Add($"{cmdlet.Name}: command:verb/noun are '{entry.Verb}'/'{entry.Noun}'");
            if (entry.Synopsis.Length < 10) problems.Add($"{cmdlet.Name}: no synopsis (command:details/maml:description)");
            if (entry.Description.Length < 40) problems.Add($"{cmdlet.Name}: no description (maml:description)");
        }
        AssertNone(problems);
    }

    [Fact]
    public void EveryParameter_IsDocumented_AndHelpNamesNoOtherParameter()
    {
        var problems = new List<string>();
        foreach (var (cmdlet, entry) in Entries())
        {
            var documented = entry.Parameters.Select(p => p.Name).ToArray();
            var actual = cmdlet.DocumentedParameterNames.ToArray();
            problems.AddRange(actual.Except(documented, StringComparer.OrdinalIgnoreCase).Select(p => $"{cmdlet.Name} -{p}: no help (command:parameters)"));
            problems.AddRange(documented.Except(actual, StringComparer.OrdinalIgnoreCase).Select(p => $"{cmdlet.Name}: help documents -{p}, which the cmdlet does not have"));
            problems.AddRange(documented.GroupBy(p => p, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => $"{cmdlet.Name} -{g.Key}: documented {g.Count()} times"));
            problems.AddRange(entry.Parameters.Where(p => p.Description.Length < 10).Select(p => $"{cmdlet.Name} -{p.Name}: empty parameter description"));
            foreach (var parameter in cmdlet.Parameters)
            {
                var help = entry.Parameters.FirstOrDefault(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
                if (help.Name != null && help.Type.Length > 0 && !parameter.AcceptedTypeNames.Contains(help.Type))
                    problems.Add($"{cmdlet.Name} -{parameter.Name}: help says type {help.Type}, the cmdlet has {parameter.TypeName}");
            }
        }
        AssertNone(problems);
    }

    [Fact]
    public void Syntax_NamesOnlyRealParameters_AndCoversEveryParameter()
    {
        var problems = new List<string>();
        foreach (var (cmdlet, entry) in Entries())
        {
            var actual = cmdlet.DocumentedParameterNames.ToArray();
            if (entry.SyntaxItems.Length == 0) problems.Add($"{cmdlet.Name}: no command:syntax");
            foreach (var item in entry.SyntaxItems)
            {
                if (item.Name != cmdlet.Name) problems.Add($"{cmdlet.Name}: a syntax item is named '{item.Name}'");
                problems.AddRange(item.Parameters.Except(actual, StringComparer.OrdinalIgnoreCase).Select(p => $"{cmdlet.Name}: syntax names -{p}, which the cmdlet does not have"));
            }
            problems.AddRange(actual.Except(entry.SyntaxItems.SelectMany(s => s.Parameters), StringComparer.OrdinalIgnoreCase).Select(p => $"{cmdlet.Name} -{p}: in no syntax item"));
        }
        AssertNone(problems);
    }

    [Fact]
    public void EveryHelpEntry_NamesInputsAndEveryOutputType()
    {
        var problems = new List<string>();
        foreach (var (cmdlet, entry) in Entries())
        {
            if (entry.InputTypes.Length == 0 || entry.InputTypes.Any(i => i.Type.Length == 0)) problems.Add($"{cmdlet.Name}: no command:inputTypes (say None when nothing is piped)");
            if (entry.ReturnValues.Length == 0) problems.Add($"{cmdlet.Name}: no command:returnValues");
            // [OutputType(typeof(void))] (writes nothing) is documented as a return value named None.
            problems.AddRange(cmdlet.OutputTypeNames.Select(t => t == "System.Void" ? "None" : t)
                .Where(t => !entry.ReturnValues.Any(r => r.Type == t)).Select(t => $"{cmdlet.Name}: [OutputType] {t} is not among the help's return values"));
            problems.AddRange(entry.ReturnValues.Where(r => r.Description.Length < 10).Select(r => $"{cmdlet.Name}: return value {r.Type} has no description"));
        }
        AssertNone(problems);
    }

    [Fact]
    public void EveryHelpEntry_HasAtLeastTwoRealisticExamples()
    {
        var problems = new List<string>();
        foreach (var (cmdlet, entry) in Entries())
        {
            if (entry.Examples.Length < 2) problems.Add($"{cmdlet.Name}: {entry.Examples.Length} example(s), at least 2 required");
            foreach (var example in entry.Examples)
            {
                if (!example.Code.Contains(cmdlet.Name, StringComparison.OrdinalIgnoreCase)) problems.Add($"{cmdlet.Name}: example '{example.Title}' does not use the cmdlet");
                if (example.Remarks.Length < 20) problems.Add($"{cmdlet.Name}: example '{example.Title}' has no remarks saying what it does");
            }
            problems.AddRange(entry.Examples.GroupBy(e => e.Title).Where(g => g.Count() > 1).Select(g => $"{cmdlet.Name}: example title '{g.Key}' repeated"));
        }
        AssertNone(problems);
    }

    [Fact]
    public void AboutTopic_IsPackaged_AndCoversTheConcepts()
    {
        var source = Path.Combine(Module.RepoRoot, "en-US", "about_PkiRevocation.help.txt");
        var packaged = Path.Combine(Module.ModuleDirectory, "en-US", "about_PkiRevocation.help.txt");
        Assert.Equal(File.ReadAllText(source), File.ReadAllText(packaged));
        var text = File.ReadAllText(source);
        Assert.StartsWith("TOPIC", text.TrimStart('\uFEFF'));
        foreach (var heading in new[] { "about_PkiRevocation", "SHORT DESCRIPTION", "LONG DESCRIPTION", "SEE ALSO" })
            Assert.Contains(heading, text);
        foreach (var concept in new[] { "TRUST MODELS", "POLICIES", "MONITOR", "LONG-LIVED SESSIONS", "CONFIGURATION", "PKIREVOCATION_HOME", "pkirev" })
            Assert.Contains(concept, text);
        Assert.All(File.ReadAllLines(source), line => Assert.True(line.Length <= 80, $"about topic line longer than 80 characters: {line}"));
    }

    private static IEnumerable<(CmdletDescription Cmdlet, MamlCommand Entry)> Entries()
    {
        var help = Help;
        Assert.NotEmpty(Module.Cmdlets);
        foreach (var cmdlet in Module.Cmdlets)
        {
            // A cmdlet without an entry is reported once, by EveryCmdlet_HasExactlyOneHelpEntry_AndNoEntryIsForAMissingCmdlet.
            var entry = help.Commands.FirstOrDefault(c => c.Name == cmdlet.Name);
            if (entry != null) yield return (cmdlet, entry);
        }
    }
}
