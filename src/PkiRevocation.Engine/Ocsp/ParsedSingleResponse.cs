using System;
using System.Collections.Generic;

namespace PkiRevocation.Ocsp
{
    /// <summary>One SingleResponse.</summary>
    internal sealed class ParsedSingleResponse
    {
        public CertId CertId { get; set; } = null!;

        public OcspStatus Status { get; set; }

        public DateTime? RevocationTime { get; set; }

        public string? RevocationReason { get; set; }

        public DateTime ThisUpdate { get; set; }

        public DateTime? NextUpdate { get; set; }

        public IReadOnlyList<ParsedExtension> Extensions { get; set; } = Array.Empty<ParsedExtension>();
    }
}
