using System;
using System.IO;
using System.Net;
using System.Runtime.InteropServices;
using System.Security.AccessControl;
using System.Security.Cryptography;
using System.Security.Principal;
using System.Text;
using System.Text.Json;
using PkiRevocation.Configuration;
using PkiRevocation.Files;

namespace PkiRevocation.Monitoring
{
    /// <summary>
    /// The SMTP login of one scope, in monitor.credential beside monitor.json. On Windows the password is encrypted with
    /// DPAPI (CurrentUser scope: the user's key; AllUsers: the machine key) and only that account (or machine) can read it.
    /// Elsewhere there is no DPAPI: the file is created with mode 0600 (owner read/write only) before any byte of the secret
    /// is written, like ~/.netrc; its protection is the file permission, so keep the configuration folder private.
    /// On Windows the file also gets a private ACL (inheritance off): the user and SYSTEM, plus Administrators for
    /// AllUsers — ProgramData is readable by every user, and the machine DPAPI key decrypts for any local account.
    /// </summary>
    internal static class ProtectedCredentialFile
    {
        private const string FileName = "monitor.credential";
        private const string WebhookFileName = "monitor.webhook";
        private static readonly byte[] Entropy = Encoding.UTF8.GetBytes("PkiRevocation.Monitor.Smtp");

        public static string PathFor(PkiRevocationPaths paths, ConfigurationScope scope) => paths.ConfigurationFile(scope, FileName);

        /// <summary>The webhook URL is a bearer secret too: same protection, its own file.</summary>
        public static string WebhookPathFor(PkiRevocationPaths paths, ConfigurationScope scope) => paths.ConfigurationFile(scope, WebhookFileName);

        public static void Save(string path, ConfigurationScope scope, NetworkCredential credential)
        {
            var password = Encoding.UTF8.GetBytes(credential.Password ?? "");
            string protection;
            byte[] secret;
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                protection = "Dpapi";
                secret = ProtectedData.Protect(password, Entropy, scope == ConfigurationScope.AllUsers ? DataProtectionScope.LocalMachine : DataProtectionScope.CurrentUser);
            }
            else
            {
                protection = "OwnerOnlyFile";
                secret = password;
            }

            var document = new StoredCredential { UserName = credential.UserName ?? "", Protection = protection, Secret = Convert.ToBase64String(secret) };
            WriteOwnerOnly(path, scope, JsonSerializer.SerializeToUtf8Bytes(document, EngineJsonContext.Default.StoredCredential));
            Array.Clear(password, 0, password.Length);
        }

        /// <summary>The stored login; throws FileNotFoundException when there is none, InvalidDataException when it cannot be read.</summary>
        public static NetworkCredential Load(string path, ConfigurationScope scope)
        {
            var read = InputFile.Read(path, InputFileKind.Credential);
            if (read.IsFailure)
            {
                if (read.Failure!.Kind == Diagnostics.FailureKind.NotFound) throw new FileNotFoundException(read.Failure.Message, path, read.Failure.Exception);
                throw new InvalidDataException(read.Failure.Message, read.Failure.Exception);
            }

            var bytes = read.Result!;
            StoredCredential? document;
            try
            {
                document = JsonSerializer.Deserialize(bytes, EngineJsonContext.Default.StoredCredential);
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"The credential file '{path}' is not valid: {ex.Message}", ex);
            }

            if (document == null || string.IsNullOrEmpty(document.Secret)) throw new InvalidDataException($"The credential file '{path}' holds no secret.");
            var secret = Convert.FromBase64String(document.Secret);
            byte[] password;
            switch (document.Protection)
            {
                case "Dpapi":
                    if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                        throw new InvalidDataException($"The credential file '{path}' was protected with Windows DPAPI and cannot be read here.");
                    try
                    {
                        password = ProtectedData.Unprotect(secret, Entropy, scope == ConfigurationScope.AllUsers ? DataProtectionScope.LocalMachine : DataProtectionScope.CurrentUser);
                    }
                    catch (CryptographicException ex)
                    {
                        throw new InvalidDataException($"The credential file '{path}' cannot be decrypted by this account ({ex.Message}); set the credential again as the account that runs the monitor.", ex);
                    }

                    break;
                case "OwnerOnlyFile":
                    password = secret;
                    break;
                default:
                    throw new InvalidDataException($"The credential file '{path}' uses an unknown protection '{document.Protection}'.");
            }

            return new NetworkCredential(document.UserName, Encoding.UTF8.GetString(password));
        }

        public static void Delete(string path)
        {
            if (File.Exists(path)) File.Delete(path);
        }

        private static void WriteOwnerOnly(string path, ConfigurationScope scope, byte[] content)
        {
            var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
            Directory.CreateDirectory(directory);
            var temp = System.IO.Path.Combine(directory, "." + System.IO.Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
                {
                    if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) RestrictAcl(temp, scope);
                    else if (Chmod(temp, Convert.ToUInt32("600", 8)) != 0)
                        throw new IOException($"Cannot make '{temp}' owner-only (chmod 600 failed, errno {Marshal.GetLastWin32Error()}).");
                    stream.Write(content, 0, content.Length);
                    stream.Flush(true);
                }

                if (File.Exists(path)) File.Replace(temp, path, null, ignoreMetadataErrors: true);
                else File.Move(temp, path);
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) RestrictAcl(path, scope); // ReplaceFile keeps the old file's ACL
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }

        private static void RestrictAcl(string path, ConfigurationScope scope)
        {
            var security = new FileSecurity();
            security.SetAccessRuleProtection(isProtected: true, preserveInheritance: false);
            using (var identity = WindowsIdentity.GetCurrent())
                security.AddAccessRule(new FileSystemAccessRule(identity.User!, FileSystemRights.FullControl, AccessControlType.Allow));
            security.AddAccessRule(new FileSystemAccessRule(new SecurityIdentifier(WellKnownSidType.LocalSystemSid, null), FileSystemRights.FullControl, AccessControlType.Allow));
            if (scope == ConfigurationScope.AllUsers)
                security.AddAccessRule(new FileSystemAccessRule(new SecurityIdentifier(WellKnownSidType.BuiltinAdministratorsSid, null), FileSystemRights.FullControl, AccessControlType.Allow));
            new FileInfo(path).SetAccessControl(security);
        }

        [DllImport("libc", EntryPoint = "chmod", SetLastError = true)]
        private static extern int Chmod(string path, uint mode);

        /// <summary>The file's content: the login and its protected secret.</summary>
        internal sealed class StoredCredential
        {
            public string UserName { get; set; } = "";
            public string Protection { get; set; } = "";
            public string Secret { get; set; } = "";
        }
    }
}
