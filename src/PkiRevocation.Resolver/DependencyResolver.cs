using System;
using System.Reflection;
using System.Runtime.Loader;

namespace PkiRevocation.Loading
{
    /// <summary>
    /// PowerShell 7: loads PkiRevocation.Engine.dll into <see cref="DependencyLoadContext"/> and hooks
    /// AssemblyLoadContext.Default.Resolving so that the cmdlets' reference to the engine, and the module's requests for
    /// its third-party assemblies, are served from there. The engine lives in the private context because the default
    /// context binds a name to whatever copy is already loaded in it: another module's BouncyCastle.Cryptography 2.4.0
    /// or MimeKit 4.18.0, loaded first, carries the same assembly version as ours and would otherwise be bound to our
    /// engine (tests/Pester/Isolation.Tests.ps1). The handler runs only after the default context failed to find an
    /// assembly, and it answers only for the engine and for the exact name, version and public key token we ship, so
    /// a request from another module for another version is left to that module.
    /// Called by PkiRevocation.dll (ModuleDependencies) through reflection, by path, on .NET 8 and later only.
    /// </summary>
    public static class DependencyResolver
    {
        private static readonly object Gate = new object();
        private static DependencyLoadContext? _context;
        private static bool _registered;

        /// <summary>The load context, once registered.</summary>
        public static DependencyLoadContext? Context => _context;

        /// <summary>The engine assembly as the module uses it (in <see cref="Context"/>), once registered.</summary>
        public static Assembly? Engine => _context?.Engine;

        /// <summary>Installs the handler. Idempotent: a second Import-Module reuses the same context.</summary>
        public static void Register(string dependencyDirectory)
        {
            lock (Gate)
            {
                if (_context == null)
                    _context = new DependencyLoadContext(dependencyDirectory);
                else if (!string.Equals(_context.DependencyDirectory, dependencyDirectory, StringComparison.Ordinal))
                    throw new InvalidOperationException(
                        $"PkiRevocation is already loaded from '{_context.DependencyDirectory}'; start a new session to load it from '{dependencyDirectory}'.");
                if (_registered) return;
                AssemblyLoadContext.Default.Resolving += OnDefaultResolving;
                _registered = true;
            }
        }

        /// <summary>Removes the handler (Remove-Module). Assemblies already loaded stay loaded, as .NET requires.</summary>
        public static void Unregister()
        {
            lock (Gate)
            {
                if (!_registered) return;
                AssemblyLoadContext.Default.Resolving -= OnDefaultResolving;
                _registered = false;
            }
        }

        /// <summary>What the handler answers for <paramref name="requested"/>: our assembly from the private context, or null.</summary>
        public static Assembly? Resolve(AssemblyName requested)
        {
            var context = _context;
            if (context == null) return null;
            if (context.IsEngine(requested)) return context.Engine;
            if (context.Catalog.Match(requested, allowOlderRequest: false) == null) return null;
            // The platform's own copy wins (the context would defer to it anyway): never a second copy, never a loop.
            if (DependencyLoadContext.PlatformProvides(requested)) return null;
            return context.LoadFromAssemblyName(requested);
        }

        private static Assembly? OnDefaultResolving(AssemblyLoadContext defaultContext, AssemblyName requested) => Resolve(requested);
    }
}
