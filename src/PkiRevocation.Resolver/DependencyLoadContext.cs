using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;

namespace PkiRevocation.Loading
{
    /// <summary>
    /// The module's private load context: PkiRevocation.Engine.dll from the module folder, and Dependencies/.
    /// The engine, BouncyCastle, MailKit, MimeKit and the rest are loaded here, so another module's copy in the default
    /// context cannot replace ours and ours cannot replace theirs.
    /// An assembly the platform already provides in a compatible version (System.Memory, System.Buffers …, or
    /// whatever PowerShell itself ships) is left to the default context: a second copy would split type identity.
    /// </summary>
    public sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private static readonly Lazy<Dictionary<string, string>> PlatformAssemblies = new Lazy<Dictionary<string, string>>(ReadPlatformAssemblies);

        /// <summary>The engine's simple name: the one module assembly this context loads from the module folder.</summary>
        public const string EngineName = "PkiRevocation.Engine";

        internal DependencyLoadContext(string dependencyDirectory)
            : base("PkiRevocation.Dependencies", isCollectible: false)
        {
            Catalog = new DependencyCatalog(dependencyDirectory);
            // An engine already in the default context (a host that references it, as the xunit tests do) stays the only
            // one: a second copy here would split type identity.
            var enginePath = Path.Combine(Path.GetDirectoryName(dependencyDirectory)!, EngineName + ".dll");
            var engineLoaded = Default.Assemblies.Any(a => string.Equals(a.GetName().Name, EngineName, StringComparison.OrdinalIgnoreCase));
            if (File.Exists(enginePath) && !engineLoaded) Engine = LoadFromAssemblyPath(enginePath);
        }

        /// <summary>PkiRevocation.Engine.dll, loaded here; null where the folder holds none.</summary>
        public Assembly? Engine { get; }

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
            if (IsEngine(assemblyName)) return Engine;
            var path = Catalog.Match(assemblyName, allowOlderRequest: true);
            if (path == null || PlatformProvides(assemblyName)) return null;   // null: the default context answers
            return LoadFromAssemblyPath(path);
        }

        /// <summary>True for a request of the engine by name (any version: there is one engine per module folder).</summary>
        public bool IsEngine(AssemblyName name) => Engine != null && string.Equals(name.Name, EngineName, StringComparison.OrdinalIgnoreCase);

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
