using System;
using System.Runtime.InteropServices;

namespace PkiRevocation.Files
{
    /// <summary>
    /// What a path is on Linux and macOS, from stat(2) (symbolic links followed), without opening it. The runtime's
    /// own native shim (libSystem.Native, shipped with every .NET since Core 3.0) is used because it gives one struct
    /// layout on every Unix, where libc's struct stat differs by architecture and C library.
    /// </summary>
    internal static class UnixFileType
    {
        private const int TypeMask = 0xF000;
        private const int Fifo = 0x1000;
        private const int CharacterDevice = 0x2000;
        private const int Directory = 0x4000;
        private const int BlockDevice = 0x6000;
        private const int Regular = 0x8000;
        private const int Socket = 0xC000;

        /// <summary>Null for a regular file, a path that does not exist, or when the type cannot be learned; otherwise what it is ("a named pipe", …).</summary>
        public static string? Of(string path)
        {
            int mode;
            try
            {
                // FileStatus { int Flags; int Mode; uint Uid; uint Gid; long Size; … }: Mode is the second field on every
                // platform; the buffer is larger than the whole struct of any runtime version.
                var status = new byte[512];
                if (Stat(Utf8z(path), status) != 0) return null;
                mode = BitConverter.ToInt32(status, 4);
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                return null;
            }

            switch (mode & TypeMask)
            {
                case Regular: return null;
                case Fifo: return "a named pipe (FIFO)";
                case CharacterDevice: return "a character device";
                case BlockDevice: return "a block device";
                case Directory: return "a folder";
                case Socket: return "a socket";
                default: return "not a regular file";
            }
        }

        private static byte[] Utf8z(string path)
        {
            var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(path) + 1];
            System.Text.Encoding.UTF8.GetBytes(path, 0, path.Length, bytes, 0);
            return bytes;
        }

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
        private static extern int Stat(byte[] path, [In, Out] byte[] status);
    }
}
