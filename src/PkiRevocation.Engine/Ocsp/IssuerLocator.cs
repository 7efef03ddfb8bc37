using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace PkiRevocation.Ocsp
{
    /// <summary>
    /// Finds the issuer of a certificate: among the given issuers, then the other certificates of the request, then
    /// the CA and Root stores (read once, only when needed), and last, unless turned off, at the certificate's AIA
    /// caIssuers URLs (<see cref="Revocation.AiaIssuerFetcher"/>: used only as this certificate's issuer, never as a
    /// trust anchor). A candidate is the issuer when its subject is the certificate's issuer name and its key
    /// verifies the certificate's signature.
    /// </summary>
    /// <remarks>Thread-safe: Find may be called concurrently.</remarks>
    internal sealed class IssuerLocator
    {
        private readonly List<BcCertificate> _given;
        private readonly Lazy<List<BcCertificate>> _pipeline;
        private readonly Lazy<List<BcCertificate>> _stores = new Lazy<List<BcCertificate>>(ReadStores, System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);

        private readonly Revocation.AiaIssuerFetcher? _aia;

        /// <param name="given">The issuers given (-Issuer).</param>
        /// <param name="pipeline">The DER of the certificates checked (held, not copied: do not change it while the locator is used).</param>
        /// <param name="aia">Fetches a missing issuer from the certificate's AIA caIssuers URLs; null never fetches.</param>
        public IssuerLocator(IEnumerable<X509Certificate2> given, IReadOnlyList<byte[]> pipeline, Revocation.AiaIssuerFetcher? aia = null)
        {
            _aia = aia;
            _given = Parse(given).ToList();
            // The checked certificates are decoded as candidates only when a given issuer does not fit (with -Issuer
            // they are never needed: decoding thousands of them up front was most of the cost of a large run).
            _pipeline = new Lazy<List<BcCertificate>>(() => Parse(pipeline).ToList(), System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>The issuer of <paramref name="certificate"/>: subject equal to its issuer name, key verifying its signature.</summary>
        /// <param name="certificate">The certificate whose issuer is wanted.</param>
        /// <param name="where">Gets where the issuer was found (given, pipeline, a store or an AIA URL); empty when not found.</param>
        /// <param name="notes">Gets a line for each AIA caIssuers URL tried (when the issuer had to be fetched).</param>
        /// <param name="cancellationToken">Cancels an AIA fetch.</param>
        public BcCertificate? Find(TbsCertificateView certificate, out string where, List<string>? notes = null, System.Threading.CancellationToken cancellationToken = default)
        {
            where = "";
            foreach (var (source, candidates) in Sources())
            {
                foreach (var candidate in candidates)
                {
                    if (!certificate.IssuerNameMatches(candidate)) continue;
                    if (!SignatureVerifier.IssuedBy(certificate.Der, candidate)) continue;
                    where = source;
                    return candidate;
                }
            }

            return _aia?.Fetch(certificate.Der, notes ?? new List<string>(), out where, cancellationToken);
        }

        private IEnumerable<(string, List<BcCertificate>)> Sources()
        {
            yield return ("the given issuers", _given);
            yield return ("the certificates checked", _pipeline.Value);
            yield return ("the CA and Root certificate stores", _stores.Value);
        }

        private static List<BcCertificate> ReadStores() => Parse(Certificates.SystemCaCertificates.All).ToList();

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<X509Certificate2, BcCertificate[]> Decoded =
            new System.Runtime.CompilerServices.ConditionalWeakTable<X509Certificate2, BcCertificate[]>();

        /// <summary>
        /// Platform certificates (issuers given, trusted responders, the stores' certificates) in BouncyCastle form,
        /// decoded once per certificate object: every check that gets the same object gets the same decoded one, so
        /// its imported key is reused as well. Ones that cannot be decoded are left out.
        /// </summary>
        internal static IEnumerable<BcCertificate> Parse(IEnumerable<X509Certificate2> certificates)
        {
            foreach (var certificate in certificates)
            {
                foreach (var decoded in Decoded.GetValue(certificate, c => TryParse(c.RawData) is BcCertificate parsed ? new[] { parsed } : Array.Empty<BcCertificate>()))
                    yield return decoded;
            }
        }

        private static IEnumerable<BcCertificate> Parse(IEnumerable<byte[]> certificates)
        {
            foreach (var der in certificates)
            {
                var parsed = TryParse(der);
                if (parsed != null) yield return parsed;
            }
        }

        internal static BcCertificate? TryParse(byte[] der)
        {
            try
            {
                return new X509CertificateParser().ReadCertificate(der);
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                return null;
            }
        }
    }
}
