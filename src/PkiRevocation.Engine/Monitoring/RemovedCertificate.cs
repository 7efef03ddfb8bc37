using System;

namespace PkiRevocation.Monitoring
{
    /// <summary>An expired certificate that was backed up and removed from its store.</summary>
    public sealed class RemovedCertificate
    {
        public string Subject { get; set; } = "";
        public string Issuer { get; set; } = "";
        public string Thumbprint { get; set; } = "";
        public DateTime NotAfter { get; set; }
        public int DaysRemaining { get; set; }

        /// <summary>store://Location/Name</summary>
        public string Store { get; set; } = "";

        /// <summary>The DER file written before the removal.</summary>
        public string BackupPath { get; set; } = "";

        public bool HadPrivateKey { get; set; }
        public DateTime ReferenceTime { get; set; }
    }
}
