using System;
using System.Collections.Generic;

namespace PkiRevocation.Sessions
{
    /// <summary>state/sessions.json: when each session was last checked, keyed by <see cref="SessionCheckService.StateKey"/>.</summary>
    public sealed class SessionCheckState
    {
        public Dictionary<string, SessionStateEntry> Sessions { get; set; } = new Dictionary<string, SessionStateEntry>();
    }
}
