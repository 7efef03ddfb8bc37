using System;
using System.Collections.Generic;

namespace PkiRevocation.Net
{
    /// <summary>What <see cref="LdapDirectoryReader.Read"/> found: the attribute values, or why there are none.</summary>
    internal sealed class LdapReadResult
    {
        public LdapReadResult(IReadOnlyList<byte[]> values, string step)
        {
            Values = values;
            Step = step;
        }

        public IReadOnlyList<byte[]> Values { get; }

        public string Step { get; }

        /// <summary>Why nothing was read; null when values were.</summary>
        public string? Error { get; private set; }

        /// <summary>The server could not be reached (as opposed to: it answered, and the answer was not usable).</summary>
        public bool Connectivity { get; private set; }

        /// <summary>The URL could not be used here at all (no host off Windows, a credential over plain LDAP).</summary>
        public bool NotAttempted { get; private set; }

        public static LdapReadResult Failed(string step, bool connectivity) =>
            new LdapReadResult(Array.Empty<byte[]>(), step) { Error = step, Connectivity = connectivity };

        public static LdapReadResult Skipped(string step) =>
            new LdapReadResult(Array.Empty<byte[]>(), step) { Error = step, NotAttempted = true };
    }
}
