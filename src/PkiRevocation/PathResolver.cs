using System.Collections.Generic;
using System.Management.Automation;
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
