using PkiRevocation.Configuration;
using PkiRevocation.Ocsp;
using PkiRevocation.TestSupport;

namespace PkiRevocation.Engine.Tests.Ocsp;

/// <summary>
/// A generated PKI and two real OpenSSL responders on 127.0.0.1, started once per test class: one signing with the
/// CA itself (nextUpdate = 60 min), one with a delegated responder certificate (ResponderID byKey, no nextUpdate).
/// The reference time is pinned at fixture start (the responders sign with the real clock; the 5-minute skew covers the run).
/// </summary>
public sealed class OcspResponderFixture : IDisposable
{
    public OcspResponderFixture()
    {
        At = DateTime.UtcNow;
        At = new DateTime(At.Year, At.Month, At.Day, At.Hour, At.Minute, At.Second, DateTimeKind.Utc);
        Directory = new TempDirectory("pkirev-ocsp");
        var caPort = FreePort.Next();
        var delegatedPort = FreePort.Next();
        DeadUrl = $"http://127.0.0.1:{FreePort.Next()}/";
        CaUrl = $"http://127.0.0.1:{caPort}/";
        DelegatedUrl = $"http://127.0.0.1:{delegatedPort}/";

        Ca = TestPki.CreateRoot("CN=PkiRevocation OCSP Test CA,O=PkiRevocation Tests", At.AddYears(-1), At.AddYears(5));
        OtherCa = TestPki.CreateRoot("CN=PkiRevocation Other CA,O=PkiRevocation Tests", At.AddYears(-1), At.AddYears(5));
        var from = At.AddDays(-30);
        var to = At.AddDays(365);
        Good = Ca.Issue("CN=good.example.test", from, to, o => o.WithSerial(0x1001).Ocsp(CaUrl));
        Revoked = Ca.Issue("CN=revoked.example.test", from, to, o => o.WithSerial(0x1002).Ocsp(CaUrl));
        Unknown = Ca.Issue("CN=unknown.example.test", from, to, o => o.WithSerial(0x1003).Ocsp(CaUrl));
        FirstAiaDead = Ca.Issue("CN=second-aia.example.test", from, to, o => o.WithSerial(0x1004).Ocsp(DeadUrl, CaUrl));
        NoAia = Ca.Issue("CN=no-aia.example.test", from, to, o => o.WithSerial(0x1005));
        DelegatedAia = Ca.Issue("CN=delegated-aia.example.test", from, to, o => o.WithSerial(0x1006).Ocsp(DelegatedUrl));
        Many = Enumerable.Range(0, 12).Select(i => Ca.Issue($"CN=many-{i}.example.test", from, to, o => o.WithSerial(0x2000 + i).Ocsp(CaUrl))).ToList();
        DelegatedSigner = Ca.Issue("CN=PkiRevocation OCSP Responder,O=PkiRevocation Tests", At.AddDays(-1), At.AddDays(30), o => o.OcspSigning());
        RevokedAt = At.AddDays(-2).AddHours(-3);

        Index = new OcspIndex().Valid(Good).Revoked(Revoked, RevokedAt, "keyCompromise").Valid(FirstAiaDead).Valid(NoAia).Valid(DelegatedAia);
        foreach (var (certificate, i) in Many.Select((c, i) => (c, i)))
            if (i % 3 == 1) Index.Revoked(certificate, RevokedAt, "superseded"); else if (i % 3 == 0) Index.Valid(certificate);

        CaResponder = OpenSslOcspResponder.Start(Directory.Path, Ca, Ca, Index, nextUpdateMinutes: 60, port: caPort);
        DelegatedResponder = OpenSslOcspResponder.Start(Directory.Path, Ca, DelegatedSigner, Index, nextUpdateMinutes: null, port: delegatedPort, "-resp_key_id");
    }

    public DateTime At { get; }

    public DateTime RevokedAt { get; }

    public TempDirectory Directory { get; }

    public string CaUrl { get; }

    public string DelegatedUrl { get; }

    public string DeadUrl { get; }

    public TestCertificate Ca { get; }

    public TestCertificate OtherCa { get; }

    public TestCertificate Good { get; }

    public TestCertificate Revoked { get; }

    public TestCertificate Unknown { get; }

    public TestCertificate FirstAiaDead { get; }

    public TestCertificate NoAia { get; }

    public TestCertificate DelegatedAia { get; }

    /// <summary>Serials 0x2000+i: i%3 == 0 good, 1 revoked (superseded), 2 unknown.</summary>
    public List<TestCertificate> Many { get; }

    public TestCertificate DelegatedSigner { get; }

    public OcspIndex Index { get; }

    public OpenSslOcspResponder CaResponder { get; }

    public OpenSslOcspResponder DelegatedResponder { get; }

    public PkiEngine Engine(DateTime? at = null) =>
        new(new EngineEnvironment(clock: new FixedClock(at ?? At), paths: new PkiRevocationPaths(Directory.Path)));

    /// <summary>A request for <paramref name="certificates"/> with the CA given as issuer, a short timeout and the pinned time.</summary>
    public OcspCheckRequest Request(params TestCertificate[] certificates)
    {
        var request = new OcspCheckRequest { At = At, Timeout = TestTimeouts.Answering };
        foreach (var certificate in certificates) request.Certificates.Add(certificate.Certificate);
        request.Issuers.Add(Ca.Certificate);
        return request;
    }

    /// <summary>Another responder over the same index, signing with <paramref name="signer"/> (dispose it in the test).</summary>
    public OpenSslOcspResponder StartResponder(TestCertificate signer, int? nextUpdateMinutes = 60, params string[] extra) =>
        OpenSslOcspResponder.Start(Directory.Path, Ca, signer, Index, nextUpdateMinutes, null, extra);

    public void Dispose()
    {
        CaResponder.Dispose();
        DelegatedResponder.Dispose();
        Directory.Dispose();
    }
}
