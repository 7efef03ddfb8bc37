using System.Reflection;

namespace PkiRevocation.Tests.Surface;

/// <summary>One compiled cmdlet as read from metadata: its [Cmdlet], [OutputType] and [Parameter] declarations.</summary>
public sealed class CmdletDescription
{
    private const string Sma = "System.Management.Automation.";

    public CmdletDescription(Type type)
    {
        Type = type;
        var cmdlet = type.GetCustomAttributesData().Single(a => a.AttributeType.FullName == Sma + "CmdletAttribute");
        Verb = (string)cmdlet.ConstructorArguments[0].Value!;
        Noun = (string)cmdlet.ConstructorArguments[1].Value!;
        SupportsShouldProcess = Named(cmdlet, "SupportsShouldProcess") is true;
        // ConfirmImpact is an enum: Medium (2) unless set. None=0, Low=1, Medium=2, High=3.
        ConfirmImpact = Named(cmdlet, "ConfirmImpact") is int impact ? ImpactName(impact) : "Medium";
        DefaultParameterSetName = Named(cmdlet, "DefaultParameterSetName") as string;

        OutputTypeNames = type.GetCustomAttributesData()
            .Where(a => a.AttributeType.FullName == Sma + "OutputTypeAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> items ? items.Select(i => i.Value) : new[] { arg.Value })
            .Select(v => v is Type t ? t.FullName! : (string)v!)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        HasOutputType = type.GetCustomAttributesData().Any(a => a.AttributeType.FullName == Sma + "OutputTypeAttribute");

        Parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Attributes: p.GetCustomAttributesData()))
            .Where(p => p.Attributes.Any(a => a.AttributeType.FullName == Sma + "ParameterAttribute"))
            .Select(p => new ParameterDescription(p.Property, p.Attributes))
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToArray();
    }

    public Type Type { get; }
    public string Verb { get; }
    public string Noun { get; }
    public string Name => Verb + "-" + Noun;
    public bool SupportsShouldProcess { get; }
    public string ConfirmImpact { get; }
    public string? DefaultParameterSetName { get; }
    public bool HasOutputType { get; }
    public string[] OutputTypeNames { get; }
    public ParameterDescription[] Parameters { get; }

    /// <summary>Parameters a help entry must document: the declared ones, plus WhatIf/Confirm when ShouldProcess adds them.</summary>
    public IEnumerable<string> DocumentedParameterNames =>
        Parameters.Select(p => p.Name).Concat(SupportsShouldProcess ? new[] { "WhatIf", "Confirm" } : Array.Empty<string>());

    public override string ToString() => Name;

    private static object? Named(CustomAttributeData attribute, string name) =>
        attribute.NamedArguments.Where(n => n.MemberName == name).Select(n => n.TypedValue.Value).FirstOrDefault();

    private static string ImpactName(int value) => value switch { 0 => "None", 1 => "Low", 2 => "Medium", 3 => "High", _ => value.ToString() };
}
