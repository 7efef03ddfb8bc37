using System;

namespace PkiRevocation.Configuration
{
    /// <summary>The source of "now". Every engine decision takes an explicit reference time; the clock only supplies the default.</summary>
    public interface IClock
    {
        DateTime UtcNow { get; }
    }
}
