using System.IO;
using PkiRevocation.Configuration;

namespace PkiRevocation.Monitoring
{
    /// <summary>
    /// Where the monitor keeps its files per scope: the settings (monitor.json), the protected SMTP login and webhook URL,
    /// the run state (state/monitor-&lt;scope&gt;.json) and the run lock; and which scope a call without one means.
    /// </summary>
    internal sealed class MonitorFiles
    {
        private readonly PkiRevocationPaths _paths;

        public MonitorFiles(PkiRevocationPaths paths) => _paths = paths;

        public string SettingsPath(ConfigurationScope scope) => _paths.ConfigurationFile(scope, MonitorService.SettingsFileName);

        public string StatePath(ConfigurationScope scope) => Path.Combine(_paths.StateDirectory, $"monitor-{scope}.json");

        public string CredentialPath(ConfigurationScope scope) => ProtectedCredentialFile.PathFor(_paths, scope);

        public string WebhookPath(ConfigurationScope scope) => ProtectedCredentialFile.WebhookPathFor(_paths, scope);

        public string RunLockPath(ConfigurationScope scope) => Path.Combine(_paths.StateDirectory, $"monitor-{scope}.run");

        /// <summary>The given scope; otherwise CurrentUser when it has settings, AllUsers when only that has, CurrentUser when neither.</summary>
        public ConfigurationScope ResolveScope(ConfigurationScope? scope)
        {
            if (scope.HasValue) return scope.Value;
            if (File.Exists(SettingsPath(ConfigurationScope.CurrentUser))) return ConfigurationScope.CurrentUser;
            return File.Exists(SettingsPath(ConfigurationScope.AllUsers)) ? ConfigurationScope.AllUsers : ConfigurationScope.CurrentUser;
        }
    }
}
