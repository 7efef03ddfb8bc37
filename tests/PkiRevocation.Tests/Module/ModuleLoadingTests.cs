using System.Reflection;
using PkiRevocation.TestSupport;
using PkiRevocation.Tests.Surface;
using Xunit;
using static PkiRevocation.Tests.Module.CmdletSurfaceTests;

namespace PkiRevocation.Tests.Module;

/// <summary>
/// Dependency isolation (issue 7): the packaged layout, and the load behaviour on this runtime (.NET 10) through a
/// stand-in host that loads out/PkiRevocation/ the way PowerShell 7 does (Assembly.LoadFrom of the nested
/// PkiRevocation.Loader.dll and its initializer's registration, then of the RootModule). tests/Pester/Isolation.Tests.ps1
/// shows the same in pwsh with the real BouncyCastle 2.4.0 and MimeKit 4.18.0 loaded first. What only pwsh or Windows PowerShell can show is listed in the lead's report.
/// </summary>
public sealed class ModuleLoadingTests
{
    private static readonly string[] ModuleAssemblies = { "PkiRevocation.dll", "PkiRevocation.Engine.dll", "PkiRevocation.Loader.dll", "PkiRevocation.Resolver.dll" };

    private static ModuleSurface Module => ModuleSurface.Instance;

    [Fact]
    public void Layout_ModuleAssembliesInTheRoot_EveryThirdPartyAssemblyInDependencies()
    {
        var root = Module.RootAssemblyPaths.Select(Path.GetFileName).ToArray();
        Assert.Equal(ModuleAssemblies.OrderBy(n => n, StringComparer.Ordinal), root.OrderBy(n => n, StringComparer.Ordinal));
        var dependencies = Module.DependencyAssemblyPaths.Select(Path.GetFileName).ToArray();
        Assert.Contains("BouncyCastle.Cryptography.dll", dependencies);
        Assert.Contains("System.Text.Json.dll", dependencies);
        Assert.DoesNotContain(dependencies, d => d!.StartsWith("PkiRevocation", StringComparison.Ordinal));
        Assert.DoesNotContain(dependencies, d => d == "System.Management.Automation.dll");
        // The package's netstandard2.0 file only throws PlatformNotSupportedException: the host's copy must be used.
        Assert.DoesNotContain(dependencies, d => d == "System.DirectoryServices.Protocols.dll");
    }

    [Fact]
    public void Layout_EveryAssemblyReference_IsSatisfiedByTheLayoutOrThePlatform()
    {
        var shipped = Module.RootAssemblyPaths.Concat(Module.DependencyAssemblyPaths)
            .ToDictionary(p => AssemblyName.GetAssemblyName(p).Name!, p => (Path: p, Name: AssemblyName.GetAssemblyName(p)));
        var problems = new List<string>();
        foreach (var (name, (path, assemblyName)) in shipped)
        {
            var inRoot = Path.GetDirectoryName(path) == Module.ModuleDirectory.TrimEnd(Path.DirectorySeparatorChar);
            foreach (var reference in Module.Context.LoadFromAssemblyPath(path).GetReferencedAssemblies())
            {
                if (!shipped.TryGetValue(reference.Name!, out var target))
                {
                    if (!IsPlatform(reference.Name!)) problems.Add($"{name} references {reference.FullName}, which is neither in the layout nor part of the platform");
                    continue;
                }
                if (target.Name.Version < reference.Version) problems.Add($"{name} needs {reference.FullName}, the layout has {target.Name.Version}");
                var targetInDependencies = target.Path.StartsWith(Path.Combine(Module.ModuleDirectory, "Dependencies"), StringComparison.Ordinal);
                // PowerShell 7's handler answers a request from the default context only for the exact version we ship.
                if (inRoot && targetInDependencies && target.Name.Version != reference.Version)
                    problems.Add($"{name} (module root) references {reference.FullName} but Dependencies/ has {target.Name.Version}: the load context answers exact versions only");
            }
        }
        AssertNone(problems);
    }

