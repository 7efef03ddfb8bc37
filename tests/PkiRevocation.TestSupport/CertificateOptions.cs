using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;

namespace PkiRevocation.TestSupport;

/// <summary>What goes into a generated certificate beyond subject and validity.</summary>
public sealed class CertificateOptions
{
    public bool IsCa { get; set; }
    public int? PathLength { get; set; }
    public BigInteger? Serial { get; set; }
    public List<string> OcspUrls { get; } = new();
    public List<string> CaIssuerUrls { get; } = new();
    public List<string> CrlUrls { get; } = new();
    public List<string> DeltaCrlUrls { get; } = new();
    public List<KeyPurposeID> ExtendedKeyUsages { get; } = new();
    public List<string> DnsNames { get; } = new();
    public int? KeyUsage { get; set; }
    public bool OcspNoCheck { get; set; }
    public bool Rsa { get; set; }

    public CertificateOptions Ca(int? pathLength = null) { IsCa = true; PathLength = pathLength; return this; }
    public CertificateOptions Ocsp(params string[] urls) { OcspUrls.AddRange(urls); return this; }
    public CertificateOptions CaIssuers(params string[] urls) { CaIssuerUrls.AddRange(urls); return this; }
    public CertificateOptions Crl(params string[] urls) { CrlUrls.AddRange(urls); return this; }
    public CertificateOptions FreshestCrl(params string[] urls) { DeltaCrlUrls.AddRange(urls); return this; }
    public CertificateOptions Eku(params KeyPurposeID[] purposes) { ExtendedKeyUsages.AddRange(purposes); return this; }
    public CertificateOptions OcspSigning(bool noCheck = true) { ExtendedKeyUsages.Add(KeyPurposeID.id_kp_OCSPSigning); OcspNoCheck = noCheck; return this; }
    public CertificateOptions WithSerial(long serial) { Serial = BigInteger.ValueOf(serial); return this; }
    public CertificateOptions Dns(params string[] names) { DnsNames.AddRange(names); return this; }
}
