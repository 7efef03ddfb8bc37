using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using PkiRevocation.Configuration;
using PkiRevocation.Files;

namespace PkiRevocation.Revocation
{
    /// <summary>
    /// Raw CRLs, OCSP responses and AIA-fetched issuer certificates under <see cref="PkiRevocationPaths.CacheDirectory"/>, one content file and one
    /// metadata file per URL, kept until their nextUpdate and revalidated with conditional GET (ETag /
    /// If-Modified-Since). Every read and write of an entry holds that entry's cross-process lock and writes
    /// atomically, so scheduled jobs running at once share it safely. The cache never decides anything: content read
    /// from it is verified like content from the network.
    /// </summary>
    public sealed class RevocationCache
    {
        private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);
        private readonly IClock _clock;

        public RevocationCache(PkiRevocationPaths paths, IClock clock)
        {
            Directory = paths.CacheDirectory;
            _clock = clock;
        }

        public string Directory { get; }

        /// <summary>Every entry, oldest fetch first. A metadata file that cannot be read is skipped.</summary>
        public IReadOnlyList<RevocationCacheEntry> List()
        {
            var now = _clock.UtcNow;
            var entries = new List<RevocationCacheEntry>();
            foreach (RevocationCacheKind kind in Enum.GetValues(typeof(RevocationCacheKind)))
            {
                var folder = Folder(kind);
                if (!System.IO.Directory.Exists(folder)) continue;
                foreach (var metaPath in System.IO.Directory.GetFiles(folder, "*.json"))
                {
                    var meta = ReadMetadata(metaPath);
                    if (meta == null) continue;
                    entries.Add(ToEntry(meta, Path.ChangeExtension(metaPath, ".bin"), now));
                }
            }

            return entries.OrderBy(e => e.FetchedAt).ToList();
        }

        /// <summary>Entries of <paramref name="kind"/> (all when null) whose URL matches the wildcard pattern, only expired ones when asked.</summary>
        public IReadOnlyList<RevocationCacheEntry> List(RevocationCacheKind? kind, string? urlPattern = null, bool expiredOnly = false)
        {
            var regex = string.IsNullOrEmpty(urlPattern) ? null : WildcardToRegex(urlPattern!);
            return List().Where(e => (!kind.HasValue || e.Kind == kind.Value) && (regex == null || regex.IsMatch(e.Url)) && (!expiredOnly || e.Expired)).ToList();
        }

        /// <summary>
        /// Removes entries of <paramref name="kind"/> (all kinds when null) whose URL matches the wildcard
        /// <paramref name="urlPattern"/> (all when null), only expired ones when <paramref name="expiredOnly"/>.
        /// <paramref name="shouldRemove"/> lets a front end ask (-WhatIf/-Confirm). Returns what was removed.
        /// </summary>
        public IReadOnlyList<RevocationCacheEntry> Clear(RevocationCacheKind? kind = null, string? urlPattern = null, bool expiredOnly = false,
            Func<RevocationCacheEntry, bool>? shouldRemove = null, CancellationToken cancellationToken = default)
        {
            var removed = new List<RevocationCacheEntry>();
            foreach (var entry in List(kind, urlPattern, expiredOnly))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (shouldRemove != null && !shouldRemove(entry)) continue;
                using (CrossProcessLock.Acquire(entry.Path, LockTimeout, cancellationToken))
                {
                    File.Delete(Path.ChangeExtension(entry.Path, ".json"));
                    File.Delete(entry.Path);
                }

                removed.Add(entry);
            }

