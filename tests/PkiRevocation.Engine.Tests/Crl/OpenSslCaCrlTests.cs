using PkiRevocation.Configuration;
using PkiRevocation.Crl;
using PkiRevocation.Revocation;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Crl;

/// <summary>
/// CRLs and delta CRLs made by a real OpenSSL CA (openssl ca -gencrl, openssl crl -gendelta), served over HTTP on
/// 127.0.0.1 and found through the certificates' CRL Distribution Points and Freshest CRL extensions.
/// Reference time pinned at 2030-06-02; the CRLs run from 2030-05-31/06-01 to 2030-06-07/08.
/// </summary>
public sealed class OpenSslCaCrlTests : IDisposable
{
    private static readonly DateTime At = new(2030, 6, 2, 12, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _temp = new("crl-openssl");
    private readonly StaticHttpServer _server = new();
    private readonly OpenSslCa _ca;
    private readonly FixedClock _clock = new(At);

    public OpenSslCaCrlTests()
    {
        _ca = new OpenSslCa(Directory.CreateDirectory(Path.Combine(_temp.Path, "ca")).FullName);
    }

    public void Dispose()
    {
        _server.Dispose();
        _temp.Dispose();
    }

    private PkiEngine Engine() => new(new EngineEnvironment(_clock, paths: new PkiRevocationPaths(Path.Combine(_temp.Path, "home"))));

    private CrlResult Check(string certificatePem, Action<CrlCheckRequest>? configure = null, PkiEngine? engine = null)
    {
        var request = new CrlCheckRequest { Issuer = _ca.Certificate, At = At, Timeout = TestTimeouts.Answering };
        request.Certificates.Add(_ca.Load(certificatePem));
        configure?.Invoke(request);
        var outcome = (engine ?? Engine()).Crl.Check(request).Single(o => !o.IsFailure);
        return outcome.Result!;
    }

    private void Publish(string name, string pem) => _server.Set(name, _ca.Der(pem));

    [Fact]
    public void Cdp_CertificateNotOnCrl_IsNotRevokedWithCrlDetails()
    {
        var good = _ca.Issue("good", new[] { _server.Url("ca.crl") });
        Publish("ca.crl", _ca.GenerateCrl(At.AddDays(-2), At.AddDays(5)));

        var result = Check(good);

        Assert.Equal(CrlStatus.NotRevoked, result.Status);
        Assert.Equal(_server.Url("ca.crl"), result.Source);
        Assert.Equal("01", result.CrlNumber);
        Assert.Equal(At.AddDays(-2), result.ThisUpdate);
        Assert.Equal(At.AddDays(5), result.NextUpdate);
        Assert.Contains("GET /ca.crl 200", _server.Log);
    }

    [Fact]
    public void Cdp_RevokedCertificate_IsRevokedWithReasonAndTime()
    {
        var bad = _ca.Issue("bad", new[] { _server.Url("ca.crl") });
        _ca.Revoke(bad, "keyCompromise");
        Publish("ca.crl", _ca.GenerateCrl(At.AddDays(-1), At.AddDays(5)));

        var result = Check(bad);

        Assert.Equal(CrlStatus.Revoked, result.Status);
        Assert.Equal(RevocationReason.KeyCompromise, result.RevocationReason);
        Assert.NotNull(result.RevocationTime);
    }

    [Fact]
    public void Cdp_CrlPastNextUpdate_IsIndeterminateStale()
    {
        var good = _ca.Issue("good", new[] { _server.Url("ca.crl") });
        Publish("ca.crl", _ca.GenerateCrl(At.AddDays(-10), At.AddDays(-3)));

        var result = Check(good);

        Assert.Equal(CrlStatus.Indeterminate, result.Status);
        Assert.Contains("stale", result.FailureReason);
    }

    [Fact]
    public void Cdp_CrlSignedByAnotherCa_IsIndeterminate()
    {
        var good = _ca.Issue("good", new[] { _server.Url("ca.crl") });
        var other = new OpenSslCa(Directory.CreateDirectory(Path.Combine(_temp.Path, "other")).FullName, "/CN=PkiRevocation OpenSSL Test CA");
        _server.Set("ca.crl", other.Der(other.GenerateCrl(At.AddDays(-1), At.AddDays(5))));

        var result = Check(good);

        Assert.Equal(CrlStatus.Indeterminate, result.Status);
        Assert.Contains("signature not verified", result.FailureReason);
    }

    [Fact]
    public void Cdp_ServerDown_IsIndeterminateConnectivityFailure()
    {
        var good = _ca.Issue("good", new[] { _server.Url("ca.crl") });
        _server.Stop();

        var result = Check(good);

        Assert.Equal(CrlStatus.Indeterminate, result.Status);
        Assert.True(result.ConnectivityFailure);
    }

    [Fact]
    public void Cdp_CrlLargerThanTheCap_IsIndeterminateNotConnectivity()
    {
        var good = _ca.Issue("good", new[] { _server.Url("ca.crl") });
        Publish("ca.crl", _ca.GenerateCrl(At.AddDays(-1), At.AddDays(5)));

        var result = Check(good, r => r.MaxCrlBytes = 100);

        Assert.Equal(CrlStatus.Indeterminate, result.Status);
        Assert.False(result.ConnectivityFailure);
        Assert.Contains("100-byte limit", string.Join("\n", result.Steps));
    }

    [Fact]
    public void Cdp_ServerThatNeverAnswers_TimesOutAsConnectivityFailure()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var accepted = new List<System.Net.Sockets.TcpClient>();
        var accepting = Task.Run(async () => { try { while (true) accepted.Add(await listener.AcceptTcpClientAsync()); } catch (Exception) { } });
        try
        {
            var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            var good = _ca.Issue("silent", new[] { $"http://127.0.0.1:{port}/ca.crl" });

            var result = Check(good, r => r.Timeout = TimeSpan.FromSeconds(1));

            Assert.Equal(CrlStatus.Indeterminate, result.Status);
            Assert.True(result.ConnectivityFailure);
            Assert.Contains("no answer within 1 s", string.Join("\n", result.Steps));
        }
        finally
        {
            listener.Stop();
            foreach (var client in accepted) client.Dispose();
        }
    }

