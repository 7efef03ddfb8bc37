using System.Reflection;

namespace PkiRevocation.Tests.Surface;

/// <summary>One cmdlet parameter as read from metadata.</summary>
public sealed class ParameterDescription
{
    public ParameterDescription(PropertyInfo property, IList<CustomAttributeData> attributes)
    {
        Name = property.Name;
        TypeName = property.PropertyType.FullName ?? property.PropertyType.Name;
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
    public string TypeName { get; }
    public string[] Aliases { get; }
    public bool Mandatory { get; }
    public bool ValueFromPipeline { get; }
    public bool ValueFromPipelineByPropertyName { get; }
    public Type[] ArgumentCompleterTypes { get; }

    public override string ToString() => Name;
}
