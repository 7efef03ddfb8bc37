using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Loader;

// Usage: PkiRevocation.LoadHost <module folder> <certificate file> [conflict]
// Loads the packaged module as PowerShell 7 does (Assembly.LoadFrom of the nested PkiRevocation.Loader.dll and its
// initializer's ModuleDependencies.Register, then Assembly.LoadFrom of the RootModule, then the engine by name as the cmdlets reference it), reads the certificate file through the engine (which needs BouncyCastle), and prints
// where each assembly of interest came from: "assembly|version|load context|location", then "certificates|N".
// With "conflict", another module's BouncyCastle.Cryptography (version 1.0.0.0, unsigned) is loaded first; with "after",
// it is loaded after ours, and another version of ours is asked for by name, as another module would.
var moduleDir = Path.GetFullPath(args[0]);
var certificateFile = args[1];

if (args.Length > 2 && args[2] == "conflict")
{
    var other = EmitOtherModulesBouncyCastle(Path.Combine(Path.GetTempPath(), "pkirev-loadhost-" + Environment.ProcessId));
    var loaded = Assembly.LoadFrom(other);
    Console.WriteLine($"preloaded|{loaded.GetName().Version}|{AssemblyLoadContext.GetLoadContext(loaded)?.Name}|{loaded.Location}");
}

// The manifest's nested module first (it installs the isolation), then the root module.
var loader = Assembly.LoadFrom(Path.Combine(moduleDir, "PkiRevocation.Loader.dll"));
loader.GetType("PkiRevocation.Loading.ModuleDependencies", throwOnError: true)!
    .GetMethod("Register", BindingFlags.Public | BindingFlags.Static)!
    .Invoke(null, new object[] { moduleDir });
var cmdlets = Assembly.LoadFrom(Path.Combine(moduleDir, "PkiRevocation.dll"));

// The engine as the cmdlets' reference to it binds: by name through the default context (whose resolving handler the
// registration installed), not by path.
var engine = Assembly.Load(new AssemblyName("PkiRevocation.Engine"));
var reader = engine.GetType("PkiRevocation.Certificates.CertificateFileReader", throwOnError: true)!;
var outcome = reader.GetMethod("Read")!.Invoke(null, new object?[] { certificateFile, null })!;
var result = outcome.GetType().GetProperty("Result")!.GetValue(outcome) as System.Collections.ICollection;
var failure = outcome.GetType().GetProperty("Failure")!.GetValue(outcome);
var json = engine.GetType("PkiRevocation.Configuration.EngineJson", throwOnError: true)!.GetProperty("Options")!.GetValue(null)!;

foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies()
             .Where(a => a.GetName().Name is "BouncyCastle.Cryptography" or "System.Text.Json" or "PkiRevocation.Engine" or "PkiRevocation" or "PkiRevocation.Resolver")
             .OrderBy(a => a.GetName().Name, StringComparer.Ordinal))
    Console.WriteLine($"{assembly.GetName().Name}|{assembly.GetName().Version}|{AssemblyLoadContext.GetLoadContext(assembly)?.Name}|{assembly.Location}");
Console.WriteLine($"engineBouncyCastle|{engine.GetReferencedAssemblies().First(a => a.Name == "BouncyCastle.Cryptography").Version}");
Console.WriteLine($"jsonOptions|{AssemblyLoadContext.GetLoadContext(json.GetType().Assembly)?.Name}");
Console.WriteLine($"certificates|{result?.Count ?? -1}|{failure}");

if (args.Length > 2 && args[2] == "after")
{
    var other = Assembly.LoadFrom(EmitOtherModulesBouncyCastle(Path.Combine(Path.GetTempPath(), "pkirev-loadhost-" + Environment.ProcessId)));
    Console.WriteLine($"postloaded|{other.GetName().Version}|{AssemblyLoadContext.GetLoadContext(other)?.Name}|{other.Location}");
    try
    {
        // Our signer (BouncyCastle's public key token), another version: another module's request, not ours to answer.
        var ours = AppDomain.CurrentDomain.GetAssemblies().First(a => a.GetName().Name == "BouncyCastle.Cryptography" && a.GetName().GetPublicKeyToken()?.Length > 0).GetName();
        var foreign = Assembly.Load(new AssemblyName(ours.FullName) { Version = new Version(1, 9, 0, 0) });
        Console.WriteLine($"foreign|{foreign.GetName().Version}|{AssemblyLoadContext.GetLoadContext(foreign)?.Name}|{foreign.Location}");
    }
    catch (Exception e) when (e is FileNotFoundException or FileLoadException)
    {
        Console.WriteLine($"foreign|{e.GetType().Name}");
    }
}
return 0;

static string EmitOtherModulesBouncyCastle(string directory)
{
    Directory.CreateDirectory(directory);
    var builder = new PersistedAssemblyBuilder(new AssemblyName("BouncyCastle.Cryptography") { Version = new Version(1, 0, 0, 0) }, typeof(object).Assembly);
    var module = builder.DefineDynamicModule("BouncyCastle.Cryptography");
    module.DefineType("Org.BouncyCastle.OtherModulesMarker", TypeAttributes.Public | TypeAttributes.Class).CreateType();
    var path = Path.Combine(directory, "BouncyCastle.Cryptography.dll");
    builder.Save(path);
    return path;
}
