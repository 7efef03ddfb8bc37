using System;
using System.Runtime.InteropServices;

namespace PkiRevocation.Certificates
{
    /// <summary>
    /// A fast 64-bit hash of an encoding, for finding equal encodings (every user confirms a match byte for byte).
    /// Not a cryptographic hash: it decides nothing about trust.
    /// </summary>
    internal static class ContentHash
    {
        public static ulong Of(ReadOnlySpan<byte> bytes)
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
