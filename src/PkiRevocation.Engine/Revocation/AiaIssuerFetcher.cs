using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using PkiRevocation.Net;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace PkiRevocation.Revocation
{
    /// <summary>
    /// Fetches a certificate's missing issuer from its Authority Information Access caIssuers URLs (RFC 5280
    /// §4.2.2.1): over http(s) a DER certificate or a certs-only PKCS#7 bundle, over LDAP the cACertificate;binary
    /// values of the entry (AD CS keeps every renewal of its CA certificate there). A candidate is taken only as the
    /// issuer that signed this one certificate: its subject must be the certificate's issuer name, its subject key
    /// identifier the certificate's authority key identifier (when both are present), and its key must verify the
    /// certificate's signature. It never becomes a trust anchor: it only lets OCSP requests and CRL signatures be
    /// built and checked for this certificate, exactly as a given -Issuer would. What was fetched is kept in the
    /// revocation cache for <see cref="CacheLifetime"/> and checked again on every use.
    /// </summary>
    /// <remarks>Thread-safe: one fetch per URL per instance, shared by every certificate of a run.</remarks>
    internal sealed class AiaIssuerFetcher
    {
        /// <summary>How long a fetched CA certificate is used from the cache before it is fetched again.</summary>
        public static readonly TimeSpan CacheLifetime = TimeSpan.FromHours(24);

        /// <summary>The largest answer accepted: a CA certificate, or a bundle of a few.</summary>
        public const long DefaultMaxBytes = 1024 * 1024;

        private static readonly DerObjectIdentifier CaIssuers = new DerObjectIdentifier("1.3.6.1.5.5.7.48.2");
        private readonly RevocationDownloader _downloader;
        private readonly EngineEnvironment _environment;
        private readonly TimeSpan _timeout;
        private readonly bool _preferHttp;
        private readonly ConcurrentDictionary<string, Lazy<Fetched>> _fetched = new ConcurrentDictionary<string, Lazy<Fetched>>(StringComparer.Ordinal);

        public AiaIssuerFetcher(EngineEnvironment environment, RevocationCache? cache, TimeSpan timeout, bool preferHttp, NetworkCredential? ldapCredential)
        {
            _environment = environment;
            _downloader = new RevocationDownloader(environment, cache) { LdapCredential = ldapCredential };
            _timeout = timeout;
            _preferHttp = preferHttp;
        }

        public long MaxBytes { get; set; } = DefaultMaxBytes;

        /// <summary>
        /// The issuer of <paramref name="certificateDer"/> from its caIssuers URLs (in policy order), or null.
        /// <paramref name="steps"/> gets one line per URL tried; <paramref name="where"/> names the URL that gave it.
        /// </summary>
        public BcCertificate? Fetch(byte[] certificateDer, List<string> steps, out string where, CancellationToken cancellationToken)
        {
            where = "";
            BcCertificate certificate;
            try
            {
                certificate = new X509CertificateParser().ReadCertificate(certificateDer);
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                steps.Add($"AIA caIssuers: the certificate cannot be decoded ({ex.Message})");
                return null;
            }

            var urls = LocationOrder.Arrange(Urls(certificate), _preferHttp);
            if (urls.Count == 0)
            {
                steps.Add("AIA caIssuers: the certificate names no caIssuers URL");
                return null;
            }

            var keyId = AuthorityKeyId(certificate);
            foreach (var url in urls)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!LocationOrder.IsFetchable(url))
                {
                    steps.Add($"AIA caIssuers {url}: not an http(s) or ldap(s) URL; skipped");
                    continue;
                }

                var fetched = _fetched.GetOrAdd(url, u => new Lazy<Fetched>(() => Get(u, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
                steps.Add("AIA caIssuers " + fetched.Step);
                if (fetched.Certificates.Count == 0) continue;
                foreach (var candidate in fetched.Certificates)
                {
                    var refusal = Refusal(certificate, certificateDer, candidate, keyId);
                    if (refusal != null)
                    {
                        steps.Add($"AIA caIssuers {url}: '{candidate.SubjectDN}' refused: {refusal}");
                        continue;
                    }

                    where = $"the certificate's AIA caIssuers {url} ({(fetched.FromCache ? "from the cache" : "fetched")}; used only as the issuer that signed this certificate, not as a trust anchor)";
                    return candidate;
                }
            }

            return null;
        }

        private Fetched Get(string url, CancellationToken cancellationToken)
        {
            var download = _downloader.Get(RevocationCacheKind.Issuer, url, _timeout, MaxBytes, cancellationToken, ldapAttribute: "cACertificate");
            if (download.Content == null) return new Fetched(download.Step, new List<BcCertificate>(), false);
            var certificates = new List<BcCertificate>();
            string? problem = null;
            foreach (var part in download.Parts())
            {
                try
                {
                    // A DER certificate, a certs-only PKCS#7 (SignedData) bundle, or PEM of either.
                    certificates.AddRange(new X509CertificateParser().ReadCertificates(part).Cast<BcCertificate>());
                }
                catch (Exception ex) when (!(ex is OutOfMemoryException))
                {
                    problem = ex.Message;
                }
            }

            if (certificates.Count == 0)
                return new Fetched($"{download.Step}; holds no certificate{(problem == null ? "" : " (" + problem + ")")}", certificates, false);
            var now = _environment.Clock.UtcNow;
            _downloader.Remember(RevocationCacheKind.Issuer, download, now, now + CacheLifetime, cancellationToken);
            return new Fetched($"{download.Step}; {certificates.Count} certificate(s)", certificates, download.FromCache);
        }

        /// <summary>Why <paramref name="candidate"/> is not the issuer of <paramref name="certificate"/>; null when it is.</summary>
        private static string? Refusal(BcCertificate certificate, byte[] certificateDer, BcCertificate candidate, byte[]? keyId)
        {
            bool sameName;
            try { sameName = candidate.SubjectDN.Equivalent(certificate.IssuerDN); }
            catch (Exception ex) when (!(ex is OutOfMemoryException)) { sameName = false; }
            if (!sameName) return $"its subject is not the certificate's issuer '{certificate.IssuerDN}'";
            if (!Ocsp.SignatureVerifier.IssuedBy(certificateDer, candidate)) return "its key does not verify the certificate's signature (it did not sign it)";
            var subjectKeyId = SubjectKeyId(candidate);
            if (keyId != null && subjectKeyId != null && !keyId.AsSpan().SequenceEqual(subjectKeyId))
                return "its subject key identifier is not the certificate's authority key identifier";
            return null;
        }

        private static IEnumerable<string> Urls(BcCertificate certificate)
        {
            var value = certificate.GetExtensionValue(X509Extensions.AuthorityInfoAccess);
            if (value == null) yield break;
            AuthorityInformationAccess aia;
            try { aia = AuthorityInformationAccess.GetInstance(Asn1Object.FromByteArray(value.GetOctets())); }
            catch (Exception ex) when (!(ex is OutOfMemoryException)) { yield break; }
            foreach (var description in aia.GetAccessDescriptions())
            {
                if (!description.AccessMethod.Equals(CaIssuers) || description.AccessLocation.TagNo != GeneralName.UniformResourceIdentifier) continue;
                yield return DerIA5String.GetInstance(description.AccessLocation.Name).GetString();
            }
        }

        private static byte[]? AuthorityKeyId(BcCertificate certificate)
        {
            var value = certificate.GetExtensionValue(X509Extensions.AuthorityKeyIdentifier);
            if (value == null) return null;
            try { return AuthorityKeyIdentifier.GetInstance(Asn1Object.FromByteArray(value.GetOctets())).KeyIdentifier?.GetOctets(); }
            catch (Exception ex) when (!(ex is OutOfMemoryException)) { return null; }
        }

        private static byte[]? SubjectKeyId(BcCertificate certificate)
        {
            var value = certificate.GetExtensionValue(X509Extensions.SubjectKeyIdentifier);
            if (value == null) return null;
            try { return Asn1OctetString.GetInstance(Asn1Object.FromByteArray(value.GetOctets())).GetOctets(); }
            catch (Exception ex) when (!(ex is OutOfMemoryException)) { return null; }
        }

        private sealed class Fetched
        {
            public Fetched(string step, List<BcCertificate> certificates, bool fromCache)
            {
                Step = step;
                Certificates = certificates;
                FromCache = fromCache;
            }

            public string Step { get; }

            public List<BcCertificate> Certificates { get; }

            public bool FromCache { get; }
        }
    }
}