    [Fact]
    public void LoaderAssembly_IsTheFirstNestedModule_HasTheModuleInitializer_AndNoStaticReferenceToTheResolverOrEngine()
    {
        var manifest = File.ReadAllText(Path.Combine(Module.ModuleDirectory, "PkiRevocation.psd1"));
        Assert.Matches(@"NestedModules\s*=\s*@\('PkiRevocation\.Loader\.dll'\)", manifest);
        var loader = Module.Context.LoadFromAssemblyPath(Path.Combine(Module.ModuleDirectory, "PkiRevocation.Loader.dll"));
        // PowerShell reads the cmdlets' attributes (engine types) before their assembly's initializer runs: the
        // isolation must come from the nested module, and the cmdlet assembly must not carry an initializer of its own.
        Assert.DoesNotContain(ModuleSurface.SafeTypes(Module.CmdletAssembly), t => t.GetInterfaces().Any(i => i.FullName == "System.Management.Automation.IModuleAssemblyInitializer"));
        Assert.DoesNotContain(loader.GetReferencedAssemblies(), r => r.Name is "PkiRevocation.Engine" or "PkiRevocation.Resolver" or "BouncyCastle.Cryptography");
        var initializers = ModuleSurface.SafeTypes(loader)
            .Where(t => t.IsPublic && t.GetInterfaces().Any(i => i.FullName == "System.Management.Automation.IModuleAssemblyInitializer"))
            .ToArray();
        var initializer = Assert.Single(initializers);
        Assert.Contains(initializer.GetInterfaces(), i => i.FullName == "System.Management.Automation.IModuleAssemblyCleanup");
        // Windows PowerShell 5.1 cannot load a net8.0 assembly: the module must only reach it by path on PowerShell 7.
        Assert.DoesNotContain(Module.CmdletAssembly.GetReferencedAssemblies(), r => r.Name == "PkiRevocation.Resolver");
        var resolver = Module.Context.LoadFromAssemblyPath(Path.Combine(Module.ModuleDirectory, "PkiRevocation.Resolver.dll"));
        Assert.DoesNotContain(resolver.GetReferencedAssemblies(), r => r.Name is "System.Management.Automation" or "PkiRevocation.Engine" or "BouncyCastle.Cryptography");
    }

    [Fact]
    public void Import_LikePowerShell7_LoadsTheEngineAndBouncyCastleInThePrivateContext()
    {
        using var temp = new TempDirectory();
        var lines = RunHost(temp, null);
        // BouncyCastle.Cryptography keeps the assembly version 2.0.0.0 for every 2.x release (2.7.0 ships it).
        Assert.Equal(("2.0.0.0", "PkiRevocation.Dependencies"), Where(lines, "BouncyCastle.Cryptography"));
        Assert.StartsWith(Path.Combine(Module.ModuleDirectory, "Dependencies"), Location(lines, "BouncyCastle.Cryptography"));
        // The engine too: the default context would bind it to another module's BouncyCastle 2.x already loaded there
        // (same assembly version). Scripts still name its types through type accelerators (ModuleInitializer).
        Assert.Equal("PkiRevocation.Dependencies", Where(lines, "PkiRevocation.Engine").Context);
        Assert.Equal(Path.Combine(Module.ModuleDirectory, "PkiRevocation.Engine.dll"), Location(lines, "PkiRevocation.Engine"));
        Assert.Equal("Default", Where(lines, "System.Text.Json").Context);          // the platform's newer copy, never a second one
        Assert.Contains("certificates|1|", lines);
    }

