using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace PkiRevocation.Loading
{
    /// <summary>
    /// The third-party assemblies of the module's Dependencies/ folder, by simple name, and the one rule for which
    /// load requests are ours to answer. Compiled into PkiRevocation.dll (Windows PowerShell's resolve handler) and
    /// PkiRevocation.Resolver.dll (PowerShell 7's load context), so both editions follow the same rule.
    /// </summary>
    internal sealed class DependencyCatalog
    {
        private readonly Dictionary<string, (string Path, AssemblyName Name)> _assemblies =
            new Dictionary<string, (string, AssemblyName)>(StringComparer.OrdinalIgnoreCase);

        public DependencyCatalog(string directory)
        {
            Directory = directory;
            if (!System.IO.Directory.Exists(directory)) return;
            foreach (var path in System.IO.Directory.GetFiles(directory, "*.dll"))
            {
                AssemblyName name;
                try { name = AssemblyName.GetAssemblyName(path); }
                catch (BadImageFormatException) { continue; }   // a native library: not ours to resolve here
                if (name.Name == null || name.Name.StartsWith("PkiRevocation", StringComparison.OrdinalIgnoreCase)) continue;
                _assemblies[name.Name] = (path, name);
            }
        }

        public string Directory { get; }

        public int Count => _assemblies.Count;

        public IEnumerable<AssemblyName> Names
        {
            get { foreach (var entry in _assemblies.Values) yield return entry.Name; }
        }

        /// <summary>
        /// The file that answers <paramref name="requested"/>, or null when the request is not ours: another simple
        /// name, another public key token, or a version we do not ship. With <paramref name="allowOlderRequest"/> a
        /// request for an older version is answered by ours (what a binding redirect does); without it only the
        /// exact version is, so a request from another module for another version is left to that module.
        /// </summary>
        public string? Match(AssemblyName requested, bool allowOlderRequest)
        {
            if (requested.Name == null || !_assemblies.TryGetValue(requested.Name, out var shipped)) return null;
            if (!SameToken(requested.GetPublicKeyToken(), shipped.Name.GetPublicKeyToken())) return null;
            if (requested.Version == null || shipped.Name.Version == null) return shipped.Path;
            if (requested.Version == shipped.Name.Version) return shipped.Path;
            return allowOlderRequest && requested.Version < shipped.Name.Version ? shipped.Path : null;
        }

        private static bool SameToken(byte[]? requested, byte[]? shipped)
        {
            // A request without a token (a simple name) accepts any; otherwise the tokens must be equal.
            if (requested == null || requested.Length == 0) return true;
            if (shipped == null || shipped.Length != requested.Length) return false;
            for (var i = 0; i < requested.Length; i++)
                if (requested[i] != shipped[i]) return false;
            return true;
        }
    }
}
