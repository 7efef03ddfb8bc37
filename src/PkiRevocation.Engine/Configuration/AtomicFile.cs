using System;
using System.IO;

namespace PkiRevocation.Configuration
{
    /// <summary>Writes a file so that it is either the old content or the new, never half of one.</summary>
    public static class AtomicFile
    {
        public static void WriteAllBytes(string path, byte[] content)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            Directory.CreateDirectory(directory);
            var temp = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
                {
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