    [Fact]
    public void Import_AfterAnotherModuleLoadedAnotherBouncyCastle_StillUsesOurs()
    {
        using var temp = new TempDirectory();
        var lines = RunHost(temp, "conflict");
        Assert.Contains(lines, l => l.StartsWith("preloaded|1.0.0.0|Default|", StringComparison.Ordinal));
        var bouncyCastles = lines.Where(l => l.StartsWith("BouncyCastle.Cryptography|", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, bouncyCastles.Length);
        Assert.Contains(bouncyCastles, l => l.StartsWith("BouncyCastle.Cryptography|2.0.0.0|PkiRevocation.Dependencies|", StringComparison.Ordinal));
        Assert.Contains("certificates|1|", lines);
    }

    [Fact]
    public void Import_ThenAnotherModule_GetsItsOwnBouncyCastle_AndNoneOfOursForOtherVersions()
    {
        using var temp = new TempDirectory();
        var lines = RunHost(temp, "after");
        Assert.Contains(lines, l => l.StartsWith("postloaded|1.0.0.0|Default|", StringComparison.Ordinal));
        Assert.Contains("foreign|FileNotFoundException", lines);
    }

    [Fact]
    public void Resolver_LeavesEveryOtherRequestAlone()
    {
        // In this test process BouncyCastle.Cryptography 2.7.0 is a platform assembly (TestSupport references it), so the
        // positive case (ours from the private context) is shown by the load-host tests above; here: what it refuses.
        var dependencies = Path.Combine(Module.ModuleDirectory, "Dependencies");
        var shipped = AssemblyName.GetAssemblyName(Path.Combine(dependencies, "BouncyCastle.Cryptography.dll"));
        var older = new AssemblyName(shipped.FullName) { Version = new Version(1, 9, 0, 0) };
        var otherSigner = new AssemblyName("BouncyCastle.Cryptography, Version=" + shipped.Version);
        otherSigner.SetPublicKeyToken(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
        var memory = AssemblyName.GetAssemblyName(Path.Combine(dependencies, "System.Memory.dll"));

        // This host already has the engine in the default context (the test project references it): the resolver must
        // then neither load a second copy nor answer for it.
        var engineHere = typeof(PkiRevocation.Expiry.CertificateExpiry).Assembly;
        Assert.Same(System.Runtime.Loader.AssemblyLoadContext.Default, System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(engineHere));
        PkiRevocation.Loading.DependencyResolver.Register(dependencies);
        try
        {
            Assert.Null(PkiRevocation.Loading.DependencyResolver.Engine);
            Assert.Null(PkiRevocation.Loading.DependencyResolver.Resolve(older));
            Assert.Null(PkiRevocation.Loading.DependencyResolver.Resolve(otherSigner));
            Assert.Null(PkiRevocation.Loading.DependencyResolver.Resolve(new AssemblyName("PkiRevocation.Engine, Version=0.1.0.0")));
            Assert.Null(PkiRevocation.Loading.DependencyResolver.Resolve(new AssemblyName("Not.Shipped, Version=1.0.0.0")));
            // The platform has these in a compatible version: never a second copy, even for the exact version we ship.
            Assert.Null(PkiRevocation.Loading.DependencyResolver.Resolve(shipped));
            Assert.Null(PkiRevocation.Loading.DependencyResolver.Resolve(memory));
            var context = PkiRevocation.Loading.DependencyResolver.Context!;
            Assert.Equal("PkiRevocation.Dependencies", context.Name);
            Assert.Same(System.Runtime.Loader.AssemblyLoadContext.Default,
                System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(context.LoadFromAssemblyName(memory)));
            Assert.Throws<InvalidOperationException>(() => PkiRevocation.Loading.DependencyResolver.Register(Path.GetTempPath()));
        }
        finally
        {
            PkiRevocation.Loading.DependencyResolver.Unregister();
        }
    }

    private static string[] RunHost(TempDirectory temp, string? scenario)
    {
        var root = TestPki.CreateRoot("CN=Load Host Root", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        // PKCS#7 (.p7b): the engine reads it through BouncyCastle, so the load path is exercised for real.
        var p7b = temp.File("root.p7b");
        File.WriteAllBytes(p7b, new System.Security.Cryptography.X509Certificates.X509Certificate2Collection(root.Certificate)
            .Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs7)!);
        var host = Path.Combine(Module.RepoRoot, "tests", "PkiRevocation.LoadHost", "bin", BuildConfiguration, "net10.0", "PkiRevocation.LoadHost.dll");
        Assert.True(File.Exists(host), "the load host is built with this test project: " + host);
        var arguments = new List<string> { host, Module.ModuleDirectory, p7b };
        if (scenario != null) arguments.Add(scenario);
        return ExternalProcess.Run("dotnet", arguments).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>netstandard, mscorlib and the runtime's own assemblies (System.*, PowerShell's System.Management.Automation).</summary>
    private static bool IsPlatform(string name) =>
        name is "netstandard" or "mscorlib" or "System.Management.Automation"
        // Supplied by the host, never shipped (src/PkiRevocation.Engine/PkiRevocation.Engine.csproj): the .NET
        // Framework's own on Windows PowerShell 5.1, the copy PowerShell 7.6 ships beside its runtime.
            or "System.DirectoryServices.Protocols"
        || File.Exists(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), name + ".dll"));

    private static string BuildConfiguration =>
        new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;   // bin/<Configuration>/net10.0/

    private static (string Version, string Context) Where(string[] lines, string assembly)
    {
        var line = Assert.Single(lines, l => l.StartsWith(assembly + "|", StringComparison.Ordinal));
        var parts = line.Split('|');
        return (parts[1], parts[2]);
    }

    private static string Location(string[] lines, string assembly) =>
        Assert.Single(lines, l => l.StartsWith(assembly + "|", StringComparison.Ordinal)).Split('|')[3];
}
