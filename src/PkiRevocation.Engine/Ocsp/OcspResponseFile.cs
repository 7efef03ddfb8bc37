using System;
using System.IO;
using PkiRevocation.Diagnostics;

namespace PkiRevocation.Ocsp
{
    /// <summary>A saved DER OCSPResponse on disk (-Response, --response): its bytes, or the failure naming the file.</summary>
    public static class OcspResponseFile
    {
        /// <summary>The file's bytes; PathNotFound, or FileUnreadable (access denied, I/O error), when they cannot be read. The bytes are judged by the check, not here.</summary>
        public static Outcome<byte[]> Read(string path)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            try
            {
                return Outcome<byte[]>.Success(File.ReadAllBytes(path));
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                return new InputFailure(path, ErrorIds.PathNotFound, FailureKind.NotFound, $"Cannot read the OCSP response '{path}': {ex.Message}", ex);
            }
            catch (UnauthorizedAccessException ex)
            {
                return new InputFailure(path, ErrorIds.FileUnreadable, FailureKind.PermissionDenied, $"Cannot read the OCSP response '{path}': {ex.Message}", ex);
            }
            catch (IOException ex)
            {
                return new InputFailure(path, ErrorIds.FileUnreadable, FailureKind.InvalidData, $"Cannot read the OCSP response '{path}': {ex.Message}", ex);
            }
        }
    }
}
