using System.IO;
using System.Management.Automation;

namespace PkiRevocation.Loading
{
    /// <summary>
    /// Runs when Import-Module loads PkiRevocation.dll, before any cmdlet: installs the dependency isolation for the
    /// running edition (see <see cref="ModuleDependencies"/>). Remove-Module takes the handler away again.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static string ModuleDirectory => Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;

        public void OnImport() => ModuleDependencies.Register(ModuleDirectory);

        public void OnRemove(PSModuleInfo psModuleInfo) => ModuleDependencies.Unregister(ModuleDirectory);
    }
}
