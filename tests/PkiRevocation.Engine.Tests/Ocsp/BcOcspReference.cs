using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using PkiRevocation.Configuration;
using PkiRevocation.Ocsp;
using Xunit;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace PkiRevocation.Engine.Tests.Ocsp;

/// <summary>
/// The oracle for <see cref="OcspResponseParser"/>: the same OCSPResponse decoded entirely by BouncyCastle's ASN.1
/// classes, as the parser did before it walked ResponseData itself, and a field-by-field comparison.
/// </summary>
internal static class BcOcspReference
{
    /// <summary>BouncyCastle's reading of a successful response; throws whatever BouncyCastle throws on bad input.</summary>
    public static ParsedOcspResponse Decode(byte[] der)
    {
        var response = OcspResponse.GetInstance(Asn1Object.FromByteArray(der));
        if (response.ResponseStatus.Value.IntValue != 0) throw new FormatException($"responseStatus {response.ResponseStatus.Value}");
        if (response.ResponseBytes.ResponseType.Id != OcspResponseParser.BasicResponseOid) throw new FormatException("not id-pkix-ocsp-basic");
        var basic = BasicOcspResponse.GetInstance(Asn1Object.FromByteArray(response.ResponseBytes.Response.GetOctets()));
        var data = basic.TbsResponseData;
        if (data.Version.Value.IntValue != 0) throw new FormatException($"version {data.Version.Value}");

        var parsed = new ParsedOcspResponse
        {
            Raw = der,
            TbsResponseData = data.GetDerEncoded(), // re-encoded: the bytes received only when they were DER
            SignatureAlgorithm = basic.SignatureAlgorithm,
            Signature = basic.Signature.GetOctets(),
            ProducedAt = ReferenceTime.ToUtc(data.ProducedAt.ToDateTime()),
            Extensions = Extensions(data.ResponseExtensions),
            Certificates = basic.Certs == null
                ? []
                : basic.Certs.Cast<Asn1Encodable>().Select(c => new BcCertificate(X509CertificateStructure.GetInstance(c))).ToList(),
        };

        if (data.ResponderID.ToAsn1Object() is Asn1TaggedObject { TagNo: 2 })
        {
            parsed.ResponderByKey = data.ResponderID.GetKeyHash() ?? throw new FormatException("byKey without a key hash");
        }
        else
        {
            parsed.ResponderByName = data.ResponderID.Name ?? throw new FormatException("ResponderID neither byName nor byKey");
            parsed.ResponderByNameDer = parsed.ResponderByName.GetDerEncoded();
        }

        var singles = data.Responses.Cast<Asn1Encodable>().Select(e => Single(SingleResponse.GetInstance(e))).ToList();
        if (singles.Count == 0) throw new FormatException("no SingleResponse");
        parsed.Responses = singles;
        return parsed;
    }

