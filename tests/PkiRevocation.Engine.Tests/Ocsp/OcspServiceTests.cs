using PkiRevocation.Ocsp;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Ocsp;

/// <summary>Online checks against OpenSSL's real responder on 127.0.0.1.</summary>
public sealed class OcspServiceTests : IClassFixture<OcspResponderFixture>
{
    private readonly OcspResponderFixture _pki;

    public OcspServiceTests(OcspResponderFixture pki) => _pki = pki;

    private OcspResult One(OcspCheckRequest request) => Assert.Single(_pki.Engine().Ocsp.Check(request).ToList());

    [Fact]
    public void Check_GoodCertificate_CaSignedResponder_IsGoodWithIssuerTrustPath()
    {
        var result = One(_pki.Request(_pki.Good));

        Expect(OcspStatus.Good, result);
        Assert.Null(result.FailureReason);
        Assert.Equal(OcspTrustPath.Issuer, result.TrustPath);
        Assert.Equal(NonceStatus.Matched, result.NonceStatus);
        Assert.Equal(_pki.CaUrl, result.ResponderUri);
        Assert.Equal("POST", result.Method);
        Assert.Equal("1001", result.SerialNumber);
        Assert.NotNull(result.NextUpdate);
        Assert.InRange(result.NextUpdate!.Value - result.ThisUpdate!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
        Assert.Contains("CN=PkiRevocation OCSP Test CA", result.ResponderName);
        Assert.NotNull(result.RawResponse);
        Assert.Contains(result.Steps, s => s.Contains("accepted: it is the issuing CA"));
    }

    [Fact]
    public void Check_RevokedCertificate_ReportsRevocationTimeAndReason()
    {
        var result = One(_pki.Request(_pki.Revoked));

        Expect(OcspStatus.Revoked, result);
        Assert.Equal(_pki.RevokedAt, result.RevocationTime);
        Assert.Equal("KeyCompromise", result.RevocationReason);
        Assert.Equal(OcspTrustPath.Issuer, result.TrustPath);
    }

    [Fact]
    public void Check_SerialNotInIndex_IsUnknownNotIndeterminate()
    {
        var result = One(_pki.Request(_pki.Unknown));

        Expect(OcspStatus.Unknown, result);
        Assert.Null(result.FailureReason);
        Assert.Equal(OcspTrustPath.Issuer, result.TrustPath);
    }

    [Fact]
    public void Check_DelegatedResponderByKey_IsGoodWithDelegatedTrustPath()
    {
        var result = One(_pki.Request(_pki.DelegatedAia));

        Expect(OcspStatus.Good, result);
        Assert.Equal(OcspTrustPath.Delegated, result.TrustPath);
        Assert.StartsWith("KeyHash:", result.ResponderName);
        Assert.Null(result.NextUpdate);
        Assert.Equal(_pki.DelegatedUrl, result.ResponderUri);
        Assert.Contains(result.Steps, s => s.Contains("id-pkix-ocsp-nocheck"));
    }

    [Fact]
    public void Check_NoNonce_IsGoodWithNonceNotSent()
    {
        var request = _pki.Request(_pki.Good);
        request.UseNonce = false;

        var result = One(request);

        Expect(OcspStatus.Good, result);
        Assert.Equal(NonceStatus.NotSent, result.NonceStatus);
        Assert.Contains(result.Steps, s => s.Contains("no nonce"));
    }

    [Fact]
    public void Check_Sha256CertId_IsAnsweredWithSha256()
    {
        var request = _pki.Request(_pki.Revoked);
        request.HashAlgorithm = OcspHashAlgorithm.Sha256;

        var result = One(request);

        Expect(OcspStatus.Revoked, result);
        Assert.Equal(OcspHashAlgorithm.Sha256, result.HashAlgorithm);
        Assert.Contains(result.Steps, s => s.Contains("SingleResponse matches the CertID (SHA-256"));
    }

    [Fact]
    public void Check_Get_IsGoodOverGet()
    {
        var request = _pki.Request(_pki.Good);
        request.UseGet = true;

        var result = One(request);

        Expect(OcspStatus.Good, result);
        Assert.Equal("GET", result.Method);
        Assert.Equal(NonceStatus.Matched, result.NonceStatus);
    }

    [Fact]
    public void Check_ConfiguredUri_OverridesMissingAia()
    {
        var request = _pki.Request(_pki.NoAia);
        request.ResponderUri = new Uri(_pki.DelegatedUrl);

        var result = One(request);

        Expect(OcspStatus.Good, result);
        Assert.Equal(_pki.DelegatedUrl, result.ResponderUri);
        Assert.Contains(result.Steps, s => s.StartsWith("Responder configured"));
    }

    [Fact]
    public void Check_NoAiaAndNoConfiguredUri_IsNoResponder()
    {
        var result = One(_pki.Request(_pki.NoAia));

        Expect(OcspStatus.Indeterminate, result);
        Assert.Equal(OcspFailureReason.NoResponder, result.FailureReason);
    }

    [Fact]
    public void Check_SeveralAiaUrisFirstDead_AnswersFromTheSecond()
    {
        var result = One(_pki.Request(_pki.FirstAiaDead));

        Expect(OcspStatus.Good, result);
        Assert.Equal(_pki.CaUrl, result.ResponderUri);
        Assert.Contains(result.Steps, s => s.Contains("ResponderUnreachable") && s.Contains(_pki.DeadUrl));
    }

    [Fact]
    public void Check_ConfiguredUriDead_IsUnreachableEvenWhenAiaWorks()
    {
        var request = _pki.Request(_pki.Good);
        request.ResponderUri = new Uri(_pki.DeadUrl);

        var result = One(request);

        Expect(OcspStatus.Indeterminate, result);
        Assert.Equal(OcspFailureReason.ResponderUnreachable, result.FailureReason);
    }

    [Fact]
    public void Check_ManyCertificatesConcurrently_ResultsComeInInputOrder()
    {
        var request = _pki.Request(_pki.Many.ToArray());
        request.ThrottleLimit = 4;
        var progress = new List<int>();

        var results = _pki.Engine().Ocsp.Check(request, new SyncProgress(p => progress.Add(p.Completed))).ToList();

        Assert.Equal(_pki.Many.Select(c => c.Certificate.SerialNumber), results.Select(r => r.SerialNumber));
        Assert.True(results.All(r => r.Status != OcspStatus.Indeterminate), string.Join("\n", results.Select(r => r.SerialNumber + " " + r.FailureMessage)));
        for (var i = 0; i < results.Count; i++)
            Expect(i % 3 == 0 ? OcspStatus.Good : i % 3 == 1 ? OcspStatus.Revoked : OcspStatus.Unknown, results[i]);
        Assert.Equal(results.Count, progress.Max());
        Assert.Equal(results.Count, results.Select(r => Convert.ToBase64String(r.RawResponse!)).Distinct().Count());
    }

    [Fact]
    public void Check_Batch_AsksForSeveralCertificatesInOneRequest()
    {
        var request = _pki.Request(_pki.Many.ToArray());
        request.Batch = true;

        var results = _pki.Engine().Ocsp.Check(request).ToList();

        for (var i = 0; i < results.Count; i++)
            Expect(i % 3 == 0 ? OcspStatus.Good : i % 3 == 1 ? OcspStatus.Revoked : OcspStatus.Unknown, results[i]);
        Assert.Single(results.Select(r => Convert.ToBase64String(r.RawResponse!)).Distinct());
        Assert.All(results, r => Assert.Contains(r.Steps, s => s.Contains($"{_pki.Many.Count} CertID(s)")));
        Assert.Equal("superseded", results[1].RevocationReason, ignoreCase: true);
    }

    [Fact]
    public void Check_BatchWithDifferentResponders_GroupsByResponder()
    {
        var request = _pki.Request(_pki.Good, _pki.DelegatedAia, _pki.Revoked);
        request.Batch = true;

        var results = _pki.Engine().Ocsp.Check(request).ToList();

        Assert.Equal([OcspStatus.Good, OcspStatus.Good, OcspStatus.Revoked], results.Select(r => r.Status));
        Assert.Equal(Convert.ToBase64String(results[0].RawResponse!), Convert.ToBase64String(results[2].RawResponse!));
        Assert.NotEqual(Convert.ToBase64String(results[0].RawResponse!), Convert.ToBase64String(results[1].RawResponse!));
        Assert.Equal(OcspTrustPath.Delegated, results[1].TrustPath);
        Assert.Equal(OcspTrustPath.Issuer, results[2].TrustPath);
    }

    [Fact]
    public void Check_IssuerAmongCheckedCertificates_IsFound()
    {
        var request = new OcspCheckRequest { At = _pki.At };
        request.Certificates.Add(_pki.Good.Certificate);
        request.Certificates.Add(_pki.Ca.Certificate);

        var results = _pki.Engine().Ocsp.Check(request).ToList();

        Assert.Equal(OcspStatus.Good, results[0].Status);
        Assert.Contains(results[0].Steps, s => s.Contains("found in the certificates checked"));
        Assert.Equal(OcspFailureReason.NoResponder, results[1].FailureReason);
    }

    [Fact]
    public void Check_IssuerNowhere_IsIssuerNotFoundAndOthersGoOn()
    {
        var request = new OcspCheckRequest { At = _pki.At };
        request.Certificates.Add(_pki.Good.Certificate);
        request.Certificates.Add(_pki.Revoked.Certificate);
        request.Issuers.Add(_pki.OtherCa.Certificate);

        var results = _pki.Engine().Ocsp.Check(request).ToList();

        Assert.All(results, r => Assert.Equal(OcspFailureReason.IssuerNotFound, r.FailureReason));
        Assert.All(results, r => Assert.Equal(OcspStatus.Indeterminate, r.Status));
    }

    [Fact]
    public void Check_SavedResponseInRequest_VerifiesOfflineWithoutNetwork()
    {
        var online = One(_pki.Request(_pki.Revoked));
        var request = _pki.Request(_pki.Revoked, _pki.Good);
        request.Response = online.RawResponse;
        request.ResponderUri = new Uri(_pki.DeadUrl);

        var results = _pki.Engine().Ocsp.Check(request).ToList();

        Assert.Equal(OcspStatus.Revoked, results[0].Status);
        Assert.Equal("Offline", results[0].Method);
        Assert.Equal(NonceStatus.NotSent, results[0].NonceStatus);
        Assert.Equal(OcspFailureReason.NoMatchingResponse, results[1].FailureReason);
    }

    [Fact]
    public void Verify_ReplayedResponseAfterNextUpdate_IsStale()
    {
        var online = One(_pki.Request(_pki.Good));
        var engine = _pki.Engine();

        var soon = engine.Ocsp.Verify(online.RawResponse!, _pki.Good.Certificate, _pki.Ca.Certificate, new OcspCheckRequest { At = _pki.At.AddMinutes(30) });
        var later = engine.Ocsp.Verify(online.RawResponse!, _pki.Good.Certificate, _pki.Ca.Certificate, new OcspCheckRequest { At = _pki.At.AddHours(2) });

        Expect(OcspStatus.Good, soon);
        Expect(OcspStatus.Indeterminate, later);
        Assert.Equal(OcspFailureReason.Stale, later.FailureReason);
    }

    [Fact]
    public void Verify_ReplayedResponseWithoutNextUpdateOlderThanMaxAge_IsStale()
    {
        var online = One(_pki.Request(_pki.DelegatedAia));
        var engine = _pki.Engine();

        var within = engine.Ocsp.Verify(online.RawResponse!, _pki.DelegatedAia.Certificate, _pki.Ca.Certificate, new OcspCheckRequest { At = _pki.At.AddDays(6) });
        var beyond = engine.Ocsp.Verify(online.RawResponse!, _pki.DelegatedAia.Certificate, _pki.Ca.Certificate, new OcspCheckRequest { At = _pki.At.AddDays(8) });
        var shorter = engine.Ocsp.Verify(online.RawResponse!, _pki.DelegatedAia.Certificate, _pki.Ca.Certificate, new OcspCheckRequest { At = _pki.At.AddDays(2), MaxAge = TimeSpan.FromDays(1) });

        Expect(OcspStatus.Good, within);
        Assert.Equal(OcspFailureReason.Stale, beyond.FailureReason);
        Assert.Equal(OcspFailureReason.Stale, shorter.FailureReason);
    }

    [Fact]
    public void Verify_ResponseBeforeItsThisUpdate_IsNotYetValid()
    {
        var online = One(_pki.Request(_pki.Good));

        var result = _pki.Engine().Ocsp.Verify(online.RawResponse!, _pki.Good.Certificate, _pki.Ca.Certificate, new OcspCheckRequest { At = _pki.At.AddHours(-1) });

        Expect(OcspStatus.Indeterminate, result);
        Assert.Equal(OcspFailureReason.NotYetValid, result.FailureReason);
    }

    [Fact]
    public void Verify_ResponseForAnotherSerial_IsNoMatchingResponse()
    {
        var online = One(_pki.Request(_pki.Revoked));

        var result = _pki.Engine().Ocsp.Verify(online.RawResponse!, _pki.Good.Certificate, _pki.Ca.Certificate);

        Expect(OcspStatus.Indeterminate, result);
        Assert.Equal(OcspFailureReason.NoMatchingResponse, result.FailureReason);
    }

    [Fact]
    public void Check_ReplayedResponseWithOldNonce_IsNonceMismatch()
    {
        var captured = One(_pki.Request(_pki.Good));
        Assert.Equal(NonceStatus.Matched, captured.NonceStatus);
        using var replay = new RawHttpServer(_ => RawHttpServer.OcspResponse(captured.RawResponse!));
        var request = _pki.Request(_pki.Good);
        request.ResponderUri = new Uri(replay.Url);

        var result = One(request);

        Expect(OcspStatus.Indeterminate, result);
        Assert.Equal(OcspFailureReason.NonceMismatch, result.FailureReason);
        Assert.Equal(NonceStatus.Mismatch, result.NonceStatus);
    }

    [Fact]
    public void Check_ResponseWithoutNonce_IsAcceptedAsMissingUnlessRequired()
    {
        var withoutNonce = _pki.Request(_pki.Good);
        withoutNonce.UseNonce = false;
        var captured = One(withoutNonce);
        using var replay = new RawHttpServer(_ => RawHttpServer.OcspResponse(captured.RawResponse!));
        var lenient = _pki.Request(_pki.Good);
        lenient.ResponderUri = new Uri(replay.Url);
        var strict = _pki.Request(_pki.Good);
        strict.ResponderUri = new Uri(replay.Url);
        strict.RequireNonce = true;

        var accepted = One(lenient);
        var refused = One(strict);

        Expect(OcspStatus.Good, accepted);
        Assert.Equal(NonceStatus.Missing, accepted.NonceStatus);
        Expect(OcspStatus.Indeterminate, refused);
        Assert.Equal(OcspFailureReason.NonceMissing, refused.FailureReason);
    }

    [Fact]
    public void Check_CancelledToken_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => _pki.Engine().Ocsp.Check(_pki.Request(_pki.Good), null, cancelled.Token).ToList());
    }

    internal static void Expect(OcspStatus expected, OcspResult result) =>
        Assert.True(result.Status == expected, $"Expected {expected}, got {result.Status} ({result.FailureReason}: {result.FailureMessage}).\n" + string.Join("\n", result.Steps));

    internal sealed class SyncProgress(Action<PkiRevocation.Diagnostics.OperationProgress> report) : IProgress<PkiRevocation.Diagnostics.OperationProgress>
    {
        public void Report(PkiRevocation.Diagnostics.OperationProgress value) => report(value);
    }
}
