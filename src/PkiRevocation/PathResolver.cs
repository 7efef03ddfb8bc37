using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using PkiRevocation.Certificates;
using PkiRevocation.Diagnostics;

namespace PkiRevocation.PowerShell
{
    /// <summary>Turns -Path (wildcards) and -LiteralPath into file-system paths, writing an error for each that cannot be used.</summary>
    internal static class PathResolver
    {
        public static IEnumerable<string> Resolve(PSCmdlet cmdlet, string[]? paths, bool literal, bool skipNonFileSystem)
        {
            var resolved = new List<string>();
            if (paths == null) return resolved;
            foreach (var path in paths)
            {
                if (string.IsNullOrWhiteSpace(path)) continue;
                try
                {
                    ProviderInfo provider;
                    if (literal)
                    {
                        var full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
                        if (Accept(cmdlet, provider, path, skipNonFileSystem)) resolved.Add(full);
                    }
                    else
                    {
                        foreach (var full in cmdlet.GetResolvedProviderPathFromPSPath(path, out provider))
                            if (Accept(cmdlet, provider, path, skipNonFileSystem)) resolved.Add(full);
                    }
                }
                catch (ItemNotFoundException ex)
                {
                    cmdlet.WriteError(ErrorMapping.ToErrorRecord(ErrorIds.PathNotFound, FailureKind.NotFound, $"Cannot find the path '{path}'.", path, ex));
                }
                catch (ProviderNotFoundException ex)
                {
                    cmdlet.WriteError(ErrorMapping.ToErrorRecord(ErrorIds.PathNotFound, FailureKind.NotFound, $"Cannot use the path '{path}': {ex.Message}", path, ex));
                }
                catch (DriveNotFoundException ex)
                {
                    cmdlet.WriteError(ErrorMapping.ToErrorRecord(ErrorIds.PathNotFound, FailureKind.NotFound, $"Cannot use the path '{path}': {ex.Message}", path, ex));
                }
            }

            return resolved;
        }

        /// <summary>
        /// The certificates of -Path/-LiteralPath files and folders (as Get-CertificateExpiry reads them), writing an
        /// error for each path or file that cannot be used; <paramref name="fromPipeline"/> skips the PSPath a piped
        /// Cert: drive certificate also binds.
        /// </summary>
        public static List<X509Certificate2> ReadCertificates(PSCmdlet cmdlet, string[]? paths, string[]? literalPaths, bool fromPipeline = false)
        {
            var certificates = new List<X509Certificate2>();
            var files = Resolve(cmdlet, paths, literal: false, skipNonFileSystem: false).Concat(Resolve(cmdlet, literalPaths, literal: true, skipNonFileSystem: fromPipeline));
            foreach (var path in files)
                foreach (var outcome in CertificateFileReader.ReadCertificates(path))
                {
                    if (outcome.IsFailure) cmdlet.WriteError(ErrorMapping.ToErrorRecord(outcome.Failure!));
                    else certificates.Add(outcome.Result!);
                }

            return certificates;
        }

        /// <summary>A local file named by a parameter (-Crl), resolved against the current location; null when it does not exist.</summary>
        public static string? ExistingFile(PSCmdlet cmdlet, string path)
        {
            try
            {
                var full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
                return provider.Name == "FileSystem" && System.IO.File.Exists(full) ? full : null;
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is ProviderNotFoundException || ex is DriveNotFoundException || ex is NotSupportedException)
            {
                return null;
            }
        }

        private static bool Accept(PSCmdlet cmdlet, ProviderInfo provider, string path, bool skipNonFileSystem)
        {
            if (provider.Name == "FileSystem") return true;
            if (!skipNonFileSystem)
                cmdlet.WriteError(ErrorMapping.ToErrorRecord(ErrorIds.PathNotFound, FailureKind.InvalidArgument,
                    $"'{path}' is not a file-system path (use -StoreName for certificate stores, or pipe certificates from the Cert: drive).", path));
            return false;
        }
    }
}
