using System;
using System.Collections.Generic;

namespace PkiRevocation.Certificates
{
    /// <summary>
    /// Hands out one array per distinct encoding: a bundle that repeats a certificate holds its bytes once, and
    /// everything decoded from them can be reused (<see cref="Expiry.ExpiryService"/> looks facts up by content).
    /// Equal means equal byte for byte; every certificate read still gets its own result.
    /// </summary>
    internal sealed class DerInterner
    {
        // Hash → the first array with that hash; a rare second encoding with the same hash goes to the overflow list.
        private readonly Dictionary<ulong, byte[]> _first = new Dictionary<ulong, byte[]>();
        private List<byte[]>? _overflow;

        /// <summary>An array holding exactly <paramref name="encoding"/>: a stored one when these bytes were seen before, else a new copy.</summary>
        public byte[] Intern(ReadOnlySpan<byte> encoding)
        {
            var hash = ContentHash.Of(encoding);
            if (_first.TryGetValue(hash, out var known))
            {
                if (encoding.SequenceEqual(known)) return known;
                if (_overflow != null)
                    foreach (var other in _overflow)
                        if (encoding.SequenceEqual(other)) return other;
                var copy = encoding.ToArray();
                (_overflow ??= new List<byte[]>()).Add(copy);
                return copy;
            }

            var stored = encoding.ToArray();
            _first[hash] = stored;
            return stored;
        }
    }
}
