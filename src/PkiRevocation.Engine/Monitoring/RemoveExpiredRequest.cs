using System;
using System.Collections.Generic;
using PkiRevocation.Certificates;
using PkiRevocation.Expiry;

namespace PkiRevocation.Monitoring
{
    /// <summary>Back up then remove expired certificates from one store (Remove-ExpiredCertificate).</summary>
    public sealed class RemoveExpiredRequest
    {
        public RemoveExpiredRequest(CertificateStoreReference store, string backupFolder)
        {
            Store = store ?? throw new ArgumentNullException(nameof(store));
            BackupFolder = backupFolder ?? throw new ArgumentNullException(nameof(backupFolder));
        }

        public CertificateStoreReference Store { get; }

        /// <summary>Each removed certificate is first written there as &lt;thumbprint&gt;.cer (DER) and read back.</summary>
        public string BackupFolder { get; }

        /// <summary>Only these thumbprints (piped certificates); empty: every expired certificate in the store.</summary>
        public IList<string> Thumbprints { get; } = new List<string>();

        /// <summary>The reference time; the engine clock when null. A certificate not expired at this time is never touched.</summary>
        public DateTime? At { get; set; }

        /// <summary>Asked before each removal (ShouldProcess); false skips the certificate. Null removes without asking.</summary>
        public Func<CertificateExpiry, bool>? Confirm { get; set; }
    }
}
