using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using PkiRevocation.Tests.Surface;
using Xunit;
using static PkiRevocation.Tests.Module.CmdletSurfaceTests;

namespace PkiRevocation.Tests.Module;

/// <summary>
/// The format files named by FormatsToProcess against the compiled output types: well formed, views for real public
/// types, every column and list item naming a real property, labels equal to property names, and a table and a list
/// view for every output type a cmdlet declares.
/// </summary>
public sealed class FormatTests
{
    private static ModuleSurface Module => ModuleSurface.Instance;

    private static IEnumerable<(string File, XDocument Document)> FormatFiles()
    {
        var manifest = Psd1Reader.ReadFile(Path.Combine(Module.ModuleDirectory, "PkiRevocation.psd1"));
        var files = ManifestTests.Strings(manifest.GetValueOrDefault("FormatsToProcess"));
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var path = Path.Combine(Module.ModuleDirectory, file);
            using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            yield return (file, XDocument.Load(reader, LoadOptions.SetLineInfo));
        }
    }

    private static IEnumerable<(string File, XElement View)> Views() =>
        FormatFiles().SelectMany(f => f.Document.Root!.Element("ViewDefinitions")?.Elements("View").Select(v => (f.File, v)) ?? Enumerable.Empty<(string, XElement)>());

    // That the format file is a configuration PowerShell loads is proved by PowerShell itself: Import-Module and
    // Get-FormatData in tests/Pester/Module.Tests.ps1.

    [Fact]
    public void EveryView_HasAUniqueName_AndSelectsARealPublicType()
    {
        var problems = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (file, view) in Views())
        {
            var name = view.Element("Name")?.Value ?? "";
            if (name.Length == 0 || !names.Add(name)) problems.Add($"{file}:{Line(view)}: view name '{name}' is empty or repeated");
            var typeNames = view.Element("ViewSelectedBy")?.Elements("TypeName").Select(t => t.Value.Trim()).ToArray() ?? Array.Empty<string>();
            if (typeNames.Length == 0) problems.Add($"{file}:{Line(view)}: view {name} selects no TypeName");
            problems.AddRange(typeNames.Where(t => Module.FindPublicType(t) == null).Select(t => $"{file}:{Line(view)}: view {name} selects {t}, which is no public type of the module"));
        }
        AssertNone(problems);
    }

    [Fact]
    public void EveryColumnAndListItem_NamesARealProperty_AndLabelsAreProperties()
    {
        var problems = new List<string>();
        foreach (var (file, view) in Views())
        {
            var name = view.Element("Name")?.Value;
            foreach (var typeName in view.Element("ViewSelectedBy")?.Elements("TypeName").Select(t => t.Value.Trim()) ?? Enumerable.Empty<string>())
            {
                var type = Module.FindPublicType(typeName);
                if (type == null) continue;   // reported by the test above
                var properties = PropertyNames(type);
                string Where(XElement e) => $"{file}:{Line(e)}: view {name} ({typeName})";

                foreach (var table in view.Elements("TableControl"))
                {
                    var headers = table.Element("TableHeaders")?.Elements("TableColumnHeader").ToArray() ?? Array.Empty<XElement>();
                    foreach (var row in table.Element("TableRowEntries")?.Elements("TableRowEntry") ?? Enumerable.Empty<XElement>())
                    {
                        var items = row.Element("TableColumnItems")?.Elements("TableColumnItem").ToArray() ?? Array.Empty<XElement>();
                        if (headers.Length > 0 && headers.Length != items.Length) problems.Add($"{Where(row)}: {headers.Length} headers but {items.Length} columns");
                        for (var i = 0; i < items.Length; i++)
                        {
                            var property = items[i].Element("PropertyName")?.Value.Trim();
                            var label = i < headers.Length ? headers[i].Element("Label")?.Value.Trim() : null;
                            if (property == null && label == null) problems.Add($"{Where(items[i])}: a computed column needs a Label naming the property it shows");
                            if (property != null && label != null && label != property) problems.Add($"{Where(items[i])}: label '{label}' shows property {property}: labels must equal property names");
                        }
                    }
                    problems.AddRange(headers.Select(h => h.Element("Label")?.Value.Trim()).Where(l => l != null && !properties.Contains(l)).Select(l => $"{Where(table)}: label '{l}' is not a property of {typeName}"));
                }

                foreach (var label in view.Descendants("ListItem").Select(i => i.Element("Label")?.Value.Trim()).Where(l => l != null))
                    if (!properties.Contains(label!)) problems.Add($"{Where(view)}: list label '{label}' is not a property of {typeName}");
                foreach (var property in view.Descendants("PropertyName"))
                    if (!properties.Contains(property.Value.Trim())) problems.Add($"{Where(property)}: PropertyName '{property.Value.Trim()}' is not a property of {typeName}");
                foreach (var script in view.Descendants("ScriptBlock"))
                foreach (Match m in Regex.Matches(script.Value, @"\$_\.(\w+)"))
                    if (!properties.Contains(m.Groups[1].Value)) problems.Add($"{Where(script)}: script block reads $_.{m.Groups[1].Value}, not a property of {typeName}");
            }
        }
        AssertNone(problems);
    }

    [Fact]
    public void EveryModuleOutputType_HasATableAndAListView()
    {
        var views = Views().ToArray();
        bool Has(string typeName, string control) => views.Any(v =>
            v.View.Element("ViewSelectedBy")!.Elements("TypeName").Any(t => t.Value.Trim() == typeName) && v.View.Element(control) != null);

        var outputTypes = Module.Cmdlets.SelectMany(c => c.OutputTypeNames.Select(t => (Cmdlet: c.Name, Type: t)))
            .Where(o => Module.FindPublicType(o.Type) != null)
            .ToArray();
        Assert.NotEmpty(outputTypes);
        AssertNone(outputTypes.Where(o => !Has(o.Type, "TableControl")).Select(o => $"{o.Type} (output of {o.Cmdlet}) has no table view")
            .Concat(outputTypes.Where(o => !Has(o.Type, "ListControl")).Select(o => $"{o.Type} (output of {o.Cmdlet}) has no list view"))
            .Distinct());
    }

    private static HashSet<string> PropertyNames(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

    private static int Line(XElement element) => ((IXmlLineInfo)element).LineNumber;
}
