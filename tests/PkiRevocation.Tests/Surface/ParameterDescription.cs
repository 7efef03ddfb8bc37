using System.Reflection;

namespace PkiRevocation.Tests.Surface;

/// <summary>One cmdlet parameter as read from metadata.</summary>
public sealed class ParameterDescription
{
    public ParameterDescription(PropertyInfo property, IList<CustomAttributeData> attributes)
    {
        Name = property.Name;
        TypeName = DisplayName(property.PropertyType);
        var nullable = property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition().FullName == "System.Nullable`1";
        AcceptedTypeNames = nullable ? new[] { TypeName, DisplayName(property.PropertyType.GetGenericArguments()[0]) } : new[] { TypeName };
        Aliases = attributes
            .Where(a => a.AttributeType.FullName == "System.Management.Automation.AliasAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> items ? items.Select(i => (string)i.Value!) : new[] { (string)arg.Value! })
            .ToArray();
        var parameterAttributes = attributes.Where(a => a.AttributeType.FullName == "System.Management.Automation.ParameterAttribute").ToArray();
        Mandatory = parameterAttributes.Any(a => a.NamedArguments.Any(n => n.MemberName == "Mandatory" && n.TypedValue.Value is true));
        ValueFromPipeline = parameterAttributes.Any(a => a.NamedArguments.Any(n => n.MemberName == "ValueFromPipeline" && n.TypedValue.Value is true));
        ValueFromPipelineByPropertyName = parameterAttributes.Any(a => a.NamedArguments.Any(n => n.MemberName == "ValueFromPipelineByPropertyName" && n.TypedValue.Value is true));
        ArgumentCompleterTypes = attributes
            .Where(a => a.AttributeType.FullName == "System.Management.Automation.ArgumentCompleterAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .Select(arg => arg.Value as Type)
            .Where(t => t != null)
            .Cast<Type>()
            .ToArray();
    }

    public string Name { get; }
    /// <summary>The .NET type as help shows it: System.String[], System.Nullable`1[System.Int32], PkiRevocation.Net.StartTlsProtocol.</summary>
    public string TypeName { get; }

    /// <summary>Type names a help entry may give (for Nullable&lt;T&gt;, T too).</summary>
    public string[] AcceptedTypeNames { get; }
    public string[] Aliases { get; }
    public bool Mandatory { get; }
    public bool ValueFromPipeline { get; }
    public bool ValueFromPipelineByPropertyName { get; }
    public Type[] ArgumentCompleterTypes { get; }

    public override string ToString() => Name;

    internal static string DisplayName(Type type)
    {
        if (type.IsArray) return DisplayName(type.GetElementType()!) + "[]";
        if (!type.IsGenericType) return type.FullName ?? type.Name;
        var definition = type.GetGenericTypeDefinition().FullName!;
        return definition + "[" + string.Join(",", type.GetGenericArguments().Select(DisplayName)) + "]";
    }
}
