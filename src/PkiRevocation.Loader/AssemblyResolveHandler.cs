using System;
using System.Reflection;

namespace PkiRevocation.Loading
{
    /// <summary>
    /// Windows PowerShell 5.1 (.NET Framework, one load context per AppDomain), and PowerShell 7.0-7.3 (.NET older
    /// than 8, which cannot load PkiRevocation.Resolver.dll): an AppDomain.AssemblyResolve handler that answers only
    /// for assemblies in our Dependencies/ folder. It runs only after the normal probe failed, so
    /// it never replaces an assembly another module resolved itself; it answers a request for our version or an
    /// older one (the binding redirect a module cannot declare), never a newer one.
    /// </summary>
    internal static class AssemblyResolveHandler
    {
        private static readonly object Gate = new object();
        private static DependencyCatalog? _catalog;
        private static bool _registered;

        public static void Register(string dependencyDirectory)
        {
            lock (Gate)
            {
                if (_catalog == null || !string.Equals(_catalog.Directory, dependencyDirectory, StringComparison.OrdinalIgnoreCase))
                    _catalog = new DependencyCatalog(dependencyDirectory);
                if (_registered) return;
                AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
                _registered = true;
            }
        }

        public static void Unregister()
        {
            lock (Gate)
            {
                if (!_registered) return;
                AppDomain.CurrentDomain.AssemblyResolve -= OnAssemblyResolve;
                _registered = false;
            }
        }

        internal static Assembly? Resolve(AssemblyName requested)
        {
            var path = _catalog?.Match(requested, allowOlderRequest: true);
            return path == null ? null : Assembly.LoadFrom(path);
        }

        private static Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args) => Resolve(new AssemblyName(args.Name));
    }
}