            return removed;
        }

        /// <summary>The cached content for <paramref name="url"/>, or null.</summary>
        internal CachedContent? TryRead(RevocationCacheKind kind, string url, CancellationToken cancellationToken = default)
        {
            var body = BodyPath(kind, url);
            var metaPath = Path.ChangeExtension(body, ".json");
            if (!File.Exists(metaPath)) return null;
            using (CrossProcessLock.Acquire(body, LockTimeout, cancellationToken))
            {
                var meta = ReadMetadata(metaPath);
                if (meta == null || meta.Url != url || !File.Exists(body)) return null;
                var read = InputFile.Read(body, InputFileKind.Crl);
                if (read.IsFailure) return null;
                var bytes = read.Result!;
                if (!string.Equals(Sha256(bytes), meta.Sha256, StringComparison.OrdinalIgnoreCase)) return null;
                return new CachedContent(bytes, ToEntry(meta, body, _clock.UtcNow));
            }
        }

        /// <summary>Stores fresh content (replacing what was there).</summary>
        internal void Store(RevocationCacheKind kind, string url, byte[] content, DateTime? thisUpdate, DateTime? nextUpdate, string? etag, string? lastModified,
            CancellationToken cancellationToken = default)
        {
            var body = BodyPath(kind, url);
            var meta = new Metadata
            {
                Kind = kind,
                Url = url,
                Size = content.Length,
                Sha256 = Sha256(content),
                FetchedAt = _clock.UtcNow,
                ThisUpdate = thisUpdate,
                NextUpdate = nextUpdate,
                ETag = etag ?? "",
                LastModified = lastModified ?? "",
            };
            using (CrossProcessLock.Acquire(body, LockTimeout, cancellationToken))
            {
                AtomicFile.WriteAllBytes(body, content);
                AtomicFile.WriteAllBytes(Path.ChangeExtension(body, ".json"), JsonSerializer.SerializeToUtf8Bytes(meta, EngineJsonContext.Default.Metadata));
            }
        }

        /// <summary>Records that the server confirmed the cached content (HTTP 304).</summary>
        internal void Revalidated(RevocationCacheKind kind, string url, CancellationToken cancellationToken = default)
        {
            var body = BodyPath(kind, url);
            var metaPath = Path.ChangeExtension(body, ".json");
            using (CrossProcessLock.Acquire(body, LockTimeout, cancellationToken))
            {
                var meta = ReadMetadata(metaPath);
                if (meta == null) return;
                meta.FetchedAt = _clock.UtcNow;
                AtomicFile.WriteAllBytes(metaPath, JsonSerializer.SerializeToUtf8Bytes(meta, EngineJsonContext.Default.Metadata));
            }
        }

        private string Folder(RevocationCacheKind kind) =>
            Path.Combine(Directory, kind == RevocationCacheKind.Crl ? "crl" : kind == RevocationCacheKind.Issuer ? "issuer" : "ocsp");

        private string BodyPath(RevocationCacheKind kind, string url) => Path.Combine(Folder(kind), Sha256(Encoding.UTF8.GetBytes(url)).Substring(0, 40) + ".bin");

        private static RevocationCacheEntry ToEntry(Metadata meta, string body, DateTime now) => new RevocationCacheEntry
        {
            Kind = meta.Kind,
            Url = meta.Url,
            Path = body,
            Size = meta.Size,
            FetchedAt = meta.FetchedAt,
            ThisUpdate = meta.ThisUpdate,
            NextUpdate = meta.NextUpdate,
            ETag = meta.ETag,
            LastModified = meta.LastModified,
            Expired = !meta.NextUpdate.HasValue || meta.NextUpdate.Value <= now,
        };

        private static Metadata? ReadMetadata(string path)
        {
            try
            {
                var read = InputFile.Read(path, InputFileKind.Configuration);
                return read.IsFailure ? null : JsonSerializer.Deserialize(read.Result!, EngineJsonContext.Default.Metadata);
            }
            catch (Exception ex) when (ex is IOException || ex is JsonException || ex is UnauthorizedAccessException)
            {
                return null;
            }
        }

        private static string Sha256(byte[] bytes)
        {
            using (var sha = SHA256.Create()) return Certificates.HexText.Upper(sha.ComputeHash(bytes)).ToLowerInvariant();
        }

        internal static Regex WildcardToRegex(string pattern) =>
            new Regex("^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>The .json beside each cached body.</summary>
        internal sealed class Metadata
        {
            public RevocationCacheKind Kind { get; set; }
            public string Url { get; set; } = "";
            public long Size { get; set; }
            public string Sha256 { get; set; } = "";
            public DateTime FetchedAt { get; set; }
            public DateTime? ThisUpdate { get; set; }
            public DateTime? NextUpdate { get; set; }
            public string ETag { get; set; } = "";
            public string LastModified { get; set; } = "";
        }
    }

    /// <summary>Bytes read from the cache with their metadata.</summary>
    internal sealed class CachedContent
    {
        public CachedContent(byte[] content, RevocationCacheEntry entry)
        {
            Content = content;
            Entry = entry;
        }

        public byte[] Content { get; }

        public RevocationCacheEntry Entry { get; }
    }
}
