using System;
using System.Collections.Generic;
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
        private static readonly List<string> Accelerated = new List<string>();

        private static string ModuleDirectory => Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;

        public void OnImport()
        {
            ModuleDependencies.Register(ModuleDirectory);
            var engine = ModuleDependencies.PrivateEngine(ModuleDirectory);
            if (engine != null) AddTypeAccelerators(engine);
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            RemoveTypeAccelerators();
            ModuleDependencies.Unregister(ModuleDirectory);
        }

        private static void AddTypeAccelerators(Assembly engine)
        {
            var accelerators = typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators");
            var add = accelerators?.GetMethod("Add", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(string), typeof(Type) }, null);
            if (add == null) return;
            lock (Accelerated)
            {
                foreach (var type in engine.GetExportedTypes())
                {
                    if (type.IsNested || type.FullName == null) continue;
                    add.Invoke(null, new object[] { type.FullName, type });
                    Accelerated.Add(type.FullName);
                }
            }
        }

        private static void RemoveTypeAccelerators()
        {
            var accelerators = typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators");
            var remove = accelerators?.GetMethod("Remove", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(string) }, null);
            if (remove == null) return;
            lock (Accelerated)
            {
                foreach (var name in Accelerated) remove.Invoke(null, new object[] { name });
                Accelerated.Clear();
            }
        }
    }
}
