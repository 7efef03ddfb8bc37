using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;

namespace PkiRevocation.TestSupport;

/// <summary>CRLs and delta CRLs signed by a generated CA (<see cref="TestPki"/>), with pinned times.</summary>
public static class TestCrl
{
    /// <summary>
    /// A CRL of <paramref name="ca"/> listing <paramref name="revoked"/> (reason keyCompromise at
    /// <paramref name="thisUpdate"/> minus a day), with cRLNumber <paramref name="number"/>; a delta CRL of the base
    /// numbered <paramref name="deltaOf"/> when that is given. Returns the DER.
    /// </summary>
    public static byte[] Build(TestCertificate ca, DateTime thisUpdate, DateTime nextUpdate, long number, IEnumerable<TestCertificate>? revoked = null, long? deltaOf = null)
    {
        var generator = new X509V2CrlGenerator();
        generator.SetIssuerDN(ca.Bc.SubjectDN);
        generator.SetThisUpdate(DateTime.SpecifyKind(thisUpdate, DateTimeKind.Utc));
        generator.SetNextUpdate(DateTime.SpecifyKind(nextUpdate, DateTimeKind.Utc));
        foreach (var certificate in revoked ?? [])
            generator.AddCrlEntry(certificate.Bc.SerialNumber, DateTime.SpecifyKind(thisUpdate.AddDays(-1), DateTimeKind.Utc), CrlReason.KeyCompromise);
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, Org.BouncyCastle.X509.Extension.X509ExtensionUtilities.CreateAuthorityKeyIdentifier(ca.Bc));
        generator.AddExtension(X509Extensions.CrlNumber, false, new CrlNumber(BigInteger.ValueOf(number)));
        if (deltaOf.HasValue) generator.AddExtension(X509Extensions.DeltaCrlIndicator, true, DerInteger.ValueOf(deltaOf.Value));
        var crl = generator.Generate(new Asn1SignatureFactory(TestPki.SignatureAlgorithm(ca.Keys.Private), ca.Keys.Private, new SecureRandom()));
        return crl.GetEncoded();
    }
}
