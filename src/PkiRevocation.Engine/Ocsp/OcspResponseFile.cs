using PkiRevocation.Diagnostics;
using PkiRevocation.Files;

namespace PkiRevocation.Ocsp
{
    /// <summary>A saved DER OCSPResponse on disk (-Response, --response): its bytes, or the failure naming the file.</summary>
    public static class OcspResponseFile
    {
        /// <summary>
        /// The file's bytes; PathNotFound, PathAccessDenied, NotARegularFile, FileTooLarge (more than
        /// <see cref="InputFile.OcspResponseLimit"/>) or FileUnreadable when they cannot be read. The bytes are judged by the check, not here.
        /// </summary>
        public static Outcome<byte[]> Read(string path) => InputFile.Read(path, InputFileKind.OcspResponse);
    }
}
