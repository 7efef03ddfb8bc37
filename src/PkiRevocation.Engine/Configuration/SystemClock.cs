using System;

namespace PkiRevocation.Configuration
{
    /// <summary>The machine's clock.</summary>
    public sealed class SystemClock : IClock
    {
        public static readonly SystemClock Instance = new SystemClock();

        public DateTime UtcNow => DateTime.UtcNow;
    }
}
