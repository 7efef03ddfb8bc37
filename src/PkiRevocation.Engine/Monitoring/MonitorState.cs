using System;
using System.Collections.Generic;

namespace PkiRevocation.Monitoring
{
    /// <summary>The monitor's run state of one scope (state/monitor-&lt;scope&gt;.json), written atomically under a lock.</summary>
    internal sealed class MonitorState
    {
        public DateTime? LastRun { get; set; }
        public MonitorRunOutcome? LastOutcome { get; set; }
        public string LastMessage { get; set; } = "";
        public DateTime? NextRun { get; set; }
        public DateTime? LastRestart { get; set; }
        public Dictionary<string, MonitorNoticeRecord> Notices { get; set; } = new Dictionary<string, MonitorNoticeRecord>(StringComparer.OrdinalIgnoreCase);
    }
}
