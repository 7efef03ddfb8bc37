using System.Security.Cryptography.X509Certificates;
using PkiRevocation.Sessions;

namespace PkiRevocation.Engine.Tests.Sessions;

/// <summary>
/// Stands in for the RevocationService until it is wired (see SessionCheckService): knows the policies it is given,
/// answers Revoked for the thumbprints it is told, NotRevoked for the rest, and records every chain it was asked about.
/// </summary>
internal sealed class FakeSessionRevocationChecker : ISessionRevocationChecker
{
    private readonly Dictionary<string, SessionRevocationPolicy> _policies = new(StringComparer.OrdinalIgnoreCase);

    public HashSet<string> Revoked { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<(string Leaf, int ChainLength, string Policy, DateTime At)> Calls { get; } = new();

    public FakeSessionRevocationChecker WithPolicy(string name, bool enabled, TimeSpan checkInterval)
    {
        _policies[name] = new SessionRevocationPolicy(name, enabled, checkInterval);
        return this;
    }

    public SessionRevocationPolicy? FindPolicy(string policyName) => _policies.TryGetValue(policyName, out var policy) ? policy : null;

    public SessionRevocationAnswer Check(IReadOnlyList<X509Certificate2> chain, string policyName, DateTime at, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var leaf = chain[0].Thumbprint;
        Calls.Add((leaf, chain.Count, policyName, at));
        return Revoked.Contains(leaf)
            ? new SessionRevocationAnswer(SessionRevocationStatus.Revoked, new[] { $"Fake: {chain[0].Subject} revoked" }, "Fake")
            : new SessionRevocationAnswer(SessionRevocationStatus.NotRevoked, new[] { $"Fake: {chain[0].Subject} good" }, "Fake");
    }
}
