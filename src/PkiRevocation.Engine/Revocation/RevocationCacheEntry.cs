using System;

namespace PkiRevocation.Revocation
{
    /// <summary>One cached CRL or OCSP response (Get-RevocationCache, pkirev cache list). Times are UTC.</summary>
    public sealed class RevocationCacheEntry
    {
        public RevocationCacheKind Kind { get; set; }

        /// <summary>The CRL URL, or the OCSP responder URL and request key.</summary>
        public string Url { get; set; } = "";

        /// <summary>The cached bytes on disk.</summary>
        public string Path { get; set; } = "";

        public long Size { get; set; }
        public DateTime FetchedAt { get; set; }
        public DateTime? ThisUpdate { get; set; }

        /// <summary>Until when the content is used without asking the server again.</summary>
        public DateTime? NextUpdate { get; set; }

        public string ETag { get; set; } = "";
        public string LastModified { get; set; } = "";

        /// <summary>True when nextUpdate has passed at the time of listing.</summary>
        public bool Expired { get; set; }
    }
}
