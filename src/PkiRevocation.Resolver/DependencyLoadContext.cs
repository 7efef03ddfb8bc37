using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace PkiRevocation.Loading
{
    /// <summary>
    /// The module's private load context over Dependencies/. BouncyCastle, System.Text.Json and the rest are loaded
    /// here, so another module's copy in the default context cannot replace ours and ours cannot replace theirs.
    /// An assembly the platform already provides in a compatible version (System.Memory, System.Buffers …, or
    /// whatever PowerShell itself ships) is left to the default context: a second copy would split type identity.
    /// </summary>
    public sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private static readonly Lazy<Dictionary<string, string>> PlatformAssemblies = new Lazy<Dictionary<string, string>>(ReadPlatformAssemblies);

        internal DependencyLoadContext(string dependencyDirectory)
            : base("PkiRevocation.Dependencies", isCollectible: false)
        {
            Catalog = new DependencyCatalog(dependencyDirectory);
        }

        public string DependencyDirectory => Catalog.Directory;

        internal DependencyCatalog Catalog { get; }

        /// <summary>True when the runtime's trusted platform assemblies hold <paramref name="name"/> in this version or newer.</summary>
        public static bool PlatformProvides(AssemblyName name)
        {
            if (name.Name == null || !PlatformAssemblies.Value.TryGetValue(name.Name, out var path)) return false;
            if (name.Version == null) return true;
            try { return AssemblyName.GetAssemblyName(path).Version >= name.Version; }
            catch (Exception e) when (e is IOException || e is BadImageFormatException) { return false; }
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = Catalog.Match(assemblyName, allowOlderRequest: true);
            if (path == null || PlatformProvides(assemblyName)) return null;   // null: the default context answers
            return LoadFromAssemblyPath(path);
        }

        private static Dictionary<string, string> ReadPlatformAssemblies()
        {
            var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list)
                foreach (var path in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                    result[Path.GetFileNameWithoutExtension(path)] = path;
            return result;
        }
    }
}
