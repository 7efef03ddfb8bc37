using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.Security;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace PkiRevocation.TestSupport;

/// <summary>
/// OCSP responses crafted with BouncyCastle's generator, for the cases a well-behaved responder never produces:
/// wrong keys, foreign signers, critical extensions, bad times, chosen nonces.
/// </summary>
public sealed class CraftedOcspResponse
{
    public const string Sha1 = "1.3.14.3.2.26";
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";

    public CraftedOcspResponse(TestCertificate signer, DateTime thisUpdate)
    {
        Signer = signer;
        ThisUpdate = thisUpdate;
        ProducedAt = thisUpdate;
        NextUpdate = thisUpdate.AddHours(1);
    }

    /// <summary>Named as the signer (ResponderID) and included in certs.</summary>
    public TestCertificate Signer { get; set; }

    /// <summary>Signs with this key instead of the signer's (a forged signature).</summary>
    public AsymmetricKeyParameter? SigningKey { get; set; }

    public bool ResponderIdByKey { get; set; }

    public bool IncludeSigner { get; set; } = true;

    public DateTime ProducedAt { get; set; }

    public DateTime ThisUpdate { get; set; }

    public DateTime? NextUpdate { get; set; }

    public byte[]? Nonce { get; set; }

    public List<(string Oid, bool Critical, Asn1Encodable Value)> ResponseExtensions { get; } = new();

    public List<(string Oid, bool Critical, Asn1Encodable Value)> SingleExtensions { get; } = new();

    public List<(TestCertificate Issuer, BigInteger Serial, CertStatus Status, string HashOid)> Entries { get; } = new();

    public CraftedOcspResponse Good(TestCertificate issuer, TestCertificate certificate, string hashOid = Sha1) =>
        Add(issuer, certificate.Bc.SerialNumber, new CertStatus(), hashOid);

    public CraftedOcspResponse Unknown(TestCertificate issuer, TestCertificate certificate) =>
        Add(issuer, certificate.Bc.SerialNumber, new CertStatus(2, DerNull.Instance), Sha1);

    public CraftedOcspResponse Revoked(TestCertificate issuer, TestCertificate certificate, DateTime at, int reason) =>
        Add(issuer, certificate.Bc.SerialNumber, new CertStatus(new RevokedInfo(new DerGeneralizedTime(at), new CrlReason(reason))), Sha1);

    public CraftedOcspResponse Add(TestCertificate issuer, BigInteger serial, CertStatus status, string hashOid)
    {
        Entries.Add((issuer, serial, status, hashOid));
        return this;
    }

    public byte[] Build()
    {
        var singles = Entries.Select(e =>
        {
            var id = new CertificateID(new AlgorithmIdentifier(new DerObjectIdentifier(e.HashOid), DerNull.Instance), e.Issuer.Bc, e.Serial).ToAsn1Object();
            return (Asn1Encodable)new SingleResponse(id, e.Status, new DerGeneralizedTime(ThisUpdate),
                NextUpdate.HasValue ? new DerGeneralizedTime(NextUpdate.Value) : null, Extensions(SingleExtensions));
        }).ToArray();

        var responseExtensions = new List<(string, bool, Asn1Encodable)>(ResponseExtensions);
        if (Nonce != null) responseExtensions.Add(("1.3.6.1.5.5.7.48.1.2", false, new DerOctetString(Nonce)));
        ResponderID responderId;
        if (ResponderIdByKey)
        {
            var bits = Signer.Bc.CertificateStructure.SubjectPublicKeyInfo.PublicKey.GetBytes();
            responderId = new ResponderID(new DerOctetString(System.Security.Cryptography.SHA1.HashData(bits)));
        }
        else
        {
            responderId = new ResponderID(Signer.Bc.SubjectDN);
        }

        var data = new ResponseData(responderId, new DerGeneralizedTime(ProducedAt), new DerSequence(singles), Extensions(responseExtensions));
        return Sign(data.GetDerEncoded(), SigningKey ?? Signer.Keys.Private, IncludeSigner ? Signer : null);
    }

