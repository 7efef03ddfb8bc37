using System;
using System.Security.Cryptography.X509Certificates;
using PkiRevocation.Revocation;

namespace PkiRevocation.Crl
{
    /// <summary>
    /// The CRL decision for one certificate (or serial number) at a reference time. Plain typed properties: survives
    /// Export-Clixml, remoting and ConvertTo-Json. Times are UTC.
    /// </summary>
    public sealed class CrlResult
    {
        public string Subject { get; set; } = "";
        public string Issuer { get; set; } = "";
        public string SerialNumber { get; set; } = "";
        public string Thumbprint { get; set; } = "";
        public CrlStatus Status { get; set; } = CrlStatus.Indeterminate;

        /// <summary>Why the status is Indeterminate (no CRL, bad signature, stale, out of scope, ...); empty otherwise.</summary>
        public string FailureReason { get; set; } = "";

        public DateTime? RevocationTime { get; set; }
        public RevocationReason? RevocationReason { get; set; }
        public DateTime? InvalidityDate { get; set; }

        /// <summary>thisUpdate / nextUpdate of the complete CRL that decided.</summary>
        public DateTime? ThisUpdate { get; set; }
        public DateTime? NextUpdate { get; set; }

        /// <summary>cRLNumber of the complete CRL (hex), and of the delta CRL applied on top of it.</summary>
        public string CrlNumber { get; set; } = "";
        public string DeltaCrlNumber { get; set; } = "";

        /// <summary>Where the complete CRL and the delta CRL came from: a URL or a file path.</summary>
        public string Source { get; set; } = "";
        public string DeltaSource { get; set; } = "";

        /// <summary>True when the deciding CRL was read from the revocation cache without a download.</summary>
        public bool FromCache { get; set; }

        /// <summary>Thumbprint of a separate CRL signer (same CA, cRLSign) that signed the CRL; empty when the issuer signed it.</summary>
        public string CrlSignerThumbprint { get; set; } = "";

        /// <summary>True when every failure was about reaching a CRL (network, timeout, HTTP error), not about its content.</summary>
        public bool ConnectivityFailure { get; set; }

        public DateTime ReferenceTime { get; set; }

        /// <summary>Every CRL tried, in order, with what was found and why it did or did not decide.</summary>
        public string[] Steps { get; set; } = Array.Empty<string>();

        public X509Certificate2? Certificate { get; set; }

        /// <summary>Indeterminate because a usable delta CRL builds on a newer complete CRL than the one obtained (a fresh download may help).</summary>
        internal bool CompleteCrlOutdated { get; set; }
    }
}
