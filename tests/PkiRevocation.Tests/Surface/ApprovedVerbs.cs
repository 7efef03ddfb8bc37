using System.Reflection;

namespace PkiRevocation.Tests.Surface;

/// <summary>
/// PowerShell's approved verbs, read from the const fields of the Verbs* classes of the PowerShellStandard reference
/// assembly (the same list Get-Verb prints), so the check needs no PowerShell and no hand-copied list.
/// </summary>
public static class ApprovedVerbs
{
    public static readonly string[] VerbClasses =
    {
        "VerbsCommon", "VerbsData", "VerbsLifecycle", "VerbsDiagnostic", "VerbsCommunications", "VerbsSecurity", "VerbsOther",
    };

    public static IReadOnlyDictionary<string, string> Read(Assembly automation)
    {
        var verbs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var className in VerbClasses)
        {
            var type = automation.GetType("System.Management.Automation." + className, throwOnError: true)!;
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
                verbs[(string)field.GetRawConstantValue()!] = className;
        }
        return verbs;
    }
}
