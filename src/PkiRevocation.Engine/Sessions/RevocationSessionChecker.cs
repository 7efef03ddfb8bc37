using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using PkiRevocation.Revocation;

namespace PkiRevocation.Sessions
{
    /// <summary>
    /// The session checks' revocation, through the engine's RevocationService and the revocation policies
    /// (policies.json). The peer chain's leaf is checked under the named policy, with the rest of the chain as the
    /// issuer pool; with a Chain-scoped policy every checked member counts. Revoked wins; anything not answered
    /// NotRevoked by every checked member — a failure, a missing issuer, no result at all — is Indeterminate.
    /// </summary>
    internal sealed class RevocationSessionChecker : ISessionRevocationChecker
    {
        private readonly RevocationService _revocation;
        private readonly RevocationPolicyService _policies;

        public RevocationSessionChecker(RevocationService revocation, RevocationPolicyService policies)
        {
            _revocation = revocation ?? throw new ArgumentNullException(nameof(revocation));
            _policies = policies ?? throw new ArgumentNullException(nameof(policies));
        }

        public SessionRevocationPolicy? FindPolicy(string policyName)
        {
            var policy = _policies.Find(policyName);
            return policy == null ? null : new SessionRevocationPolicy(policy.Name, policy.Enabled, policy.CheckInterval);
        }

        public SessionRevocationAnswer Check(IReadOnlyList<X509Certificate2> chain, string policyName, DateTime at, CancellationToken cancellationToken)
        {
            if (chain == null || chain.Count == 0) return SessionRevocationAnswer.Indeterminate("No peer certificate to check.");
            var request = new RevocationCheckRequest { PolicyName = policyName, At = at };
            request.Certificates.Add(chain[0]);
            foreach (var certificate in chain.Skip(1)) request.ChainCertificates.Add(certificate);

            var steps = new List<string>();
            var statuses = new List<SessionRevocationStatus>();
            string? decidedBy = null;
            foreach (var outcome in _revocation.Check(request, null, cancellationToken))
            {
                if (outcome.IsFailure)
                {
                    statuses.Add(SessionRevocationStatus.Indeterminate);
                    steps.Add($"{outcome.Failure!.ErrorId}: {outcome.Failure.Message}");
                    continue;
                }

                var result = outcome.Result!;
                var label = result.ChainPosition == 0 ? "" : $"[chain {result.ChainPosition}: {result.Subject}] ";
                steps.AddRange(result.Steps.Select(s => label + s));
                if (result.ChainPosition == 0 && result.DecidedBy.HasValue) decidedBy = result.DecidedBy.ToString();
                statuses.Add(result.Status switch
                {
                    RevocationStatus.NotRevoked => SessionRevocationStatus.NotRevoked,
                    RevocationStatus.Revoked => SessionRevocationStatus.Revoked,
                    _ => SessionRevocationStatus.Indeterminate,
                });
            }

            if (statuses.Count == 0) return SessionRevocationAnswer.Indeterminate($"The revocation service gave no answer under policy '{policyName}'.");
            var status = statuses.Contains(SessionRevocationStatus.Revoked) ? SessionRevocationStatus.Revoked
                : statuses.All(s => s == SessionRevocationStatus.NotRevoked) ? SessionRevocationStatus.NotRevoked
                : SessionRevocationStatus.Indeterminate;
            return new SessionRevocationAnswer(status, steps.ToArray(), decidedBy);
        }
    }
}
