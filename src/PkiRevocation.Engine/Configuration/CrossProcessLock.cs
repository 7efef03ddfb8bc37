using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace PkiRevocation.Configuration
{
    /// <summary>
    /// An exclusive lock shared by every process on the machine: a lock file opened with FileShare.None
    /// (LockFileEx on Windows, flock on Unix). The operating system releases it when the holder dies.
    /// </summary>
    public sealed class CrossProcessLock : IDisposable
    {
        private FileStream? _stream;

        private CrossProcessLock(FileStream stream) => _stream = stream;

        /// <summary>Takes the lock for <paramref name="path"/> (the lock file is path + ".lock"), waiting up to <paramref name="timeout"/>.</summary>
        public static CrossProcessLock Acquire(string path, TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            var lockPath = path + ".lock";
            var directory = Path.GetDirectoryName(Path.GetFullPath(lockPath));
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);

            var watch = Stopwatch.StartNew();
            var delay = 5;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    var stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                    return new CrossProcessLock(stream);
                }
                catch (IOException) when (watch.Elapsed < timeout)
                {
                    Thread.Sleep(delay);
                    delay = Math.Min(delay * 2, 100);
                }
                catch (IOException ex)
                {
                    throw new TimeoutException($"Could not lock '{path}' within {timeout.TotalSeconds:0.#} s: another process holds it.", ex);
                }
            }
        }

        public void Dispose()
        {
            _stream?.Dispose();
            _stream = null;
        }
    }
}
