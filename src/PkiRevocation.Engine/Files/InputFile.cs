using System;
using System.IO;
using System.Runtime.InteropServices;
using PkiRevocation.Diagnostics;

namespace PkiRevocation.Files
{
    /// <summary>
    /// Every file the engine reads goes through here: it must be a regular file (not a named pipe, a device such as
    /// /dev/zero, a socket or a folder) and no larger than the limit of its kind, so that no input can hang a run or
    /// exhaust memory. A named pipe is refused before it is opened (opening one for reading blocks until a writer comes).
    /// </summary>
    public static class InputFile
    {
        /// <summary>Certificate files read whole (DER, PKCS#7, PKCS#12): a PEM bundle of every public root is well under 1 MiB.</summary>
        public const long CertificateLimit = 8L * 1024 * 1024;

        /// <summary>
        /// PEM certificate files, which are read as a stream (memory grows with the distinct certificates, not the file):
        /// a 100,000-certificate bundle (bench/expiry) is about 56 MB.
        /// </summary>
        public const long PemCertificateLimit = 256L * 1024 * 1024;

        /// <summary>OCSP responses: the same limit as a response received over HTTP.</summary>
        public const long OcspResponseLimit = Ocsp.OcspResponseParser.MaxResponseBytes;

        /// <summary>CRLs: the same limit as a CRL download; a 1,000,000-entry CRL is about 49 MB.</summary>
        public const long CrlLimit = 256L * 1024 * 1024;

        /// <summary>JSON configuration and state files.</summary>
        public const long ConfigurationLimit = 16L * 1024 * 1024;

        /// <summary>Stored secrets.</summary>
        public const long CredentialLimit = 64L * 1024;

        /// <summary>The largest file accepted for <paramref name="kind"/>.</summary>
        public static long LimitFor(InputFileKind kind)
        {
            switch (kind)
            {
                case InputFileKind.Certificate: return CertificateLimit;
                case InputFileKind.OcspResponse: return OcspResponseLimit;
                case InputFileKind.Crl: return CrlLimit;
                case InputFileKind.Configuration: return ConfigurationLimit;
                case InputFileKind.Credential: return CredentialLimit;
                default: throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
            }
        }

        /// <summary>
        /// The file's bytes, or the failure naming it: PathNotFound, PathAccessDenied, NotARegularFile, FileTooLarge
        /// (which limit, in bytes) or FileUnreadable. <paramref name="limit"/> overrides the limit of the kind.
        /// </summary>
        public static Outcome<byte[]> Read(string path, InputFileKind kind, long? limit = null)
        {
            var max = Math.Min(limit ?? LimitFor(kind), int.MaxValue - 64);
            return Use(path, kind, (stream, what) => ReadBounded(stream, path, what, max));
        }

        /// <summary>
        /// Opens the file as <see cref="Read"/> would (the same refusals and failures) and hands the stream to
        /// <paramref name="read"/>; an IOException that <paramref name="read"/> lets out becomes FileUnreadable.
        /// The caller bounds what it reads (<see cref="TooLarge"/> says so in the usual words).
        /// </summary>
        public static Outcome<T> Use<T>(string path, InputFileKind kind, Func<FileStream, string, Outcome<T>> read) where T : class
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            var what = Describe(kind);
            try
            {
                var refused = CheckRegular(path, what);
                if (refused != null) return refused;
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
                {
                    refused = CheckOpened(stream, path, what);
                    if (refused != null) return refused;
                    return read(stream, what);
                }
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                return new InputFailure(path, ErrorIds.PathNotFound, FailureKind.NotFound, $"Cannot find the {what} '{path}'.", ex);
            }
            catch (UnauthorizedAccessException ex)
            {
                return Directory.Exists(path)
                    ? NotRegular(path, what, "a folder")
                    : new InputFailure(path, ErrorIds.PathAccessDenied, FailureKind.PermissionDenied, $"Access to the {what} '{path}' is denied.", ex);
            }
            catch (Exception ex) when (ex is IOException || ex is ArgumentException || ex is NotSupportedException)
            {
                return new InputFailure(path, ErrorIds.FileUnreadable, FailureKind.InvalidData, $"Cannot read the {what} '{path}': {ex.Message}", ex);
            }
        }

