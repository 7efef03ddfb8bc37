using PkiRevocation.Ocsp;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Ocsp;

/// <summary>OcspCheckRequest.EncodedCertificates (DER, no X509Certificate2) against OpenSSL's real responder: the same answers as Certificates.</summary>
public sealed class OcspEncodedCertificateTests : IClassFixture<OcspResponderFixture>
{
    private readonly OcspResponderFixture _pki;

    public OcspEncodedCertificateTests(OcspResponderFixture pki) => _pki = pki;

    private OcspCheckRequest Encoded(params TestCertificate[] certificates)
    {
        var request = _pki.Request();
        foreach (var certificate in certificates) request.EncodedCertificates.Add(certificate.Der);
        return request;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Check_EncodedCertificates_SameResultsAsX509Certificate2(bool batch)
    {
        TestCertificate[] certificates = [_pki.Good, _pki.Revoked, _pki.Unknown, _pki.FirstAiaDead, _pki.NoAia, _pki.DelegatedAia, .. _pki.Many];
        var platform = _pki.Request(certificates);
        var encoded = Encoded(certificates);
        platform.Batch = encoded.Batch = batch;

        var expected = _pki.Engine().Ocsp.Check(platform).ToList();
        var actual = _pki.Engine().Ocsp.Check(encoded).ToList();

        Assert.Equal(certificates.Length, actual.Count);
        Assert.Contains(expected, r => r.Status == OcspStatus.Revoked);
        Assert.Contains(expected, r => r.Status == OcspStatus.Unknown);
        Assert.Contains(expected, r => r.FailureReason == OcspFailureReason.NoResponder);
        for (var i = 0; i < certificates.Length; i++)
        {
            Assert.Equal(expected[i].Subject, actual[i].Subject);
            Assert.Equal(expected[i].Issuer, actual[i].Issuer);
            Assert.Equal(expected[i].SerialNumber, actual[i].SerialNumber);
            Assert.Equal(expected[i].Status, actual[i].Status);
            Assert.Equal(expected[i].FailureReason, actual[i].FailureReason);
            Assert.Equal(expected[i].RevocationReason, actual[i].RevocationReason);
            Assert.Equal(expected[i].RevocationTime, actual[i].RevocationTime);
            Assert.Equal(expected[i].TrustPath, actual[i].TrustPath);
            Assert.Equal(expected[i].NonceStatus, actual[i].NonceStatus);
            Assert.Equal(expected[i].ResponderUri, actual[i].ResponderUri);
            Assert.NotNull(expected[i].Certificate);
            Assert.Null(actual[i].Certificate);
        }
    }

    [Fact]
    public void Check_CertificatesAndEncodedCertificates_ResultsInThatOrder()
    {
        var request = _pki.Request(_pki.Revoked, _pki.Good);
        request.EncodedCertificates.Add(_pki.Unknown.Der);
        request.EncodedCertificates.Add(_pki.Many[0].Der);
        request.EncodedCertificates.Add(_pki.Many[1].Der);
        request.ThrottleLimit = 2;
        var progress = new List<int>();

        var results = _pki.Engine().Ocsp.Check(request, new OcspServiceTests.SyncProgress(p => progress.Add(p.Completed))).ToList();

        Assert.Equal(["1002", "1001", "1003", "2000", "2001"], results.Select(r => r.SerialNumber));
        Assert.Equal([OcspStatus.Revoked, OcspStatus.Good, OcspStatus.Unknown, OcspStatus.Good, OcspStatus.Revoked], results.Select(r => r.Status));
        Assert.Equal([true, true, false, false, false], results.Select(r => r.Certificate != null));
        Assert.Equal(5, progress.Max());
    }

    [Fact]
    public void Check_IssuerAmongEncodedCertificates_IsFound()
    {
        var request = new OcspCheckRequest { At = _pki.At };
        request.Certificates.Add(_pki.Revoked.Certificate);
        request.EncodedCertificates.Add(_pki.Good.Der);
        request.EncodedCertificates.Add(_pki.Ca.Der);

        var results = _pki.Engine().Ocsp.Check(request).ToList();

        OcspServiceTests.Expect(OcspStatus.Revoked, results[0]);
        OcspServiceTests.Expect(OcspStatus.Good, results[1]);
        Assert.All(results.Take(2), r => Assert.Contains(r.Steps, s => s.Contains("found in the certificates checked")));
        Assert.Equal(_pki.Ca.Certificate.Subject, results[2].Subject);
        Assert.Equal(OcspFailureReason.NoResponder, results[2].FailureReason);
    }

    [Fact]
    public void Check_EncodedCertificateNotACertificate_IsIndeterminateNeverGood()
    {
        byte[][] broken = [[0x30, 0x03, 0x02, 0x01, 0x01], _pki.Good.Der[..^1], [.. _pki.Good.Der, 0x00], "not a certificate"u8.ToArray(), []];
        foreach (var batch in new[] { false, true })
        {
            var request = _pki.Request(_pki.Good);
            request.Batch = batch;
            foreach (var bytes in broken) request.EncodedCertificates.Add(bytes);
            request.EncodedCertificates.Add(_pki.Revoked.Der);

            var results = _pki.Engine().Ocsp.Check(request).ToList();

            Assert.Equal(broken.Length + 2, results.Count);
            OcspServiceTests.Expect(OcspStatus.Good, results[0]);
            OcspServiceTests.Expect(OcspStatus.Revoked, results[^1]);
            for (var i = 1; i <= broken.Length; i++)
            {
                OcspServiceTests.Expect(OcspStatus.Indeterminate, results[i]);
                Assert.Equal(OcspFailureReason.MalformedCertificate, results[i].FailureReason);
                Assert.Contains($"EncodedCertificates[{i - 1}]", results[i].FailureMessage);
                Assert.Contains("not a well-formed DER certificate", results[i].FailureMessage);
                Assert.Null(results[i].RawResponse);
            }
        }
    }

    [Fact]
    public void Check_SavedResponseWithBrokenEncodedCertificate_IsIndeterminateForIt()
    {
        var online = Assert.Single(_pki.Engine().Ocsp.Check(_pki.Request(_pki.Good)).ToList());
        var request = Encoded(_pki.Good);
        request.EncodedCertificates.Add(_pki.Good.Der[..^1]);
        request.Response = online.RawResponse;

        var results = _pki.Engine().Ocsp.Check(request).ToList();

        OcspServiceTests.Expect(OcspStatus.Good, results[0]);
        Assert.Equal("Offline", results[0].Method);
        OcspServiceTests.Expect(OcspStatus.Indeterminate, results[1]);
        Assert.Equal(OcspFailureReason.MalformedCertificate, results[1].FailureReason);
    }

    [Fact]
    public void Check_NullEncodedCertificate_IsAnArgumentError()
    {
        var request = Encoded(_pki.Good);
        request.EncodedCertificates.Add(null!);

        Assert.Throws<ArgumentException>(() => _pki.Engine().Ocsp.Check(request));
    }
}
