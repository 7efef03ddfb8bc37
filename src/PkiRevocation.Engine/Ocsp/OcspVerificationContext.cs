using System;
using System.Collections.Generic;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace PkiRevocation.Ocsp
{
    /// <summary>What a response is judged against: the reference time, freshness limits, trusted responders and the nonce sent.</summary>
    internal sealed class OcspVerificationContext
    {
        public DateTime At { get; set; }

        public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

        public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);

        public IReadOnlyList<BcCertificate> TrustedResponders { get; set; } = Array.Empty<BcCertificate>();

        /// <summary>The nonce bytes sent in the request; null when none was sent.</summary>
        public byte[]? NonceSent { get; set; }

        public bool RequireNonce { get; set; }
    }
}
