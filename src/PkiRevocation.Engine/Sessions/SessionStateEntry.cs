using System;

namespace PkiRevocation.Sessions
{
    /// <summary>One session's last completed check.</summary>
    public sealed class SessionStateEntry
    {
        public DateTime LastCheckedAt { get; set; }

        public SessionVerdict LastVerdict { get; set; }
    }
}
