using System;

namespace PkiRevocation.Sessions
{
    /// <summary>What the session check needs to know about a revocation policy: whether it is on, and how often it checks.</summary>
    public sealed class SessionRevocationPolicy
    {
        public SessionRevocationPolicy(string name, bool enabled, TimeSpan checkInterval)
        {
            Name = name;
            Enabled = enabled;
            CheckInterval = checkInterval;
        }

        public string Name { get; }

        /// <summary>False: revocation is disabled, and no revocation check is done.</summary>
        public bool Enabled { get; }

        /// <summary>The policy's "Check Every": takes precedence over ValidityCheckFrequency where revocation applies.</summary>
        public TimeSpan CheckInterval { get; }
    }
}
