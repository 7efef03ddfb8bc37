using System;
using System.Collections.Generic;

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
        // Hash of the encoding → (the encoding, its value). Reference types only, under a lock: generic code over value
        // types is compiled at run time (precompiled images hold the shared reference-type form), a cost every short run paid.
        private readonly Dictionary<string, Entry> _entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
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
            var hash = ContentHash.Of(bytes).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
            lock (_entries)
            {
                if (_entries.TryGetValue(hash, out var known) && bytes.SequenceEqual(known.Encoding)) return known.Value;
            }

            // Decoded outside the lock; threads decoding the same bytes at once all return the object that was stored.
            var encoding = bytes.ToArray();
            var entry = new Entry(encoding, _decode(encoding));
            lock (_entries)
            {
                if (_entries.TryGetValue(hash, out var stored) && bytes.SequenceEqual(stored.Encoding)) return stored.Value;
                if (_entries.Count >= _capacity) _entries.Clear();
                _entries[hash] = entry; // a new entry, or one whose bytes merely collided in the hash
                return entry.Value;
            }
        }

        private sealed class Entry
        {
            public Entry(byte[] encoding, T value)
            {
                Encoding = encoding;
                Value = value;
            }

            public byte[] Encoding { get; }

            public T Value { get; }
        }
    }
}