    /// <summary>
    /// A successful OCSPResponse around <paramref name="tbsResponseData"/> as given (any bytes: crafted encodings
    /// included), signed with <paramref name="key"/>, carrying <paramref name="carried"/> when given.
    /// </summary>
    public static byte[] Sign(byte[] tbsResponseData, AsymmetricKeyParameter key, TestCertificate? carried)
    {
        var factory = new Asn1SignatureFactory(TestPki.SignatureAlgorithm(key), key, new SecureRandom());
        var calculator = factory.CreateCalculator();
        using (var stream = calculator.Stream) stream.Write(tbsResponseData, 0, tbsResponseData.Length);
        var signature = ((IBlockResult)calculator.GetResult()).Collect();
        byte[][] fields = [tbsResponseData, ((AlgorithmIdentifier)factory.AlgorithmDetails).GetDerEncoded(), Der.BitString(signature)];
        if (carried != null) fields = [.. fields, Der.Tlv(0xA0, Der.Sequence(carried.Der))];
        var basic = Der.Sequence(fields);
        return Der.Sequence(Der.Tlv(0x0A, [0]), Der.Tlv(0xA0, Der.Sequence(Der.Tlv(0x06, BasicResponseOid), Der.Tlv(0x04, basic))));
    }

    /// <summary>A SHA-1 CertID under <paramref name="issuer"/> whose serial INTEGER content is exactly as given (negative, non-minimal).</summary>
    public static byte[] RawCertId(TestCertificate issuer, byte[] serialContent)
    {
        var name = System.Security.Cryptography.SHA1.HashData(issuer.Bc.SubjectDN.GetDerEncoded());
        var key = System.Security.Cryptography.SHA1.HashData(issuer.Bc.CertificateStructure.SubjectPublicKeyInfo.PublicKey.GetBytes());
        return Der.Sequence(Der.Sequence(Der.Tlv(0x06, [0x2B, 0x0E, 0x03, 0x02, 0x1A]), Der.Tlv(0x05, [])),
            Der.Tlv(0x04, name), Der.Tlv(0x04, key), Der.Tlv(0x02, serialContent));
    }

    /// <summary>
    /// ResponseData by the name of <paramref name="responder"/> with one good SingleResponse for <paramref name="certId"/>
    /// as given: produced and thisUpdate five minutes before <paramref name="at"/>, nextUpdate an hour after. Sign it with <see cref="Sign"/>.
    /// </summary>
    public static byte[] RawGoodResponseData(TestCertificate responder, byte[] certId, DateTime at)
    {
        static byte[] Time(DateTime value) => Der.GeneralizedTime(value.ToString("yyyyMMddHHmmss") + "Z");
        var single = Der.Sequence(certId, [0x80, 0x00], Time(at.AddMinutes(-5)), Der.Tlv(0xA0, Time(at.AddHours(1))));
        return Der.Sequence(Der.Tlv(0xA1, responder.Bc.SubjectDN.GetDerEncoded()), Time(at.AddMinutes(-5)), Der.Sequence(single));
    }

    // id-pkix-ocsp-basic 1.3.6.1.5.5.7.48.1.1, DER content octets.
    private static readonly byte[] BasicResponseOid = [0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x01];

    /// <summary>An OCSPResponse with only a responseStatus (what a responder says when it fails).</summary>
    public static byte[] Status(int status) => [0x30, 0x03, 0x0A, 0x01, (byte)status];

    private static X509Extensions? Extensions(List<(string Oid, bool Critical, Asn1Encodable Value)> list)
    {
        if (list.Count == 0) return null;
        var map = new Dictionary<DerObjectIdentifier, X509Extension>();
        foreach (var (oid, critical, value) in list) map[new DerObjectIdentifier(oid)] = new X509Extension(critical, new DerOctetString(value.GetDerEncoded()));
        return new X509Extensions(map);
    }
}
