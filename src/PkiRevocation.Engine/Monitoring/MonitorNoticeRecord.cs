using System;

namespace PkiRevocation.Monitoring
{
    /// <summary>Run state for one certificate (by thumbprint): what was sent and when.</summary>
    internal sealed class MonitorNoticeRecord
    {
        public string Thumbprint { get; set; } = "";
        public string Subject { get; set; } = "";
        public DateTime NotAfter { get; set; }
        public string Source { get; set; } = "";
        public MonitorGroup? LastGroup { get; set; }
        public DateTime? LastSentAt { get; set; }
        public DateTime LastSeenAt { get; set; }
    }
}
