using System.Reflection;
using PkiRevocation.Tests.Surface;
using Xunit;

namespace PkiRevocation.Tests.Module;

/// <summary>
/// BouncyCastle stays behind the engine: no public engine type, member, parameter or base type names an
/// Org.BouncyCastle type, so the move from BouncyCastle 1.8.10 (the old portable package) to BouncyCastle.Cryptography 2.7.0 stayed mechanical
/// and scripts never see BC objects.
/// </summary>
public sealed class EngineApiTests
{
    private static bool IsBouncyCastle(Type type) =>
        type.FullName?.StartsWith("Org.BouncyCastle", StringComparison.Ordinal) == true
        || (type.HasElementType && IsBouncyCastle(type.GetElementType()!))
        || (type.IsGenericType && type.GetGenericArguments().Any(IsBouncyCastle));

    private static IEnumerable<Type> SignatureTypes(MemberInfo member) => member switch
    {
        MethodInfo method => method.GetParameters().Select(p => p.ParameterType).Append(method.ReturnType),
        ConstructorInfo constructor => constructor.GetParameters().Select(p => p.ParameterType),
        PropertyInfo property => new[] { property.PropertyType },
        FieldInfo field => new[] { field.FieldType },
        EventInfo @event => @event.EventHandlerType == null ? Array.Empty<Type>() : new[] { @event.EventHandlerType },
        _ => Array.Empty<Type>(),
    };

    [Fact]
    public void PublicEngineApi_NamesNoBouncyCastleType()
    {
        var engine = ModuleSurface.Instance.ModuleAssemblies.Single(a => a.GetName().Name == "PkiRevocation.Engine");
        var exported = engine.GetExportedTypes();
        Assert.NotEmpty(exported);
        var leaks = new List<string>();
        foreach (var type in exported)
        {
            if (type.BaseType != null && IsBouncyCastle(type.BaseType)) leaks.Add($"{type.FullName}: base type {type.BaseType.FullName}");
            leaks.AddRange(type.GetInterfaces().Where(IsBouncyCastle).Select(i => $"{type.FullName}: implements {i.FullName}"));
            const BindingFlags visible = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetMembers(visible))
                leaks.AddRange(SignatureTypes(member).Where(IsBouncyCastle).Select(t => $"{type.FullName}.{member.Name}: {t.FullName}"));
        }

        Assert.True(leaks.Count == 0, "BouncyCastle types in the public engine API:\n" + string.Join("\n", leaks));
    }
}
