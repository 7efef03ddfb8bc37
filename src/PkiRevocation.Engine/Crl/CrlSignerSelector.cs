using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace PkiRevocation.Crl
{
    /// <summary>
    /// Finds who signed a CRL and verifies the signature over the tbsCertList bytes: the certificate's issuer, or a
    /// separate CRL signer of the same CA (same name as the CRL issuer, cRLSign key usage, itself issued by the CA that
    /// issued the issuer). BouncyCastle does the signature math only; the CRL object model is ours.
    /// </summary>
    internal sealed class CrlSignerSelector
    {
        private readonly BcCertificate _issuer;
        private readonly X509Certificate2 _issuerPlatform;
        private readonly IReadOnlyList<(BcCertificate Bc, X509Certificate2 Platform)> _others;

        public CrlSignerSelector(X509Certificate2 issuer, IEnumerable<X509Certificate2> others)
        {
            _issuerPlatform = issuer;
            _issuer = Parse(issuer);
            _others = others.Where(o => o != null && !o.RawData.SequenceEqual(issuer.RawData)).Select(o => (Parse(o), o)).ToList();
        }

        public X509Certificate2 Issuer => _issuerPlatform;

        public byte[] IssuerNameDer => _issuer.SubjectDN.GetDerEncoded();

        /// <summary>
        /// Null when <paramref name="subject"/> was issued by the issuer whose CRLs are checked: its issuer name is the
        /// issuer's subject, its authorityKeyIdentifier (when both carry key identifiers) names the issuer's key, and the
        /// issuer's key verifies its signature. Otherwise why not: its CRLs say nothing about this certificate.
        /// </summary>
        public string? WhyNotIssuerOf(CrlSubject subject)
        {
            if (subject.Bc == null || subject.Certificate == null) return null;
            if (!NamesEqual(subject.Bc.IssuerDN, _issuer.SubjectDN))
                return $"the certificate's issuer '{subject.Certificate.Issuer}' is not the given issuer '{_issuerPlatform.Subject}'";
            var authorityKey = KeyIdentifier(subject.Bc, X509Extensions.AuthorityKeyIdentifier);
            var issuerKey = KeyIdentifier(_issuer, X509Extensions.SubjectKeyIdentifier);
            if (authorityKey != null && issuerKey != null && !authorityKey.AsSpan().SequenceEqual(issuerKey))
                return $"the certificate's authorityKeyIdentifier {Certificates.HexText.Upper(authorityKey)} is not the subjectKeyIdentifier {Certificates.HexText.Upper(issuerKey)} of the given issuer '{_issuerPlatform.Subject}'";
            if (!Ocsp.SignatureVerifier.IssuedBy(subject.Certificate.RawData, _issuer))
                return $"the certificate's signature does not verify with the key of the given issuer '{_issuerPlatform.Subject}'";
            return null;
        }

        // The keyIdentifier of an authorityKeyIdentifier or subjectKeyIdentifier extension; null when absent or unreadable.
        private static byte[]? KeyIdentifier(BcCertificate certificate, DerObjectIdentifier oid)
        {
            try
            {
                var value = certificate.GetExtensionValue(oid);
                if (value == null) return null;
                var inner = Asn1Object.FromByteArray(value.GetOctets());
                return oid.Equals(X509Extensions.AuthorityKeyIdentifier)
                    ? AuthorityKeyIdentifier.GetInstance(inner).KeyIdentifier?.GetOctets()
                    : SubjectKeyIdentifier.GetInstance(inner).GetKeyIdentifier();
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                return null;
            }
        }

        /// <summary>Verifies <paramref name="crl"/>; on success returns the signer (null thumbprint when it is the issuer).</summary>
        public bool TryVerify(CrlIndex crl, List<string> notes, out X509Certificate2? separateSigner)
        {
            separateSigner = null;
            if (!crl.SignatureAlgorithm.Encoded(crl.Der).SequenceEqual(crl.InnerSignatureAlgorithm.Encoded(crl.Der)))
            {
                notes.Add("the signatureAlgorithm outside tbsCertList differs from the one inside");
                return false;
            }

            var crlIssuer = X509Name.GetInstance(Asn1Object.FromByteArray(crl.IssuerDer));
            if (NamesEqual(_issuer.SubjectDN, crlIssuer))
            {
                if (!HasCrlSign(_issuer)) notes.Add($"the issuer '{_issuerPlatform.Subject}' lacks the cRLSign key usage");
                else if (Verify(crl, _issuer, _issuerPlatform, out var error)) return true;
                else notes.Add($"the signature does not verify with the issuer's key{error}");
            }

            foreach (var (candidate, platform) in _others)
            {
                if (!NamesEqual(candidate.SubjectDN, crlIssuer)) continue;
                if (!HasCrlSign(candidate) || candidate.GetKeyUsage() == null)
                {
                    notes.Add($"the candidate CRL signer {platform.Thumbprint} has no cRLSign key usage");
                    continue;
                }

                if (!IssuedBySameCa(candidate))
                {
                    notes.Add($"the candidate CRL signer {platform.Thumbprint} is not issued by the CA that issued '{_issuerPlatform.Subject}'");
                    continue;
                }

                if (Verify(crl, candidate, platform, out var error))
                {
                    separateSigner = platform;
                    return true;
                }

                notes.Add($"the signature does not verify with the candidate CRL signer {platform.Thumbprint}{error}");
            }

            if (notes.Count == 0) notes.Add($"no certificate named like the CRL issuer '{crlIssuer}' is available to verify it");
            return false;
        }

        // The separate signer must be certified by the same key that certified the issuer (RFC 5280 6.3.3 (f)).
        private bool IssuedBySameCa(BcCertificate candidate)
        {
            if (!NamesEqual(candidate.IssuerDN, _issuer.IssuerDN)) return false;
            var authorities = new List<BcCertificate>();
            if (NamesEqual(_issuer.IssuerDN, _issuer.SubjectDN)) authorities.Add(_issuer);
            authorities.AddRange(_others.Select(o => o.Bc).Where(o => NamesEqual(o.SubjectDN, _issuer.IssuerDN)));
            foreach (var authority in authorities)
            {
                try
                {
                    _issuer.Verify(authority.GetPublicKey());
                    candidate.Verify(authority.GetPublicKey());
                    return true;
                }
                catch (Exception ex) when (!(ex is OutOfMemoryException))
                {
                    _ = ex;
                }
            }

            return false;
        }

        private static bool HasCrlSign(BcCertificate certificate)
        {
            var usage = certificate.GetKeyUsage();
            return usage == null || (usage.Length > 6 && usage[6]);
        }

        /// <summary>
        /// Verifies the CRL signature: common algorithms (RSA PKCS#1 v1.5 and ECDSA with SHA-1/2) through the platform's
        /// hash and public-key code, which hashes a 50 MB CRL in tens of milliseconds; anything else through BouncyCastle.
        /// </summary>
        internal static bool Verify(CrlIndex crl, BcCertificate signer, X509Certificate2 platform, out string error)
        {
            var fast = PlatformSignature.TryVerify(crl, platform, out error);
            return fast ?? Verify(crl, signer.GetPublicKey(), out error);
        }

        internal static bool Verify(CrlIndex crl, AsymmetricKeyParameter key, out string error)
        {
            error = "";
            try
            {
                var algorithm = AlgorithmIdentifier.GetInstance(Asn1Object.FromByteArray(crl.SignatureAlgorithm.ToArray(crl.Der)));
                var calculator = new Asn1VerifierFactory(algorithm, key).CreateCalculator();
                using (var stream = calculator.Stream)
                    stream.Write(crl.Der, crl.TbsCertList.Offset, crl.TbsCertList.TotalLength);
                return ((IVerifier)calculator.GetResult()).IsVerified(crl.Signature);
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                error = $" ({ex.Message})";
                return false;
            }
        }

        internal static BcCertificate Parse(X509Certificate2 certificate)
        {
            try
            {
                return new Org.BouncyCastle.X509.X509CertificateParser().ReadCertificate(certificate.RawData);
            }
            catch (Exception ex)
            {
                throw new FormatException($"The certificate '{certificate.Subject}' cannot be decoded: {ex.Message}", ex);
            }
        }

        internal static bool NamesEqual(X509Name a, X509Name b)
        {
            if (a.GetDerEncoded().AsSpan().SequenceEqual(b.GetDerEncoded())) return true;
            try { return a.Equivalent(b, true); }
            catch (Exception) { return false; }
        }

        internal static bool NamesEqual(byte[] a, byte[] b)
        {
            if (a.AsSpan().SequenceEqual(b)) return true;
            try { return NamesEqual(X509Name.GetInstance(Asn1Object.FromByteArray(a)), X509Name.GetInstance(Asn1Object.FromByteArray(b))); }
            catch (Exception) { return false; }
        }
    }
}
