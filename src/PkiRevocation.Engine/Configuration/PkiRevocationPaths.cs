using System;
using System.IO;
using System.Runtime.InteropServices;

namespace PkiRevocation.Configuration
{
    /// <summary>
    /// Where configuration, state and cache live. PKIREVOCATION_HOME, when set, holds everything (both scopes
    /// become sub-folders of it); otherwise AllUsers is ProgramData or /etc/pkirevocation and CurrentUser is
    /// AppData or the XDG config directory. State and cache always follow the CurrentUser location.
    /// </summary>
    public sealed class PkiRevocationPaths
    {
        public const string HomeVariable = "PKIREVOCATION_HOME";

        private readonly string? _home;
        private readonly string _allUsers;
        private readonly string _currentUser;

        public PkiRevocationPaths(string? home = null)
        {
            _home = string.IsNullOrWhiteSpace(home) ? null : Path.GetFullPath(home);
            if (_home != null)
            {
                _allUsers = Path.Combine(_home, "AllUsers");
                _currentUser = Path.Combine(_home, "CurrentUser");
                return;
            }

            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                _allUsers = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "PkiRevocation");
                _currentUser = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "PkiRevocation");
            }
            else
            {
                _allUsers = "/etc/pkirevocation";
                var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
                var baseDir = string.IsNullOrEmpty(xdg)
                    ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config")
                    : xdg!;
                _currentUser = Path.Combine(baseDir, "pkirevocation");
            }
        }

        /// <summary>Paths from the environment: PKIREVOCATION_HOME when set, the platform defaults otherwise.</summary>
        public static PkiRevocationPaths FromEnvironment() => new PkiRevocationPaths(Environment.GetEnvironmentVariable(HomeVariable));

        /// <summary>True when PKIREVOCATION_HOME (or an explicit home) decides every location.</summary>
        public bool IsOverridden => _home != null;

        /// <summary>The folder that holds the configuration files of a scope.</summary>
        public string ConfigurationDirectory(ConfigurationScope scope) => scope == ConfigurationScope.AllUsers ? _allUsers : _currentUser;

        /// <summary>A configuration file of a scope, e.g. ConfigurationFile(CurrentUser, "policies.json").</summary>
        public string ConfigurationFile(ConfigurationScope scope, string fileName) => Path.Combine(ConfigurationDirectory(scope), fileName);

        /// <summary>Run state (what was sent, when a session was checked): per user.</summary>
        public string StateDirectory => Path.Combine(_currentUser, "state");

        /// <summary>Cached CRLs and OCSP responses: per user.</summary>
        public string CacheDirectory => Path.Combine(_currentUser, "cache");
    }
}
