using System.Reflection;
using System.Runtime.InteropServices;
using PkiRevocation.TestSupport;

namespace PkiRevocation.Tests.Surface;

/// <summary>
/// The compiled module as PowerShell would see it, read without PowerShell: the assemblies of out/PkiRevocation/
/// (root and Dependencies/) inspected through System.Reflection.MetadataLoadContext, with the PowerShellStandard
/// reference assembly and the runtime's facades to resolve System.Management.Automation and netstandard.
/// Generic: every [Cmdlet] type of every module assembly is found, whoever wrote it.
/// </summary>
public sealed class ModuleSurface
{
    private static readonly Lazy<ModuleSurface> Shared = new(() => new ModuleSurface(Tools.RepoRoot));

    public static ModuleSurface Instance => Shared.Value;

    /// <summary>The PowerShellStandard.Library version the cmdlet project references: read from its csproj, the one
    /// place it is declared, so the surface is always inspected against the reference assembly the module compiles with.</summary>
    public static string PowerShellStandardVersion(string repoRoot)
    {
        var project = File.ReadAllText(Path.Combine(repoRoot, "src", "PkiRevocation", "PkiRevocation.csproj"));
        var match = System.Text.RegularExpressions.Regex.Match(project, @"Include=""PowerShellStandard\.Library""\s+Version=""([^""]+)""");
        if (!match.Success)
            throw new InvalidOperationException("src/PkiRevocation/PkiRevocation.csproj names no PowerShellStandard.Library version.");
        return match.Groups[1].Value.ToLowerInvariant();
    }

    private ModuleSurface(string repoRoot)
    {
        RepoRoot = repoRoot;
        ModuleDirectory = Path.Combine(repoRoot, "out", "PkiRevocation");
        if (!File.Exists(Path.Combine(ModuleDirectory, "PkiRevocation.dll")))
            throw new InvalidOperationException($"No built module at {ModuleDirectory}: build src/PkiRevocation first (its LayoutModule target lays it out).");

        SystemManagementAutomationPath = Path.Combine(NuGetPackages, "powershellstandard.library", PowerShellStandardVersion(repoRoot), "lib", "netstandard2.0", "System.Management.Automation.dll");
        if (!File.Exists(SystemManagementAutomationPath))
            throw new InvalidOperationException("PowerShellStandard.Library reference assembly not found at " + SystemManagementAutomationPath);

        RootAssemblyPaths = Directory.GetFiles(ModuleDirectory, "*.dll").OrderBy(p => p, StringComparer.Ordinal).ToArray();
        var dependencies = Path.Combine(ModuleDirectory, "Dependencies");
        DependencyAssemblyPaths = Directory.Exists(dependencies)
            ? Directory.GetFiles(dependencies, "*.dll").OrderBy(p => p, StringComparer.Ordinal).ToArray()
            : Array.Empty<string>();

        // Module assemblies first so they win over same-named runtime files; then SMA; then the runtime's facades.
        var runtime = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll");
        var resolverPaths = RootAssemblyPaths.Concat(DependencyAssemblyPaths).Append(SystemManagementAutomationPath)
            .Concat(runtime.Where(p => !RootAssemblyPaths.Concat(DependencyAssemblyPaths).Any(m => Path.GetFileName(m).Equals(Path.GetFileName(p), StringComparison.OrdinalIgnoreCase))));
        Context = new MetadataLoadContext(new PathAssemblyResolver(resolverPaths), "System.Private.CoreLib");

        ModuleAssemblies = RootAssemblyPaths
            .Where(IsManagedAssembly)
            .Select(p => Context.LoadFromAssemblyPath(p))
            .ToArray();
        Automation = Context.LoadFromAssemblyPath(SystemManagementAutomationPath);
        Cmdlets = ModuleAssemblies
            .SelectMany(SafeTypes)
            .Where(t => t.IsClass && t.GetCustomAttributesData().Any(a => a.AttributeType.FullName == "System.Management.Automation.CmdletAttribute"))
            .Select(t => new CmdletDescription(t))
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ToArray();
    }

    public string RepoRoot { get; }
    public string ModuleDirectory { get; }
    public string SystemManagementAutomationPath { get; }
    public string[] RootAssemblyPaths { get; }
    public string[] DependencyAssemblyPaths { get; }
    public MetadataLoadContext Context { get; }
    public Assembly[] ModuleAssemblies { get; }
    public Assembly Automation { get; }
    public CmdletDescription[] Cmdlets { get; }

    /// <summary>The cmdlet assembly named by the manifest's RootModule.</summary>
    public Assembly CmdletAssembly => ModuleAssemblies.Single(a => a.GetName().Name == "PkiRevocation");

    /// <summary>A public type of the module's root assemblies (the ones PowerShell's type resolution sees) by full name.</summary>
    public Type? FindPublicType(string fullName) =>
        ModuleAssemblies.Select(a => a.GetType(fullName, throwOnError: false)).FirstOrDefault(t => t != null && t.IsPublic);

    public static string NuGetPackages =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    internal static IEnumerable<Type> SafeTypes(Assembly assembly)
    {
        try { return assembly.GetTypes(); }
        catch (ReflectionTypeLoadException e)
        {
            throw new InvalidOperationException($"{assembly.GetName().Name}: types cannot be resolved from the module layout: " +
                string.Join("; ", e.LoaderExceptions.Select(x => x?.Message).Distinct()), e);
        }
    }

    internal static bool IsManagedAssembly(string path)
    {
        try { AssemblyName.GetAssemblyName(path); return true; }
        catch (BadImageFormatException) { return false; }
    }
}
