using System.Collections.Generic;

namespace PkiRevocation.Sessions
{
    /// <summary>sessions.json of one scope: the check settings (null until set) and the registered sessions.</summary>
    public sealed class SessionConfiguration
    {
        public SessionCheckSettings? Settings { get; set; }

        public List<LongLivedSession> Sessions { get; set; } = new List<LongLivedSession>();
    }
}
