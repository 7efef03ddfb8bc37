using System;
using System.Collections.Generic;

namespace PkiRevocation.Sessions
{
    /// <summary>Which sessions to check, and how. With no session given, the registered sessions (both scopes) are checked.</summary>
    public sealed class SessionCheckRequest
    {
        /// <summary>Sessions handed over directly (the pipeline, Import-Csv); empty: the registry.</summary>
        public IList<LongLivedSession> Sessions { get; } = new List<LongLivedSession>();

        /// <summary>The reference time; the engine clock when null.</summary>
        public DateTime? At { get; set; }

        /// <summary>Check sessions even when their interval has not elapsed (TooYoung and CheckDisabled still apply).</summary>
        public bool Force { get; set; }

        /// <summary>Bounds connect, StartTLS and handshake for each session's endpoint.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>The settings to use instead of the stored ones (tests, what-if runs); null: the effective stored settings.</summary>
        public SessionCheckSettings? Settings { get; set; }
    }
}
