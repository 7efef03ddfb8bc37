using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace PkiRevocation.Loading
{
    /// <summary>
    /// Picks the isolation for the running edition. PowerShell 7.4+ (.NET 8+): PkiRevocation.Resolver.dll (net8.0)
    /// is loaded by path and hooks a private AssemblyLoadContext over Dependencies/. Windows PowerShell 5.1, and
    /// PowerShell 7.0-7.3 whose runtime cannot load a net8.0 assembly: an AssemblyResolve handler limited to
    /// Dependencies/ (it finds our assemblies but cannot keep two versions apart). On PowerShell 7.4+ the engine
    /// (PkiRevocation.Engine.dll, the output types) is loaded in the private context too; elsewhere it stays in the
    /// default one.
    /// No PowerShell type is used here, so a host test can call it without System.Management.Automation.
    /// </summary>
    internal static class ModuleDependencies
    {
        public const string DependencyFolder = "Dependencies";
        public const string ResolverAssembly = "PkiRevocation.Resolver.dll";
        public const string ResolverType = "PkiRevocation.Loading.DependencyResolver";

        /// <summary>The .NET major version the resolver is built for.</summary>
        public const int ResolverRuntimeMajor = 8;

        public static bool IsNetFramework => RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        /// <summary>True when the private load context can be used: .NET (Core) 8 or later.</summary>
        public static bool UsesLoadContext => !IsNetFramework && Environment.Version.Major >= ResolverRuntimeMajor;

        public static void Register(string moduleDirectory)
        {
            var dependencies = Path.Combine(moduleDirectory, DependencyFolder);
            if (!UsesLoadContext)
                AssemblyResolveHandler.Register(dependencies);
            else
                ResolverMethod(moduleDirectory, "Register").Invoke(null, new object[] { dependencies });
        }

        public static void Unregister(string moduleDirectory)
        {
            if (!UsesLoadContext)
                AssemblyResolveHandler.Unregister();
            else
                ResolverMethod(moduleDirectory, "Unregister").Invoke(null, null);
        }

        /// <summary>The engine assembly the private load context holds (PowerShell 7.4+), or null where it is in the default context.</summary>
        public static Assembly? PrivateEngine(string moduleDirectory)
        {
            if (!UsesLoadContext) return null;
            var type = Assembly.LoadFrom(Path.Combine(moduleDirectory, ResolverAssembly)).GetType(ResolverType, throwOnError: true)!;
            return type.GetProperty("Engine", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as Assembly;
        }

        private static MethodInfo ResolverMethod(string moduleDirectory, string name)
        {
            var path = Path.Combine(moduleDirectory, ResolverAssembly);
            var type = Assembly.LoadFrom(path).GetType(ResolverType, throwOnError: true)!;
            return type.GetMethod(name, BindingFlags.Public | BindingFlags.Static)
                ?? throw new MissingMethodException(ResolverType, name);
        }
    }
}
