using System;
using System.IO;
using System.Net;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;

namespace PkiRevocation.Monitoring
{
    /// <summary>
    /// The SMTP login for one send: the one the front end supplied (SecretManagement, -Credential), else the protected file
    /// of the scope. A SecretManagement reference without a supplied login, or a missing or unreadable file, is a failure.
    /// </summary>
    internal static class MonitorCredentials
    {
        public static NetworkCredential? Resolve(MonitorFiles files, MonitorSettings settings, ConfigurationScope scope, NetworkCredential? supplied, out InputFailure? failure)
        {
            failure = null;
            if (supplied != null) return supplied;
            var reference = settings.Credential;
            if (reference == null || reference.Kind == MonitorCredentialKind.None) return null;
            if (reference.Kind == MonitorCredentialKind.SecretManagement)
            {
                failure = new InputFailure(reference.SecretName, ErrorIds.MonitorCredentialMissing, FailureKind.InvalidConfiguration,
                    $"The SMTP password is the SecretManagement secret '{reference.SecretName}', which only PowerShell can read: run Invoke-CertificateMonitor, or store the login with Set-CertificateMonitor -Credential / 'pkirev monitor set --user'.");
                return null;
            }

            var path = files.CredentialPath(scope);
            try
            {
                return ProtectedCredentialFile.Load(path, scope);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                failure = new InputFailure(path, ErrorIds.MonitorCredentialMissing, FailureKind.InvalidConfiguration,
                    $"The SMTP login for '{reference.UserName}' is missing ({path} does not exist): set it again with Set-CertificateMonitor -Credential or 'pkirev monitor set --user'.", ex);
            }
            catch (Exception ex) when (ex is InvalidDataException || ex is FormatException || ex is IOException || ex is UnauthorizedAccessException)
            {
                failure = new InputFailure(path, ErrorIds.MonitorCredentialUnreadable, FailureKind.InvalidConfiguration, $"The SMTP login cannot be read: {ex.Message}", ex);
            }

            return null;
        }
    }
}