    [Fact]
    public void Cdp_LdapFirst_HttpIsTriedFirstByDefault()
    {
        // AD CS lists ldap:// before http://; by default (PreferHttp) the http location is asked first and decides.
        var good = _ca.Issue("good", new[] { "ldap://127.0.0.1:1/cn=TestCA?certificateRevocationList", _server.Url("ca.crl") });
        Publish("ca.crl", _ca.GenerateCrl(At.AddDays(-1), At.AddDays(5)));

        var result = Check(good);

        Assert.Equal(CrlStatus.NotRevoked, result.Status);
        Assert.StartsWith(_server.Url("ca.crl"), result.Steps[0]);
        Assert.DoesNotContain(result.Steps, s => s.StartsWith("ldap://", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Cdp_FirstUrl404_SecondUrlDecides()
    {
        var good = _ca.Issue("good", new[] { _server.Url("missing.crl"), _server.Url("ca.crl") });
        Publish("ca.crl", _ca.GenerateCrl(At.AddDays(-1), At.AddDays(5)));

        var result = Check(good);

        Assert.Equal(CrlStatus.NotRevoked, result.Status);
        Assert.Contains(result.Steps, s => s.Contains("HTTP 404"));
    }

    [Fact]
    public void Delta_RevocationOnlyInDeltaCrl_IsRevoked()
    {
        var cert = _ca.Issue("later", new[] { _server.Url("ca.crl") }, new[] { _server.Url("delta.crl") });
        var basePem = _ca.GenerateCrl(At.AddDays(-2), At.AddDays(5));
        _ca.Revoke(cert, "superseded");
        var newer = _ca.GenerateCrl(At.AddDays(-1), At.AddDays(5));
        Publish("ca.crl", basePem);
        Publish("delta.crl", _ca.GenerateDelta(basePem, newer));

        var result = Check(cert);

        Assert.Equal(CrlStatus.Revoked, result.Status);
        Assert.Equal(RevocationReason.Superseded, result.RevocationReason);
        Assert.Equal(_server.Url("delta.crl"), result.DeltaSource);
        Assert.Equal("02", result.DeltaCrlNumber);
    }

    [Fact]
    public void Delta_CertificateOnHoldReleasedInDelta_IsNotRevoked()
    {
        var cert = _ca.Issue("held", new[] { _server.Url("ca.crl") }, new[] { _server.Url("delta.crl") });
        _ca.Revoke(cert, "certificateHold");
        var basePem = _ca.GenerateCrl(At.AddDays(-2), At.AddDays(5));
        var baseDer = _ca.Der(basePem);
        var delta = _ca.GenerateReleaseDelta(1, At.AddDays(-1), At.AddDays(5));
        _server.Set("ca.crl", baseDer);
        Publish("delta.crl", delta);

        var onHoldWithoutDelta = Check(cert, r => r.CrlSources.Add(_server.Url("ca.crl")));
        var result = Check(cert);

        Assert.Equal(CrlStatus.Revoked, onHoldWithoutDelta.Status);
        Assert.Equal(RevocationReason.CertificateHold, onHoldWithoutDelta.RevocationReason);
        Assert.True(CrlStatus.NotRevoked == result.Status, string.Join("\n", result.Steps));
        Assert.Contains(result.Steps, s => s.Contains("removeFromCRL"));
    }

    [Fact]
    public void Delta_AdvertisedButUnreachable_IsIndeterminate()
    {
        var cert = _ca.Issue("good", new[] { _server.Url("ca.crl") }, new[] { _server.Url("delta.crl") });
        Publish("ca.crl", _ca.GenerateCrl(At.AddDays(-1), At.AddDays(5)));

        var result = Check(cert);

        Assert.Equal(CrlStatus.Indeterminate, result.Status);
        Assert.Contains("delta", result.FailureReason);
    }

    [Fact]
    public void Delta_Unreachable_KeyCompromiseInBaseStillRevoked_HoldInBaseIndeterminate()
    {
        var compromised = _ca.Issue("compromised", new[] { _server.Url("ca.crl") }, new[] { _server.Url("delta.crl") });
        var held = _ca.Issue("held", new[] { _server.Url("ca.crl") }, new[] { _server.Url("delta.crl") });
        _ca.Revoke(compromised, "keyCompromise");
        _ca.Revoke(held, "certificateHold");
        Publish("ca.crl", _ca.GenerateCrl(At.AddDays(-1), At.AddDays(5)));

        Assert.Equal(CrlStatus.Revoked, Check(compromised).Status);
        var onHold = Check(held);
        Assert.Equal(CrlStatus.Indeterminate, onHold.Status);
        Assert.Contains("delta", onHold.FailureReason);
    }

    [Fact]
    public void Delta_ExplicitFiles_BaseNumberCheckedAndApplied()
    {
        var cert = _ca.Issue("later", Array.Empty<string>());
        var basePem = _ca.GenerateCrl(At.AddDays(-2), At.AddDays(5));
        _ca.Revoke(cert);
        var newer = _ca.GenerateCrl(At.AddDays(-1), At.AddDays(5));
        var deltaPem = _ca.GenerateDelta(basePem, newer);
        var baseFile = Path.Combine(_temp.Path, "base.crl");
        var deltaFile = Path.Combine(_temp.Path, "delta.crl");
        File.WriteAllBytes(baseFile, _ca.Der(basePem));
        File.WriteAllBytes(deltaFile, _ca.Der(deltaPem));

        var withDelta = Check(cert, r => { r.CrlSources.Add(baseFile); r.DeltaCrlSources.Add(deltaFile); });
        // The delta's BaseCRLNumber (1) is not newer than crl2 (number 2), but its own number (2) is not newer either: ignored.
        var newerFile = Path.Combine(_temp.Path, "newer.crl");
        File.WriteAllBytes(newerFile, _ca.Der(newer));
        var deltaOnOwnBase = Check(cert, r => { r.CrlSources.Add(newerFile); r.DeltaCrlSources.Add(deltaFile); });

        Assert.Equal(CrlStatus.Revoked, withDelta.Status);
        Assert.Equal(CrlStatus.Revoked, deltaOnOwnBase.Status);
        Assert.Equal("", deltaOnOwnBase.DeltaSource);
        Assert.Contains(deltaOnOwnBase.Steps, s => s.Contains("not newer than the complete CRL"));
    }

    [Fact]
    public void Cache_SecondCheckInsideNextUpdate_ServedFromCacheWithoutNetwork()
    {
        var good = _ca.Issue("good", new[] { _server.Url("ca.crl") });
        Publish("ca.crl", _ca.GenerateCrl(At.AddDays(-1), At.AddDays(5)));
        var engine = Engine();

        var first = Check(good, engine: engine);
        _server.Stop();
        var second = Check(good, engine: engine);

        Assert.False(first.FromCache);
        Assert.Equal(CrlStatus.NotRevoked, second.Status);
        Assert.True(second.FromCache);
        var entry = Assert.Single(engine.Crl.Cache.List());
        Assert.Equal(_server.Url("ca.crl"), entry.Url);
        Assert.Equal(RevocationCacheKind.Crl, entry.Kind);
        Assert.Equal(At.AddDays(5), entry.NextUpdate);
    }

    [Fact]
    public void Cache_AfterNextUpdate_RevalidatesWithConditionalGet()
    {
        var good = _ca.Issue("good", new[] { _server.Url("ca.crl") });
        Publish("ca.crl", _ca.GenerateCrl(At.AddDays(-1), At.AddDays(5)));
        var engine = Engine();
        Check(good, engine: engine);

        _clock.UtcNow = At.AddDays(6); // the cached CRL is past nextUpdate: ask the server, which says 304
        var later = Check(good, r => r.At = At, engine);

        Assert.Equal(new[] { "GET /ca.crl 200", "GET /ca.crl 304" }, _server.Log);
        Assert.True(later.FromCache);
        Assert.Contains(later.Steps, s => s.Contains("304 Not Modified"));
    }

    [Fact]
    public void Cache_Clear_RemovesEntriesMatchingPattern()
    {
        var good = _ca.Issue("good", new[] { _server.Url("ca.crl") });
        Publish("ca.crl", _ca.GenerateCrl(At.AddDays(-1), At.AddDays(5)));
        var engine = Engine();
        Check(good, engine: engine);

        var kept = engine.Crl.Cache.Clear(urlPattern: "*/other.crl");
        var removed = engine.Crl.Cache.Clear(RevocationCacheKind.Crl, "*/ca.crl");

        Assert.Empty(kept);
        Assert.Single(removed);
        Assert.Empty(engine.Crl.Cache.List());
        Assert.False(File.Exists(removed[0].Path));
    }

    [Fact]
    public void Serial_CheckedAgainstExplicitCrl_WithoutCertificate()
    {
        var bad = _ca.Issue("bad", Array.Empty<string>());
        _ca.Revoke(bad);
        var file = Path.Combine(_temp.Path, "ca.crl");
        File.WriteAllBytes(file, _ca.Der(_ca.GenerateCrl(At.AddDays(-1), At.AddDays(5))));
        var request = new CrlCheckRequest { Issuer = _ca.Certificate, At = At };
        request.CrlSources.Add(file);
        request.SerialNumbers.Add(_ca.Load(bad).SerialNumber);
        request.SerialNumbers.Add("0FFF");
        request.SerialNumbers.Add("not-hex");

        var outcomes = Engine().Crl.Check(request).ToList();

        Assert.Equal(CrlStatus.Revoked, outcomes[0].Result!.Status);
        Assert.Equal(CrlStatus.NotRevoked, outcomes[1].Result!.Status);
        Assert.Equal(PkiRevocation.Diagnostics.ErrorIds.SerialNumberInvalid, outcomes[2].Failure!.ErrorId);
    }
}
