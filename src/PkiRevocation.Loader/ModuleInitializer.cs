using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace PkiRevocation.Loading
{
    /// <summary>
    /// Runs when Import-Module loads PkiRevocation.Loader.dll, the first nested module, before PowerShell loads
    /// PkiRevocation.dll: installs the dependency isolation for the running edition (see <see cref="ModuleDependencies"/>).
    /// Remove-Module takes the handler away again.
    /// On PowerShell 7 the engine lives in the module's private load context, where PowerShell does not look up type
    /// names; each public engine type is therefore made a type accelerator under its full name, so scripts still write
    /// [PkiRevocation.Expiry.CertificateExpiry] (the way about_Classes_and_Modules exports types).
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly object Gate = new object();
        private static bool _accelerated;

        private static string ModuleDirectory => Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;

        public void OnImport()
        {
            ModuleDependencies.Register(ModuleDirectory);
            var engine = ModuleDependencies.PrivateEngine(ModuleDirectory);
            if (engine != null) AddTypeAccelerators(engine);
        }

        public void OnRemove(PSModuleInfo psModuleInfo) => ModuleDependencies.Unregister(ModuleDirectory);

        // Type accelerators are one table for the whole process, shared by every runspace (ForEach-Object -Parallel,
        // runspace pools): they are added once, under a lock, and kept when one runspace removes the module, since the
        // engine stays loaded and another runspace may still name its types.
        private static void AddTypeAccelerators(Assembly engine)
        {
            lock (Gate)
            {
                if (_accelerated) return;
                var accelerators = typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators");
                var add = accelerators?.GetMethod("Add", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(string), typeof(Type) }, null);
                if (add == null) return;
                foreach (var type in engine.GetExportedTypes())
                    if (!type.IsNested && type.FullName != null) add.Invoke(null, new object[] { type.FullName, type });
                _accelerated = true;
            }
        }
    }
}
