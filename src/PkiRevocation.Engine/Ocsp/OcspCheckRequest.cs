using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;

namespace PkiRevocation.Ocsp
{
    /// <summary>What to check and how. Defaults follow the issue: nonce on, SHA-1 CertID, POST, 10 s, 8 concurrent requests.</summary>
    public sealed class OcspCheckRequest
    {
        public OcspCheckRequest() { }

        public OcspCheckRequest(IEnumerable<X509Certificate2> certificates, Uri? responderUri = null, bool nonce = true)
        {
            foreach (var certificate in certificates) Certificates.Add(certificate);
            ResponderUri = responderUri;
            UseNonce = nonce;
        }

        /// <summary>The certificates to check; one result each, in this order.</summary>
        public IList<X509Certificate2> Certificates { get; } = new List<X509Certificate2>();

        /// <summary>
        /// DER certificates to check after <see cref="Certificates"/>, one result each, in this order. No
        /// X509Certificate2 is built for them (cheaper for thousands): their result's Subject, Issuer and SerialNumber
        /// are what X509Certificate2 would give, and its Certificate is null. Like <see cref="Certificates"/>, they are
        /// also searched as issuers. One that is not a well-formed certificate gives an Indeterminate result
        /// (see <see cref="Certificates.CertificateStructure.IsWellFormed"/> to refuse it before checking).
        /// </summary>
        public IList<byte[]> EncodedCertificates { get; } = new List<byte[]>();

        /// <summary>Issuer candidates (-Issuer). Also searched: the other certificates of the request, then the CA and Root stores.</summary>
        public IList<X509Certificate2> Issuers { get; } = new List<X509Certificate2>();

        /// <summary>
        /// An issuer found nowhere else is fetched from the certificate's AIA caIssuers URLs (http(s) or ldap(s)) and
        /// used only as the issuer that signed it (default). False is -NoAiaFetch / --no-aia-fetch.
        /// </summary>
        public bool FetchIssuers { get; set; } = true;

        /// <summary>Try http(s) caIssuers URLs before ldap ones (default); false keeps the certificate's order.</summary>
        public bool PreferHttp { get; set; } = true;

        /// <summary>Keep fetched issuers in the revocation cache (and use them from it) for a day.</summary>
        public bool UseCache { get; set; } = true;

        /// <summary>Credentials for ldap caIssuers URLs; null binds anonymously (on Windows: as the current user, Negotiate).</summary>
        public System.Net.NetworkCredential? LdapCredential { get; set; }

        /// <summary>Overrides the AIA OCSP URIs ("Use configured OCSP URI").</summary>
        public Uri? ResponderUri { get; set; }

        /// <summary>Send a nonce (default). False is -NoNonce.</summary>
        public bool UseNonce { get; set; } = true;

        /// <summary>A response without the nonce is Indeterminate/NonceMissing instead of accepted with NonceStatus Missing.</summary>
        public bool RequireNonce { get; set; }

        public OcspHashAlgorithm HashAlgorithm { get; set; } = OcspHashAlgorithm.Sha1;

        /// <summary>Use the base64 GET form (RFC 6960 A.1) when the encoded request is shorter than 255 bytes; POST otherwise.</summary>
        public bool UseGet { get; set; }

        /// <summary>Bounds connect and the whole exchange with one responder.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>An explicit HTTP proxy; null uses the system proxy.</summary>
        public Uri? Proxy { get; set; }

        /// <summary>A TLS client certificate (with private key) for HTTPS responders.</summary>
        public X509Certificate2? ClientCertificate { get; set; }

        /// <summary>Responder certificates the administrator trusts (Trusted Responder Model); self-signed allowed.</summary>
        public IList<X509Certificate2> TrustedResponders { get; } = new List<X509Certificate2>();

        /// <summary>When a response has no nextUpdate: the oldest thisUpdate accepted, relative to the reference time.</summary>
        public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);

        /// <summary>Allowance for clock differences on thisUpdate, nextUpdate and producedAt.</summary>
        public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>At most this many requests in flight.</summary>
        public int ThrottleLimit { get; set; } = 8;

        /// <summary>Put certificates that share issuer and responder into one OCSPRequest.</summary>
        public bool Batch { get; set; }

        /// <summary>The most certificates per batched request.</summary>
        public int BatchSize { get; set; } = 100;

        /// <summary>The reference time; the engine clock when null.</summary>
        public DateTime? At { get; set; }

        /// <summary>A saved DER OCSPResponse: verified offline (no network) against every certificate of the request.</summary>
        public byte[]? Response { get; set; }
    }
}
