using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Ocsp;
using PkiRevocation.Configuration;
using PkiRevocation.Ocsp;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Ocsp;

/// <summary>
/// Hand-built ResponseData encodings, each changing one thing, parsed by <see cref="OcspResponseParser"/> and by
/// BouncyCastle (BouncyCastle.Cryptography 2.7.0). Four outcomes: the same values; malformed for both; malformed for
/// us where BouncyCastle is lenient (not DER, and nothing a real responder sends: the tightening is deliberate and listed
/// here); or read by us where BouncyCastle refuses (a serial as its CA encoded it, matched by its exact bytes: deliberate
/// too). Our behaviour is what DER demands, whatever BouncyCastle's version decides.
/// </summary>
public sealed class OcspResponseParserTests
{
    public enum Expect
    {
        SameAsBouncyCastle,
        MalformedLikeBouncyCastle,
        MalformedWhereBouncyCastleIsLenient,
        ReadWhereBouncyCastleRefused,
    }

    private const string Produced = "20261121120000Z";
    private const string This = "20261121115500Z";
    private const string Next = "20261121130000Z";
    private const string RevokedOn = "20261101083000Z";
    private const string NonceOid = "1.3.6.1.5.5.7.48.1.2";
    private static readonly DateTime At = new(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TestCertificate Ca = TestPki.CreateRoot("CN=Parser Test CA,O=PkiRevocation Tests", At);
    private static readonly TestCertificate Leaf = Ca.Issue("CN=leaf.example.test", At.AddDays(-30), At.AddDays(300), o => o.WithSerial(0x1001));
    private static readonly TestCertificate Other = Ca.Issue("CN=other.example.test", At.AddDays(-30), At.AddDays(300), o => o.WithSerial(0x1002));
    private static readonly byte[] Null = Der.Tlv(0x05, []);

    private static readonly Dictionary<string, (Func<byte[]> Tbs, Expect Expect)> Cases = new()
    {
        ["typical"] = (() => Data(Responses(Single(Good, NextUpdate(Next))), Nonce), Expect.SameAsBouncyCastle),
        ["fraction, one digit, thisUpdate"] = (() => Data(Responses(SingleAt("20261121115500.5Z", Good, NextUpdate(Next)))), Expect.SameAsBouncyCastle),
        ["fraction, three digits, producedAt"] = (() => DataAt("20261121120000.123Z", Responses(Single(Good))), Expect.SameAsBouncyCastle),
        ["fraction, seven digits, nextUpdate"] = (() => Data(Responses(Single(Good, NextUpdate("20261121130000.1234567Z")))), Expect.SameAsBouncyCastle),
        ["fraction with a trailing zero"] = (() => Data(Responses(SingleAt("20261121115500.50Z", Good))), Expect.SameAsBouncyCastle),
        ["leap day"] = (() => DataAt("20280229120000Z", Responses(Single(Good))), Expect.SameAsBouncyCastle),
        ["no nextUpdate, no extensions"] = (() => Data(Responses(Single(Good))), Expect.SameAsBouncyCastle),
        ["empty responseExtensions"] = (() => Data(Responses(Single(Good)), Der.Tlv(0xA1, Der.Sequence())), Expect.SameAsBouncyCastle),
        ["explicit version v1"] = (() => Der.Sequence(Version(0), ByName, Time(Produced), Responses(Single(Good)), Nonce), Expect.SameAsBouncyCastle),
        ["ResponderID byKey"] = (() => Der.Sequence(ByKey, Time(Produced), Responses(Single(Good)), Nonce), Expect.SameAsBouncyCastle),
        ["revoked with reason"] = (() => Data(Responses(Single(Revoked(RevokedOn, Reason(1)), NextUpdate(Next)))), Expect.SameAsBouncyCastle),
        ["revoked without reason"] = (() => Data(Responses(Single(Revoked(RevokedOn)))), Expect.SameAsBouncyCastle),
        ["revoked at a fractional time"] = (() => Data(Responses(Single(Revoked("20261101083000.25Z", Reason(4))))), Expect.SameAsBouncyCastle),
        ["unknown"] = (() => Data(Responses(Single(Unknown, NextUpdate(Next)))), Expect.SameAsBouncyCastle),
        ["several SingleResponses, SHA-1 and SHA-256"] = (() => Data(Responses(
            Single(Good, NextUpdate(Next)),
            SingleFor(CertIdOf(Other, CraftedOcspResponse.Sha256), This, Revoked(RevokedOn, Reason(6)), NextUpdate(Next)),
            SingleFor(CertIdOf(Other, CraftedOcspResponse.Sha1), This, Unknown)), Nonce), Expect.SameAsBouncyCastle),
        ["critical response extension"] = (() => Data(Responses(Single(Good)), Extensions(0xA1, Extension(NonceOid, null, [4, 2, 0xAB, 0xCD]), Extension("1.2.3.4", [0xFF], Null))), Expect.SameAsBouncyCastle),
        ["critical FALSE encoded"] = (() => Data(Responses(Single(Good)), Extensions(0xA1, Extension("1.2.3.4", [0x00], Null))), Expect.SameAsBouncyCastle),
        ["critical TRUE as 0x01"] = (() => Data(Responses(Single(Good)), Extensions(0xA1, Extension("1.2.3.4", [0x01], Null))), Expect.SameAsBouncyCastle),
        ["singleExtensions"] = (() => Data(Responses(Single(Good, NextUpdate(Next), Extensions(0xA1,
            Extension("1.3.6.1.5.5.7.48.1.3", null, Der.Sequence(Der.Tlv(0x16, "http://crl.example.test"u8.ToArray()))),
            Extension("1.2.3.5", [0xFF], Null))))), Expect.SameAsBouncyCastle),
        ["negative serialNumber"] = (() => Data(Responses(SingleFor(CertIdWithSerial([0xFF, 0x01]), This, Good))), Expect.SameAsBouncyCastle),
        ["20-byte serialNumber"] = (() => Data(Responses(SingleFor(CertIdWithSerial([0x7F, .. Enumerable.Repeat((byte)0xEE, 19)]), This, Good))), Expect.SameAsBouncyCastle),

        ["version v2"] = (() => Der.Sequence(Version(1), ByName, Time(Produced), Responses(Single(Good))), Expect.MalformedLikeBouncyCastle),
        ["fraction, eight digits"] = (() => Data(Responses(SingleAt("20261121115500.12345678Z", Good))), Expect.MalformedLikeBouncyCastle),
        ["time in month 13"] = (() => Data(Responses(SingleAt("20261321115500Z", Good))), Expect.MalformedLikeBouncyCastle),
        ["time on 29 February 2026"] = (() => Data(Responses(SingleAt("20260229115500Z", Good))), Expect.MalformedLikeBouncyCastle),
        ["time at hour 24"] = (() => Data(Responses(Single(Good, NextUpdate("20261121240000Z")))), Expect.MalformedLikeBouncyCastle),
        ["time with a letter"] = (() => DataAt("2026112112000AZ", Responses(Single(Good))), Expect.MalformedLikeBouncyCastle),
        ["producedAt as UTCTime"] = (() => Der.Sequence(ByName, Der.UtcTime("261121120000Z"), Responses(Single(Good))), Expect.MalformedLikeBouncyCastle),
        ["nextUpdate as UTCTime"] = (() => Data(Responses(Single(Good, Der.Tlv(0xA0, Der.UtcTime("261121130000Z"))))), Expect.MalformedLikeBouncyCastle),
        ["certStatus [3]"] = (() => Data(Responses(Single([0x83, 0x00]))), Expect.MalformedLikeBouncyCastle),
        ["ResponderID byKey not an OCTET STRING"] = (() => Der.Sequence(Der.Tlv(0xA2, Der.Tlv(0x02, [1])), Time(Produced), Responses(Single(Good))), Expect.MalformedLikeBouncyCastle),
        ["an extension twice"] = (() => Data(Responses(Single(Good)), Extensions(0xA1, Extension(NonceOid, null, [4, 1, 1]), Extension(NonceOid, null, [4, 1, 2]))), Expect.MalformedLikeBouncyCastle),
        ["no SingleResponse"] = (() => Data(Responses()), Expect.MalformedLikeBouncyCastle),
        ["serialNumber not minimal"] = (() => Data(Responses(SingleFor(CertIdWithSerial([0x00, 0x01]), This, Good))), Expect.ReadWhereBouncyCastleRefused),
        ["serialNumber empty"] = (() => Data(Responses(SingleFor(CertIdWithSerial([]), This, Good))), Expect.MalformedLikeBouncyCastle),
        ["revocationReason not minimal"] = (() => Data(Responses(Single(Revoked(RevokedOn, Reason(0x00, 0x01))))), Expect.MalformedLikeBouncyCastle),
        ["trailing field in CertID"] = (() => Data(Responses(SingleFor(Der.Sequence([.. Fields(CertIdOf(Leaf)), Null]), This, Good))), Expect.MalformedLikeBouncyCastle),
        ["critical flag of two bytes"] = (() => Data(Responses(Single(Good)), Extensions(0xA1, Extension("1.2.3.4", [0xFF, 0xFF], Null))), Expect.MalformedLikeBouncyCastle),
        // Refused by BouncyCastle since 2.x (BouncyCastle 1.8.10 (the old portable package) decoded them, and they sat below as our
        // tightenings): trailing fields, wrong context tags, NULL with content or constructed, '.' without a digit.
        ["trailing field in RevokedInfo"] = (() => Data(Responses(Single(Revoked(RevokedOn, Reason(1), Null)))), Expect.MalformedLikeBouncyCastle),
        ["responseExtensions tagged [2]"] = (() => Data(Responses(Single(Good)), Extensions(0xA2, Extension(NonceOid, null, [4, 1, 1]))), Expect.MalformedLikeBouncyCastle),
        ["ResponderID [3] OCTET STRING"] = (() => Der.Sequence(Der.Tlv(0xA3, Der.Tlv(0x04, KeyHash)), Time(Produced), Responses(Single(Good))), Expect.MalformedLikeBouncyCastle),
        ["nextUpdate [2] and singleExtensions [3]"] = (() => Data(Responses(Single(Good, Der.Tlv(0xA2, Time(Next)), Extensions(0xA3, Extension("1.2.3.4", null, Null))))), Expect.MalformedLikeBouncyCastle),
        ["trailing field in ResponseData"] = (() => Data(Responses(Single(Good)), Nonce, Null), Expect.MalformedLikeBouncyCastle),
        ["good with content"] = (() => Data(Responses(Single(Der.Tlv(0x80, Null)))), Expect.MalformedLikeBouncyCastle),
        ["good constructed"] = (() => Data(Responses(Single([0xA0, 0x00]))), Expect.MalformedLikeBouncyCastle),
        ["time with '.' and no digit"] = (() => Data(Responses(SingleAt("20261121115500.Z", Good))), Expect.MalformedLikeBouncyCastle),
        ["trailing field in SingleResponse"] = (() => Data(Responses(Single(Good, NextUpdate(Next), Extensions(0xA1, Extension("1.2.3.4", null, Null)), Null))), Expect.MalformedLikeBouncyCastle),

        ["time with an offset"] = (() => DataAt("20261121130000+0100", Responses(Single(Good))), Expect.MalformedWhereBouncyCastleIsLenient),
        ["time without Z"] = (() => Data(Responses(SingleAt("20261121115500", Good))), Expect.MalformedWhereBouncyCastleIsLenient),
        // BouncyCastle 2.7.0 decodes these three (1.8.10 refused them); DER does not allow them, so we still refuse.
        ["time without seconds"] = (() => DataAt("202611211200Z", Responses(Single(Good))), Expect.MalformedWhereBouncyCastleIsLenient), // X.690 §11.7.2 and RFC 5280 §4.1.2.5.2: DER GeneralizedTime always carries seconds
        ["time with a comma fraction"] = (() => DataAt("20261121120000,5Z", Responses(Single(Good))), Expect.MalformedWhereBouncyCastleIsLenient), // X.690 §11.7.4: DER's decimal mark is '.', never ','
        ["revocationReason negative"] = (() => Data(Responses(Single(Revoked(RevokedOn, Reason(0xFF))))), Expect.MalformedWhereBouncyCastleIsLenient), // RFC 5280 §5.3.1: CRLReason has no negative value (0..10)
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Parse_CraftedResponseData_AgreesWithBouncyCastle(string name)
    {
        var (tbs, expect) = Cases[name];
        var der = CraftedOcspResponse.Sign(tbs(), Ca.Keys.Private, Ca);

        var ours = OcspResponseParser.Parse(der);

        Exception? bouncyCastleError = null;
        ParsedOcspResponse? reference = null;
        try
        {
            reference = BcOcspReference.Decode(der);
        }
        catch (Exception ex)
        {
            bouncyCastleError = ex;
        }

        if (expect == Expect.SameAsBouncyCastle)
        {
            Assert.True(bouncyCastleError == null, $"BouncyCastle: {bouncyCastleError}");
            Assert.True(ours.Response != null, ours.Message);
            BcOcspReference.AssertSame(reference!, ours.Response!);
            Assert.Equal(tbs(), ours.Response!.TbsResponseData);
            return;
        }

        if (expect == Expect.ReadWhereBouncyCastleRefused)
        {
            Assert.True(bouncyCastleError != null, "BouncyCastle decoded it: not a loosening.");
            Assert.True(ours.Response != null, ours.Message);
            Assert.Equal(new byte[] { 0x00, 0x01 }, Assert.Single(ours.Response!.Responses).CertId.SerialBytes);
            return;
        }

        Assert.Null(ours.Response);
        Assert.Equal(OcspFailureReason.MalformedResponse, ours.Failure);
        Assert.False(string.IsNullOrWhiteSpace(ours.Message));
        if (expect == Expect.MalformedLikeBouncyCastle) Assert.True(bouncyCastleError != null, "BouncyCastle decoded it.");
        else Assert.True(bouncyCastleError == null, $"BouncyCastle refused it too ({bouncyCastleError?.Message}): not a tightening.");
    }

    [Fact]
    public void Parse_FractionalSeconds_ExactUtcTicks()
    {
        var der = CraftedOcspResponse.Sign(DataAt("20261121120000.1234567Z", Responses(SingleAt("20261121115500.5Z", Revoked("20261101083000.25Z"), NextUpdate("20261121130000.007Z")))), Ca.Keys.Private, Ca);

        var response = OcspResponseParser.Parse(der).Response!;

        var single = Assert.Single(response.Responses);
        Assert.Equal(new DateTime(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc).AddTicks(1234567), response.ProducedAt);
        Assert.Equal(new DateTime(2026, 11, 21, 11, 55, 0, 500, DateTimeKind.Utc), single.ThisUpdate);
        Assert.Equal(new DateTime(2026, 11, 21, 13, 0, 0, 7, DateTimeKind.Utc), single.NextUpdate);
        Assert.Equal(new DateTime(2026, 11, 1, 8, 30, 0, 250, DateTimeKind.Utc), single.RevocationTime);
        Assert.All(new[] { response.ProducedAt, single.ThisUpdate, single.NextUpdate!.Value, single.RevocationTime!.Value }, t => Assert.Equal(DateTimeKind.Utc, t.Kind));
    }

    [Fact]
    public void Verify_FractionalSecondsSignedByCa_IsGoodWithTheExactTimes()
    {
        var der = CraftedOcspResponse.Sign(Data(Responses(SingleAt("20261121115500.5Z", Good, NextUpdate(Next)))), Ca.Keys.Private, Ca);

        var result = Engine().Ocsp.Verify(der, Leaf.Certificate, Ca.Certificate);

        OcspServiceTests.Expect(OcspStatus.Good, result);
        Assert.Equal(new DateTime(2026, 11, 21, 11, 55, 0, 500, DateTimeKind.Utc), result.ThisUpdate);
    }

    [Fact]
    public void Verify_TimeWithOffsetSignedByCa_IsIndeterminateMalformed()
    {
        var der = CraftedOcspResponse.Sign(Data(Responses(SingleAt("20261121125500+0100", Good, NextUpdate(Next)))), Ca.Keys.Private, Ca);

        var result = Engine().Ocsp.Verify(der, Leaf.Certificate, Ca.Certificate);

        OcspServiceTests.Expect(OcspStatus.Indeterminate, result);
        Assert.Equal(OcspFailureReason.MalformedResponse, result.FailureReason);
        Assert.Contains("'20261121125500+0100' is not a GeneralizedTime", result.FailureMessage);
    }

    [Theory]
    [InlineData("version v2", "The ResponseData version 1 is not v1.")]
    [InlineData("trailing field in ResponseData", "Unexpected data after the ResponseData fields.")]
    [InlineData("no SingleResponse", "The response carries no SingleResponse.")]
    [InlineData("ResponderID [3] OCTET STRING", "The ResponderID (tag 0xA3) is neither byName [1] nor byKey [2].")]
    [InlineData("certStatus [3]", "The response is not a DER OCSPResponse: The certStatus (tag 0x83, 0 bytes) is not good [0], revoked [1] or unknown [2].")]
    [InlineData("an extension twice", "The response is not a DER OCSPResponse: The extension 1.3.6.1.5.5.7.48.1.2 appears twice.")]
    public void Parse_Malformed_MessageSaysWhy(string name, string message)
    {
        var der = CraftedOcspResponse.Sign(Cases[name].Tbs(), Ca.Keys.Private, Ca);

        var parsed = OcspResponseParser.Parse(der);

        Assert.Equal(OcspFailureReason.MalformedResponse, parsed.Failure);
        Assert.Equal(message, parsed.Message);
    }

    [Fact]
    public void Parse_TrailingBytesAfterOcspResponse_IsMalformed()
    {
        var der = CraftedOcspResponse.Sign(Data(Responses(Single(Good))), Ca.Keys.Private, Ca);

        var parsed = OcspResponseParser.Parse([.. der, 0x00]);

        Assert.Equal(OcspFailureReason.MalformedResponse, parsed.Failure);
        Assert.Equal("The response has trailing bytes after the OCSPResponse.", parsed.Message);
    }

    [Theory]
    [InlineData(0, "Unspecified")]
    [InlineData(1, "KeyCompromise")]
    [InlineData(2, "CaCompromise")]
    [InlineData(3, "AffiliationChanged")]
    [InlineData(4, "Superseded")]
    [InlineData(5, "CessationOfOperation")]
    [InlineData(6, "CertificateHold")]
    [InlineData(7, "Reason7")]
    [InlineData(8, "RemoveFromCrl")]
    [InlineData(9, "PrivilegeWithdrawn")]
    [InlineData(10, "AACompromise")]
    [InlineData(200, "Reason200")]
    public void Parse_RevocationReason_SameNameAsBouncyCastle(int code, string name)
    {
        byte[] content = code < 0x80 ? [(byte)code] : [0x00, (byte)code];
        var der = CraftedOcspResponse.Sign(Data(Responses(Single(Revoked(RevokedOn, Reason(content))))), Ca.Keys.Private, Ca);

        var parsed = OcspResponseParser.Parse(der);

        Assert.True(parsed.Response != null, parsed.Message);
        Assert.Equal(name, Assert.Single(parsed.Response!.Responses).RevocationReason);
        BcOcspReference.AssertSame(BcOcspReference.Decode(der), parsed.Response!);
    }

    private static PkiEngine Engine() => new(new EngineEnvironment(clock: new FixedClock(At)));

    private static byte[] Data(params byte[][] rest) => DataAt(Produced, rest);

    /// <summary>ResponseData byName of the CA, produced at <paramref name="producedAt"/>, then the rest.</summary>
    private static byte[] DataAt(string producedAt, params byte[][] rest) => Der.Sequence([ByName, Time(producedAt), .. rest]);

    private static byte[] Version(int version) => Der.Tlv(0xA0, Der.Tlv(0x02, [(byte)version]));

    private static byte[] ByName => Der.Tlv(0xA1, Ca.Bc.CertificateStructure.Subject.GetDerEncoded());

    private static byte[] KeyHash => SHA1.HashData(Ca.Bc.CertificateStructure.SubjectPublicKeyInfo.PublicKey.GetBytes());

    private static byte[] ByKey => Der.Tlv(0xA2, Der.Tlv(0x04, KeyHash));

    private static byte[] Time(string text) => Der.GeneralizedTime(text);

    private static byte[] NextUpdate(string text) => Der.Tlv(0xA0, Time(text));

    private static byte[] Responses(params byte[][] singles) => Der.Sequence(singles);

    private static byte[] Single(byte[] status, params byte[][] rest) => SingleAt(This, status, rest);

    private static byte[] SingleAt(string thisUpdate, byte[] status, params byte[][] rest) => SingleFor(CertIdOf(Leaf), thisUpdate, status, rest);

    private static byte[] SingleFor(byte[] certId, string thisUpdate, byte[] status, params byte[][] rest) =>
        Der.Sequence([certId, status, Time(thisUpdate), .. rest]);

    private static byte[] CertIdOf(TestCertificate certificate, string hashOid = CraftedOcspResponse.Sha1) =>
        new CertificateID(new Org.BouncyCastle.Asn1.X509.AlgorithmIdentifier(new DerObjectIdentifier(hashOid), DerNull.Instance), Ca.Bc, certificate.Bc.SerialNumber).ToAsn1Object().GetDerEncoded();

    /// <summary>The CertID of the leaf with the serialNumber INTEGER content replaced by <paramref name="serial"/>.</summary>
    private static byte[] CertIdWithSerial(byte[] serial) => Der.Sequence([.. Fields(CertIdOf(Leaf)).Take(3), Der.Tlv(0x02, serial)]);

    /// <summary>The encoded elements of a SEQUENCE.</summary>
    private static byte[][] Fields(byte[] sequence) =>
        Asn1Sequence.GetInstance(Asn1Object.FromByteArray(sequence)).Cast<Asn1Encodable>().Select(e => e.GetDerEncoded()).ToArray();

    private static byte[] Good => [0x80, 0x00];

    private static byte[] Unknown => [0x82, 0x00];

    private static byte[] Revoked(string time, params byte[][] rest) => Der.Tlv(0xA1, [.. Time(time), .. rest.SelectMany(r => r)]);

    private static byte[] Reason(params byte[] content) => Der.Tlv(0xA0, Der.Tlv(0x0A, content));

    private static byte[] Nonce => Extensions(0xA1, Extension(NonceOid, null, Der.Tlv(0x04, [1, 2, 3, 4, 5, 6, 7, 8])));

    private static byte[] Extensions(int tag, params byte[][] extensions) => Der.Tlv(tag, Der.Sequence(extensions));

    private static byte[] Extension(string oid, byte[]? critical, byte[] value) =>
        critical == null
            ? Der.Sequence(new DerObjectIdentifier(oid).GetDerEncoded(), Der.Tlv(0x04, value))
            : Der.Sequence(new DerObjectIdentifier(oid).GetDerEncoded(), Der.Tlv(0x01, critical), Der.Tlv(0x04, value));
}
