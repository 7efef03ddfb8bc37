using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace PkiRevocation.Certificates
{
    /// <summary>
    /// Values decoded once per distinct DER encoding for the life of the process (a responder sends the same
    /// certificate, name and signature algorithm in every response). Looked up by a 64-bit hash of the bytes and
    /// confirmed byte for byte, so a hit is always the value of exactly these bytes; a hash collision only costs a
    /// decode. Decoding only: what a value means for trust is decided by the caller every time.
    /// </summary>
    internal sealed class EncodingCache<T> where T : class
    {
        // Hash of the encoding → (the encoding, its value).
        private readonly ConcurrentDictionary<ulong, KeyValuePair<byte[], T>> _entries = new ConcurrentDictionary<ulong, KeyValuePair<byte[], T>>();
        private readonly Func<byte[], T> _decode;
        private readonly int _capacity;

        /// <param name="capacity">How many encodings are kept; the cache starts afresh when it is full.</param>
        /// <param name="decode">Decodes one encoding (a copy the cache owns); may throw, and then nothing is kept.</param>
        public EncodingCache(int capacity, Func<byte[], T> decode)
        {
            _capacity = capacity;
            _decode = decode;
        }

        /// <summary>
        /// The value of the <paramref name="count"/> bytes at <paramref name="offset"/>: the same object for the same
        /// bytes while they stay in the cache (so what is learnt about it, such as an imported key, is reused).
        /// </summary>
        public T Get(byte[] buffer, int offset, int count)
        {
            var bytes = new ReadOnlySpan<byte>(buffer, offset, count);
            var hash = Hash(bytes);
            var collision = false;
            if (_entries.TryGetValue(hash, out var known))
            {
                if (bytes.SequenceEqual(known.Key)) return known.Value;
                collision = true;
            }

            var encoding = bytes.ToArray();
            var entry = new KeyValuePair<byte[], T>(encoding, _decode(encoding));
            if (_entries.Count >= _capacity) _entries.Clear();
            if (collision)
            {
                _entries[hash] = entry;
                return entry.Value;
            }

            // Threads decoding the same bytes at once all return the object that was stored.
            var stored = _entries.GetOrAdd(hash, entry);
            return bytes.SequenceEqual(stored.Key) ? stored.Value : entry.Value;
        }

        private static ulong Hash(ReadOnlySpan<byte> bytes)
        {
            const ulong Multiplier = 0x9E3779B97F4A7C15;
            var hash = (ulong)bytes.Length * Multiplier;
            var words = MemoryMarshal.Cast<byte, ulong>(bytes);
            foreach (var word in words) hash = Mix(hash ^ word) * Multiplier;
            for (var i = words.Length * sizeof(ulong); i < bytes.Length; i++) hash = Mix(hash ^ bytes[i]) * Multiplier;
            return hash ^ (hash >> 29);
        }

        private static ulong Mix(ulong value) => (value << 31) | (value >> 33);
    }
}
