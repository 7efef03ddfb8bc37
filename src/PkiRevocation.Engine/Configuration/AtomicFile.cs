using System;
using System.IO;

namespace PkiRevocation.Configuration
{
    /// <summary>
    /// Writes a file so that it is either the old content or the new, never half of one: the content goes to
    /// ".&lt;name&gt;.&lt;guid&gt;.tmp" beside it, which then replaces it. A writer killed in between leaves that temporary
    /// file behind (possibly holding an older secret); the next writer, holding the same lock, removes it
    /// (<see cref="RemoveLeftovers"/>).
    /// </summary>
    public static class AtomicFile
    {
        /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically. Callers that hold the file's lock call <see cref="RemoveLeftovers"/> first.</summary>
        public static void WriteAllBytes(string path, byte[] content) => Write(path, content, null);

        /// <summary>
        /// Deletes the temporary files that killed writers of <paramref name="path"/> left behind. Only safe under the
        /// file's cross-process lock: every writer of the file holds it, so none of these is being written now.
        /// </summary>
        public static int RemoveLeftovers(string path)
        {
            var full = Path.GetFullPath(path);
            var directory = Path.GetDirectoryName(full)!;
            if (!Directory.Exists(directory)) return 0;
            var prefix = "." + Path.GetFileName(full) + ".";
            var removed = 0;
            foreach (var candidate in Directory.EnumerateFiles(directory, prefix + "*.tmp"))
            {
                var middle = Path.GetFileName(candidate).Substring(prefix.Length);
                if (middle.Length != 32 + 4 || !Guid.TryParseExact(middle.Substring(0, 32), "N", out _)) continue;
                try
                {
                    File.Delete(candidate);
                    removed++;
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    // Not ours to remove (another owner): left as it is; the write itself is not affected.
                }
            }

            return removed;
        }

        /// <summary>The write, with <paramref name="prepare"/> run on the new, still empty temporary file (permissions) before any byte is written.</summary>
        internal static void Write(string path, byte[] content, Action<string>? prepare)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            Directory.CreateDirectory(directory);
            var temp = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
                {
                    prepare?.Invoke(temp);
                    stream.Write(content, 0, content.Length);
                    stream.Flush(true);
                }

                if (File.Exists(path)) File.Replace(temp, path, null, ignoreMetadataErrors: true);
                else File.Move(temp, path);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }
    }
}
