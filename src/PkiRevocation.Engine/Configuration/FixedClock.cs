using System;

namespace PkiRevocation.Configuration
{
    /// <summary>A clock pinned to one instant: replays a decision at a reference time.</summary>
    public sealed class FixedClock : IClock
    {
        public FixedClock(DateTime utcNow) => UtcNow = ReferenceTime.ToUtc(utcNow);

        public DateTime UtcNow { get; set; }
    }
}
