using System;
using System.Collections.Generic;
using System.Linq;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace PkiRevocation.Crl
{
    /// <summary>
    /// Whether a CRL covers a certificate (RFC 5280 6.3.3 (b)): the issuingDistributionPoint name against the
    /// certificate's distribution points, onlyContainsUserCerts / onlyContainsCACerts / onlyContainsAttributeCerts,
    /// and which revocation reasons it covers (onlySomeReasons and the distribution point's reasons).
    /// </summary>
    internal static class CrlScope
    {
        /// <summary>Reason bits 1..8 of ReasonFlags: a CRL set covering all of them decides NotRevoked.</summary>
        public const int AllReasons = 0x1FE;

        /// <summary>Returns the reasons mask the CRL covers for the subject, or null with <paramref name="why"/>.</summary>
        public static int? Covered(CrlIndex crl, CrlSubject subject, byte[] certificateIssuerDer, out string why)
        {
            why = "";
            IssuingDistributionPoint? idp = null;
            if (crl.IssuingDistributionPoint != null)
            {
                try { idp = IssuingDistributionPoint.GetInstance(Asn1Object.FromByteArray(crl.IssuingDistributionPoint)); }
                catch (Exception ex) { why = $"its issuingDistributionPoint cannot be decoded ({ex.Message})"; return null; }
            }

            var crlIssuer = X509Name.GetInstance(Asn1Object.FromByteArray(crl.IssuerDer));
            var idpReasons = AllReasons;
            if (idp != null)
            {
                if (idp.OnlyContainsAttributeCerts) { why = "it only covers attribute certificates (onlyContainsAttributeCerts)"; return null; }
                if (idp.OnlySomeReasons != null) idpReasons = Mask(idp.OnlySomeReasons) & AllReasons;
                if (subject.HasCertificate)
                {
                    if (idp.OnlyContainsUserCerts && subject.IsCa) { why = "it only covers end-entity certificates (onlyContainsUserCerts) and this is a CA"; return null; }
                    // A v1 or v2 certificate has no basicConstraints: it may be a CA (RFC 5280 6.1.4 (k)), so a users-only CRL does not speak for it.
                    if (idp.OnlyContainsUserCerts && subject.Version < 3) { why = $"it only covers end-entity certificates (onlyContainsUserCerts) and this v{subject.Version} certificate has no basicConstraints, so it may be a CA"; return null; }
                    if (idp.OnlyContainsCACerts && !subject.IsCa) { why = "it only covers CA certificates (onlyContainsCACerts) and this is an end entity"; return null; }
                }
            }

            if (!subject.HasCertificate)
            {
                if (idp != null && (idp.DistributionPoint != null || idp.OnlyContainsUserCerts || idp.OnlyContainsCACerts))
                    why = "a bare serial number: the issuingDistributionPoint scope (distribution point, user/CA only) was not checked";
                return idpReasons;
            }

            var certificateIssuer = X509Name.GetInstance(Asn1Object.FromByteArray(certificateIssuerDer));
            var points = subject.DistributionPoints.Count > 0
                ? subject.DistributionPoints
                : new[] { new DistributionPoint(null, null, new GeneralNames(new GeneralName(certificateIssuer))) };
            var idpNames = idp?.DistributionPoint != null ? FullNames(idp.DistributionPoint, crlIssuer) : null;
            var best = 0;
            var matched = false;
            foreach (var point in points)
            {
                if (point.CrlIssuer != null && !point.CrlIssuer.GetNames().Any(n => n.TagNo == GeneralName.DirectoryName && CrlSignerSelector.NamesEqual(X509Name.GetInstance(n.Name), crlIssuer)))
                    continue; // this point names another CRL issuer (indirect CRL)
                if (idpNames != null)
                {
                    var names = point.DistributionPointName != null
                        ? FullNames(point.DistributionPointName, certificateIssuer)
                        : point.CrlIssuer?.GetNames() ?? Array.Empty<GeneralName>();
                    if (!names.Any(n => idpNames.Any(m => NamesEqual(n, m)))) continue;
                }

                matched = true;
                var pointReasons = point.Reasons != null ? Mask(point.Reasons) & AllReasons : AllReasons;
                best |= pointReasons & idpReasons;
            }

            if (!matched)
            {
                why = idpNames != null
                    ? "its issuingDistributionPoint name matches none of the certificate's CRL distribution points"
                    : "the certificate's CRL distribution points name another CRL issuer (indirect CRLs are not supported)";
                return null;
            }

            return best;
        }

        /// <summary>The reason names in a mask, for steps.</summary>
        public static string Describe(int mask)
        {
            var names = new[] { "unused", "keyCompromise", "cACompromise", "affiliationChanged", "superseded", "cessationOfOperation", "certificateHold", "privilegeWithdrawn", "aACompromise" };
            if ((mask & AllReasons) == AllReasons) return "all reasons";
            var list = Enumerable.Range(1, 8).Where(i => (mask & (1 << i)) != 0).Select(i => names[i]).ToList();
            return list.Count == 0 ? "no reasons" : string.Join(", ", list);
        }

        private static GeneralName[] FullNames(DistributionPointName name, X509Name relativeTo)
        {
            if (name.Type == DistributionPointName.FullName) return GeneralNames.GetInstance(name.Name).GetNames();
            var vector = new Asn1EncodableVector();
            foreach (Asn1Encodable rdn in Asn1Sequence.GetInstance(relativeTo.ToAsn1Object())) vector.Add(rdn);
            vector.Add(Asn1Set.GetInstance(name.Name));
            return new[] { new GeneralName(X509Name.GetInstance(new DerSequence(vector))) };
        }

        private static bool NamesEqual(GeneralName a, GeneralName b)
        {
            if (a.TagNo != b.TagNo) return false;
            if (a.TagNo == GeneralName.DirectoryName) return CrlSignerSelector.NamesEqual(X509Name.GetInstance(a.Name), X509Name.GetInstance(b.Name));
            return a.Name.ToAsn1Object().GetDerEncoded().AsSpan().SequenceEqual(b.Name.ToAsn1Object().GetDerEncoded());
        }

        // ReasonFlags BIT STRING: bit 0 is the most significant bit of the first byte. Returns bit i as 1 << i.
        private static int Mask(DerBitString bits)
        {
            var bytes = bits.GetBytes();
            var mask = 0;
            for (var i = 0; i < Math.Min(bytes.Length * 8, 16); i++)
                if ((bytes[i / 8] & (0x80 >> (i % 8))) != 0) mask |= 1 << i;
            return mask;
        }
    }
}
