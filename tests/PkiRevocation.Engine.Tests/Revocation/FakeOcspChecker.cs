using System.Security.Cryptography.X509Certificates;
using PkiRevocation.Revocation;

namespace PkiRevocation.Engine.Tests.Revocation;

/// <summary>An OCSP step with a scripted answer, recording what the walk asked of it.</summary>
internal sealed class FakeOcspChecker : IOcspChecker
{
    private readonly Func<X509Certificate2, OcspCheckOutcome> _answer;

    public FakeOcspChecker(Func<X509Certificate2, OcspCheckOutcome> answer) => _answer = answer;

    public List<(X509Certificate2 Certificate, X509Certificate2 Issuer, OcspCheckOptions Options, DateTime At)> Calls { get; } = new();

    public OcspCheckOutcome Check(X509Certificate2 certificate, X509Certificate2 issuer, OcspCheckOptions options, DateTime at, CancellationToken cancellationToken)
    {
        Calls.Add((certificate, issuer, options, at));
        return _answer(certificate);
    }

    public static FakeOcspChecker Answering(OcspCheckStatus status, bool connectivity = false, string reason = "") =>
        new(_ => new OcspCheckOutcome
        {
            Status = status,
            ConnectivityFailure = connectivity,
            FailureReason = reason,
            RevocationTime = status == OcspCheckStatus.Revoked ? new DateTime(2030, 5, 1, 0, 0, 0, DateTimeKind.Utc) : null,
            RevocationReason = status == OcspCheckStatus.Revoked ? RevocationReason.KeyCompromise : null,
            Steps = [$"fake responder: {status} {reason}".Trim()],
        });

    public static FakeOcspChecker Down() => Answering(OcspCheckStatus.Indeterminate, connectivity: true, reason: "connection refused");
}
