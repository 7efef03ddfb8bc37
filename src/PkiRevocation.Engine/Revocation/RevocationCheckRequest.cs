using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;

namespace PkiRevocation.Revocation
{
    /// <summary>Certificates to check under a revocation policy (the one named, or the one that applies to each).</summary>
    public sealed class RevocationCheckRequest
    {
        public IList<X509Certificate2> Certificates { get; } = new List<X509Certificate2>();

        /// <summary>The issuer of the certificates; may be omitted when it is among <see cref="ChainCertificates"/>.</summary>
        public X509Certificate2? Issuer { get; set; }

        /// <summary>Intermediates and root, for Scope Chain and to find issuers and CRL signers.</summary>
        public IList<X509Certificate2> ChainCertificates { get; } = new List<X509Certificate2>();

        /// <summary>Use this policy instead of selecting one per certificate.</summary>
        public string? PolicyName { get; set; }

        /// <summary>Overrides the policy's methods.</summary>
        public RevocationMethod[]? Methods { get; set; }

        /// <summary>Overrides the policy's UnknownStatus.</summary>
        public UnknownStatusAction? UnknownStatus { get; set; }

        /// <summary>Overrides the policy's Scope.</summary>
        public RevocationScope? Scope { get; set; }

        /// <summary>Overrides the policy's MaxCrlAge: a CRL whose thisUpdate is older is Stale.</summary>
        public TimeSpan? MaxCrlAge { get; set; }

        /// <summary>Explicit CRL files or URLs for the CRL method instead of the distribution points.</summary>
        public IList<string> CrlSources { get; } = new List<string>();

        /// <summary>
        /// Whether a source is written as a URL of any scheme ("ftp://…", "file://…"), so it is never taken for a relative
        /// file path; the engine refuses the schemes it cannot fetch (anything but http, https, ldap, ldaps and file).
        /// </summary>
        public static bool IsUrl(string source)
        {
            var text = (source ?? "").TrimStart();
            var colon = text.IndexOf("://", StringComparison.Ordinal);
            if (colon < 2 || !char.IsLetter(text[0])) return false; // "C://x" is a Windows drive, not a scheme
            for (var i = 1; i < colon; i++)
                if (!char.IsLetterOrDigit(text[i]) && text[i] != '+' && text[i] != '-' && text[i] != '.') return false;
            return true;
        }

        public DateTime? At { get; set; }

        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

        public bool UseCache { get; set; } = true;

        /// <summary>
        /// An issuer found nowhere else is fetched from the certificate's AIA caIssuers URLs and used only as the
        /// issuer that signed it (default). False is -NoAiaFetch / --no-aia-fetch.
        /// </summary>
        public bool FetchIssuers { get; set; } = true;

        /// <summary>Credentials for LDAP distribution points and caIssuers; null binds anonymously (on Windows: as the current user, Negotiate).</summary>
        public System.Net.NetworkCredential? LdapCredential { get; set; }
    }
}