        /// <summary>
        /// Null when <paramref name="path"/> is a regular file or does not exist (the read reports that); otherwise
        /// NotARegularFile naming what it is. Never opens the file. Used by folder scans and before any read.
        /// </summary>
        public static InputFailure? CheckRegularFile(string path, InputFileKind kind) => CheckRegular(path, Describe(kind));

        private static string Describe(InputFileKind kind)
        {
            switch (kind)
            {
                case InputFileKind.Certificate: return "certificate file";
                case InputFileKind.OcspResponse: return "OCSP response";
                case InputFileKind.Crl: return "CRL";
                case InputFileKind.Configuration: return "configuration file";
                default: return "credential file";
            }
        }

        private static InputFailure? CheckRegular(string path, string what)
        {
            if (Directory.Exists(path)) return NotRegular(path, what, "a folder");
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return null; // decided on the open handle (CheckOpened)
            var type = UnixFileType.Of(path);
            return type == null ? null : NotRegular(path, what, type);
        }

        // Windows: device paths (\\.\pipe\…, NUL, COM1) open without blocking; the handle says what they are.
        private static InputFailure? CheckOpened(FileStream stream, string path, string what)
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return null;
            var type = GetFileType(stream.SafeFileHandle);
            switch (type)
            {
                case FileTypeDisk: return null;
                case FileTypeChar: return NotRegular(path, what, "a character device");
                case FileTypePipe: return NotRegular(path, what, "a named pipe or socket");
                default: return NotRegular(path, what, "not a file on disk");
            }
        }

        private static InputFailure NotRegular(string path, string what, string actual) =>
            new InputFailure(path, ErrorIds.NotARegularFile, FailureKind.InvalidArgument, $"The {what} '{path}' is {actual}, not a regular file: refused.");

        /// <summary>
        /// The rest of <paramref name="stream"/> after <paramref name="head"/> (bytes already read from it), at most
        /// <paramref name="max"/> bytes in all, or FileTooLarge.
        /// </summary>
        public static Outcome<byte[]> ReadBounded(FileStream stream, string path, string what, long max, ReadOnlySpan<byte> head = default)
        {
            // The length is a hint only (it can grow while reading, and some files report 0): the read itself is bounded.
            // One byte more than the hint, so that the end is seen without growing the buffer.
            var hint = stream.CanSeek ? stream.Length : 0;
            if (hint > max) return TooLarge(path, what, max, hint);
            var buffer = new byte[(int)Math.Min(Math.Max(Math.Max(hint, head.Length) + 1, 4096), max + 1)];
            head.CopyTo(buffer);
            var total = head.Length;
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (total > max) return TooLarge(path, what, max, null);
                    Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, max + 1));
                }

                var read = stream.Read(buffer, total, buffer.Length - total);
                if (read == 0) break;
                total += read;
            }

            if (total > max) return TooLarge(path, what, max, null);
            if (total != buffer.Length) Array.Resize(ref buffer, total);
            return Outcome<byte[]>.Success(buffer);
        }

        /// <summary>FileTooLarge for <paramref name="path"/>: over <paramref name="max"/> bytes (<paramref name="size"/> when known).</summary>
        public static InputFailure TooLarge(string path, string what, long max, long? size) =>
            new InputFailure(path, ErrorIds.FileTooLarge, FailureKind.InvalidData,
                $"The {what} '{path}' is larger than the {Size(max)} allowed for {what}s" + (size.HasValue ? $" ({size.Value} bytes): refused." : ": reading stopped there."));

        private static string Size(long bytes) =>
            bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : bytes % 1024 == 0 ? $"{bytes / 1024} KiB" : $"{bytes} bytes";

        private const int FileTypeDisk = 1;
        private const int FileTypeChar = 2;
        private const int FileTypePipe = 3;

        [DllImport("kernel32.dll", SetLastError = true)]
        private static extern int GetFileType(Microsoft.Win32.SafeHandles.SafeFileHandle handle);
    }
}
