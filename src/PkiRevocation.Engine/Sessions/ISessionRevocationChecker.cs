using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;
using System.Threading;

namespace PkiRevocation.Sessions
{
    /// <summary>
    /// The revocation service as long-lived session checks see it: the named policy's schedule, and a policy-driven
    /// check of a peer chain. The engine's adapter sits over the RevocationService and its policy store; tests use a fake.
    /// </summary>
    public interface ISessionRevocationChecker
    {
        /// <summary>
        /// The policy called <paramref name="policyName"/> (its Enabled flag and CheckInterval), or null when no such
        /// policy exists. Called before any network traffic, to decide whether a session is due.
        /// </summary>
        SessionRevocationPolicy? FindPolicy(string policyName);

        /// <summary>
        /// Checks the peer chain (leaf first; issuers when the peer presented them) under the policy, at the reference
        /// time. Never throws for a failure to get an answer: that is <see cref="SessionRevocationStatus.Indeterminate"/>
        /// with the reason in the steps. Throws OperationCanceledException when <paramref name="cancellationToken"/> fires.
        /// </summary>
        SessionRevocationAnswer Check(IReadOnlyList<X509Certificate2> chain, string policyName, DateTime at, CancellationToken cancellationToken);
    }
}
