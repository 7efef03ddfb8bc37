using System.Reflection;
using System.Text.RegularExpressions;
using PkiRevocation.Tests.Surface;
using Xunit;
using static PkiRevocation.Tests.Module.CmdletSurfaceTests;

namespace PkiRevocation.Tests.Module;

/// <summary>
/// The PowerShell conventions of STYLE.md and issue 7 that can be read from metadata and sources: every cmdlet on
/// the PkiCmdlet base (cancellation, progress, error mapping), ErrorIds in one place, ErrorRecords built in one
/// place, and output objects with plain typed properties that survive Export-Clixml and remoting.
/// </summary>
public sealed class ConventionTests
{
    /// <summary>Property types that serialize to Clixml as themselves (or as their string form, for enums).</summary>
    private static readonly string[] PlainTypes =
    {
        "System.String", "System.Boolean", "System.Int32", "System.Int64", "System.Double", "System.Decimal", "System.DateTime",
        "System.DateTimeOffset", "System.TimeSpan", "System.Guid", "System.Uri", "System.Version", "System.Byte[]",
        "System.Security.Cryptography.X509Certificates.X509Certificate2",
    };

    private static ModuleSurface Module => ModuleSurface.Instance;

    [Fact]
    public void EveryCmdlet_DerivesFromPkiCmdlet()
    {
        AssertNone(Module.Cmdlets.Where(c => !BaseTypes(c.Type).Any(t => t.FullName == "PkiRevocation.PowerShell.PkiCmdlet"))
            .Select(c => $"{c.Name}: derive from PkiCmdlet (cancellation on Ctrl+C, progress on the pipeline thread, ErrorId mapping)"));
    }

    [Fact]
    public void ErrorIds_AreUniquePascalCaseConstantsNamedAsTheirValue()
    {
        var type = Module.ModuleAssemblies.Select(a => a.GetType("PkiRevocation.Diagnostics.ErrorIds")).Single(t => t != null)!;
        var fields = type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).ToArray();
        Assert.True(fields.Length >= 10, "ErrorIds has only " + fields.Length + " constants");
        var problems = new List<string>();
        foreach (var field in fields)
        {
            var value = (string)field.GetRawConstantValue()!;
            if (value != field.Name) problems.Add($"ErrorIds.{field.Name} = \"{value}\": the value must be the name");
            if (!Regex.IsMatch(value, "^[A-Z][A-Za-z0-9]+$")) problems.Add($"ErrorIds.{field.Name}: not PascalCase");
        }
        AssertNone(problems);
    }

    [Fact]
    public void ErrorRecords_AreBuiltOnlyByErrorMapping_WithErrorIdsConstants()
    {
        var sources = Directory.GetFiles(Path.Combine(Module.RepoRoot, "src", "PkiRevocation"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar));
        var problems = new List<string>();
        foreach (var file in sources)
        {
            var text = File.ReadAllText(file);
            var name = Path.GetRelativePath(Module.RepoRoot, file);
            if (Path.GetFileName(file) != "ErrorMapping.cs" && Regex.IsMatch(text, @"new\s+ErrorRecord\s*\("))
                problems.Add($"{name}: builds an ErrorRecord itself; use WriteFailure/ThrowTerminating (ErrorMapping) so ErrorId, category and target are consistent");
            foreach (Match m in Regex.Matches(text, @"(ToErrorRecord|ThrowTerminating)\s*\(\s*""([^""]*)"""))
                problems.Add($"{name}: ErrorId \"{m.Groups[2].Value}\" as a literal; add it to Diagnostics/ErrorIds.cs");
        }
        AssertNone(problems);
    }

    [Fact]
    public void OutputTypes_HavePlainTypedProperties_ThatSurviveClixmlAndRemoting()
    {
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cmdlet in Module.Cmdlets)
        foreach (var name in cmdlet.OutputTypeNames)
        {
            var type = Module.FindPublicType(name);
            if (type != null) Check(type, $"{cmdlet.Name} -> {name}", problems, seen);
        }
        AssertNone(problems);
    }

    private static void Check(Type type, string path, List<string> problems, HashSet<string> seen)
    {
        if (!seen.Add(type.FullName!)) return;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var propertyType = Unwrap(property.PropertyType);
            var where = $"{path}.{property.Name}";
            if (propertyType.IsEnum || PlainTypes.Contains(propertyType.FullName)) continue;
            if (property.GetIndexParameters().Length > 0) { problems.Add($"{where}: an indexer on an output type"); continue; }
            var element = ElementType(propertyType);
            if (element != null)
            {
                element = Unwrap(element);
                if (element.IsEnum || PlainTypes.Contains(element.FullName)) continue;
                if (IsModuleType(element)) { Check(element, where + "[]", problems, seen); continue; }
            }
            else if (IsModuleType(propertyType) && propertyType.IsClass)
            {
                Check(propertyType, where, problems, seen);
                continue;
            }
            problems.Add($"{where}: {propertyType.FullName} is not a plain value (string, number, DateTime UTC, TimeSpan, enum, string[], X509Certificate2, or a module result type): it will not survive Export-Clixml/remoting as itself");
        }
    }

    private static bool IsModuleType(Type type) =>
        type.IsPublic && type.Namespace != null && type.Namespace.StartsWith("PkiRevocation", StringComparison.Ordinal)
        && Module.ModuleAssemblies.Contains(type.Assembly);

    private static Type Unwrap(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1" ? type.GetGenericArguments()[0] : type;

    private static Type? ElementType(Type type)
    {
        if (type.IsArray) return type.GetElementType();
        if (!type.IsGenericType) return null;
        var definition = type.GetGenericTypeDefinition().FullName;
        return definition is "System.Collections.Generic.IReadOnlyList`1" or "System.Collections.Generic.IList`1" or "System.Collections.Generic.List`1"
            or "System.Collections.Generic.IReadOnlyCollection`1" or "System.Collections.Generic.ICollection`1" or "System.Collections.Generic.IEnumerable`1"
            ? type.GetGenericArguments()[0]
            : null;
    }

    private static IEnumerable<Type> BaseTypes(Type type)
    {
        for (var t = type.BaseType; t != null; t = t.BaseType) yield return t;
    }
}
