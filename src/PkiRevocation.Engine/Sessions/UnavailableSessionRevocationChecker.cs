using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;
using System.Threading;

namespace PkiRevocation.Sessions
{
    /// <summary>
    /// The checker when no RevocationService is given (see RevocationSessionChecker for the real one): it knows no
    /// policy, so a configured RevocationPolicy yields Indeterminate ("policy not found"), never NotRevoked.
    /// </summary>
    internal sealed class UnavailableSessionRevocationChecker : ISessionRevocationChecker
    {
        public static readonly UnavailableSessionRevocationChecker Instance = new UnavailableSessionRevocationChecker();

        public SessionRevocationPolicy? FindPolicy(string policyName) => null;

        public SessionRevocationAnswer Check(IReadOnlyList<X509Certificate2> chain, string policyName, DateTime at, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return SessionRevocationAnswer.Indeterminate($"Revocation policy '{policyName}': no revocation service is available in this build.");
        }
    }
}