    /// <summary>
    /// Every decoded field of <paramref name="actual"/> equals BouncyCastle's reading <paramref name="expected"/>. Not
    /// TbsResponseData: BouncyCastle's is its re-encoding, ours the bytes received (what the signature covers).
    /// </summary>
    public static void AssertSame(ParsedOcspResponse expected, ParsedOcspResponse actual)
    {
        Assert.Equal(expected.SignatureAlgorithm.GetDerEncoded(), actual.SignatureAlgorithm.GetDerEncoded());
        Assert.Equal(expected.SignatureAlgorithm.Algorithm.Id, actual.SignatureAlgorithm.Algorithm.Id);
        Assert.Equal(expected.Signature, actual.Signature);
        Assert.Equal(expected.Certificates.Select(c => c.GetEncoded()), actual.Certificates.Select(c => c.GetEncoded()));
        Assert.Equal(expected.ResponderName, actual.ResponderName);
        Assert.Equal(expected.ResponderByName?.ToString(), actual.ResponderByName?.ToString());
        Assert.Equal(expected.ResponderByNameDer, actual.ResponderByNameDer);
        Assert.Equal(expected.ResponderByKey, actual.ResponderByKey);
        AssertSameTime(expected.ProducedAt, actual.ProducedAt);
        AssertSame(expected.Extensions, actual.Extensions);
        Assert.Equal(expected.Responses.Count, actual.Responses.Count);
        foreach (var (e, a) in expected.Responses.Zip(actual.Responses))
        {
            Assert.Equal(e.CertId.HashAlgorithmOid, a.CertId.HashAlgorithmOid);
            Assert.Equal(e.CertId.IssuerNameHash, a.CertId.IssuerNameHash);
            Assert.Equal(e.CertId.IssuerKeyHash, a.CertId.IssuerKeyHash);
            Assert.Equal(e.CertId.SerialNumber, a.CertId.SerialNumber);
            Assert.Equal(e.Status, a.Status);
            Assert.Equal(e.RevocationReason, a.RevocationReason);
            Assert.Equal(e.RevocationTime.HasValue, a.RevocationTime.HasValue);
            if (e.RevocationTime.HasValue) AssertSameTime(e.RevocationTime.Value, a.RevocationTime!.Value);
            AssertSameTime(e.ThisUpdate, a.ThisUpdate);
            Assert.Equal(e.NextUpdate.HasValue, a.NextUpdate.HasValue);
            if (e.NextUpdate.HasValue) AssertSameTime(e.NextUpdate.Value, a.NextUpdate!.Value);
            AssertSame(e.Extensions, a.Extensions);
        }
    }

    private static void AssertSameTime(DateTime expected, DateTime actual)
    {
        Assert.Equal(DateTimeKind.Utc, actual.Kind);
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.Ticks, actual.Ticks);
    }

    private static void AssertSame(IReadOnlyList<ParsedExtension> expected, IReadOnlyList<ParsedExtension> actual)
    {
        Assert.Equal(expected.Select(e => (e.Oid, e.Critical)), actual.Select(e => (e.Oid, e.Critical)));
        Assert.Equal(expected.Select(e => e.Value), actual.Select(e => e.Value));
    }

    private static ParsedSingleResponse Single(SingleResponse response)
    {
        var id = response.CertId;
        var single = new ParsedSingleResponse
        {
            CertId = CertId.Received(id.HashAlgorithm.Algorithm.Id, id.IssuerNameHash.GetOctets(), id.IssuerKeyHash.GetOctets(), id.SerialNumber.Value),
            ThisUpdate = ReferenceTime.ToUtc(response.ThisUpdate.ToDateTime()),
            NextUpdate = response.NextUpdate == null ? null : ReferenceTime.ToUtc(response.NextUpdate.ToDateTime()),
            Extensions = Extensions(response.SingleExtensions),
        };
        switch (response.CertStatus.TagNo)
        {
            case 0:
                single.Status = OcspStatus.Good;
                break;
            case 1:
                var revoked = RevokedInfo.GetInstance(response.CertStatus.Status);
                single.Status = OcspStatus.Revoked;
                single.RevocationTime = ReferenceTime.ToUtc(revoked.RevocationTime.ToDateTime());
                if (revoked.RevocationReason != null) single.RevocationReason = OcspResponseParser.ReasonName(revoked.RevocationReason.Value.IntValue);
                break;
            case 2:
                single.Status = OcspStatus.Unknown;
                break;
            default:
                throw new FormatException($"certStatus [{response.CertStatus.TagNo}]");
        }

        return single;
    }

    private static IReadOnlyList<ParsedExtension> Extensions(X509Extensions? extensions) => extensions == null
        ? []
        : extensions.ExtensionOids.Cast<DerObjectIdentifier>()
            .Select(oid => new ParsedExtension(oid.Id, extensions.GetExtension(oid).IsCritical, extensions.GetExtension(oid).Value.GetOctets()))
            .ToList();
}
