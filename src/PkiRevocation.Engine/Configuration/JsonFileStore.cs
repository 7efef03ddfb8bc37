using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using PkiRevocation.Files;

namespace PkiRevocation.Configuration
{
    /// <summary>
    /// One JSON document on disk. Reads never change the file; updates run under a cross-process lock, write a
    /// temporary file beside the target and replace the target with it, so a reader or a crash never sees half a file.
    /// A file that cannot be parsed raises <see cref="ConfigurationCorruptException"/> and is left untouched.
    /// </summary>
    public sealed class JsonFileStore<T> where T : class, new()
    {
        private static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(30);

        public JsonFileStore(string path, JsonSerializerOptions? options = null)
        {
            Path = System.IO.Path.GetFullPath(path);
            _typeInfo = EngineJson.TypeInfo<T>(options ?? EngineJson.Options);
        }

        private readonly JsonTypeInfo<T> _typeInfo;

        public string Path { get; }

        public bool Exists => File.Exists(Path);

        /// <summary>The current document, or a new one when the file does not exist.</summary>
        public T Read()
        {
            var read = InputFile.Read(Path, InputFileKind.Configuration);
            if (read.IsFailure)
            {
                var failure = read.Failure!;
                if (failure.Kind == Diagnostics.FailureKind.NotFound) return new T();
                if (failure.Kind == Diagnostics.FailureKind.PermissionDenied) throw new UnauthorizedAccessException(failure.Message, failure.Exception);
                throw new ConfigurationCorruptException(Path, new InvalidDataException(failure.Message, failure.Exception));
            }

            var bytes = read.Result!;

            if (bytes.Length == 0) throw new ConfigurationCorruptException(Path, new InvalidDataException("the file is empty"));
            try
            {
                return JsonSerializer.Deserialize(bytes, _typeInfo) ?? throw new InvalidDataException("the file holds null");
            }
            catch (Exception ex) when (ex is JsonException || ex is InvalidDataException || ex is NotSupportedException)
            {
                throw new ConfigurationCorruptException(Path, ex);
            }
        }

        /// <summary>Reads, changes and writes the document under the cross-process lock. Returns what was written.</summary>
        public T Update(Func<T, T> change, CancellationToken cancellationToken = default)
        {
            using (CrossProcessLock.Acquire(Path, DefaultLockTimeout, cancellationToken))
            {
                var updated = change(Read());
                Write(updated);
                return updated;
            }
        }

        /// <summary>Runs <paramref name="action"/> under the lock without writing (a consistent read across several files).</summary>
        public TResult WithLock<TResult>(Func<TResult> action, CancellationToken cancellationToken = default)
        {
            using (CrossProcessLock.Acquire(Path, DefaultLockTimeout, cancellationToken))
                return action();
        }

        private void Write(T document)
        {
            var directory = System.IO.Path.GetDirectoryName(Path)!;
            Directory.CreateDirectory(directory);
            var json = JsonSerializer.Serialize(document, _typeInfo);
            AtomicFile.WriteAllBytes(Path, Encoding.UTF8.GetBytes(json));
        }
    }
}
