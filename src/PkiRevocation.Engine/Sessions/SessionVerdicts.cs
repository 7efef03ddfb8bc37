using PkiRevocation.Expiry;

namespace PkiRevocation.Sessions
{
    /// <summary>
    /// The verdict and the recommended action of a checked session. The worst finding wins: Revoked, then Expired,
    /// then NotYetValid (each: Terminate — the session must not go on with that certificate), then Indeterminate
    /// (Renegotiate — the peer must present a certificate we can decide on), then Valid (Renegotiate when the
    /// certificate expires within ExpiringWithinDays, so the session moves to the renewed certificate; None otherwise).
    /// </summary>
    internal static class SessionVerdicts
    {
        public static void Decide(SessionCheckResult result)
        {
            if (result.RevocationStatus == SessionRevocationStatus.Revoked)
            {
                Set(result, SessionVerdict.Revoked, SessionAction.Terminate, "The peer certificate is revoked.");
            }
            else if (result.ExpiryStatus == ExpiryStatus.Expired)
            {
                Set(result, SessionVerdict.Expired, SessionAction.Terminate, $"The peer certificate expired at {result.NotAfter:yyyy-MM-dd'T'HH:mm:ss'Z'}.");
            }
            else if (result.ExpiryStatus == ExpiryStatus.NotYetValid)
            {
                Set(result, SessionVerdict.NotYetValid, SessionAction.Terminate, "The peer certificate is not valid yet.");
            }
            else if (result.RevocationStatus == SessionRevocationStatus.Indeterminate)
            {
                var reason = result.RevocationSteps.Count > 0 ? " " + result.RevocationSteps[result.RevocationSteps.Count - 1] : "";
                Set(result, SessionVerdict.Indeterminate, SessionAction.Renegotiate, "Revocation could not be decided." + reason);
            }
            else if (result.ExpiryStatus == ExpiryStatus.Expiring)
            {
                Set(result, SessionVerdict.Valid, SessionAction.Renegotiate, $"The peer certificate expires at {result.NotAfter:yyyy-MM-dd'T'HH:mm:ss'Z'}: renegotiate onto its renewal.");
            }
            else
            {
                Set(result, SessionVerdict.Valid, SessionAction.None,
                    result.ExpiryStatus == null ? "Not revoked (the validity check is off)." : result.RevocationStatus == SessionRevocationStatus.NotRevoked ? "Valid and not revoked." : "Valid.");
            }
        }

        private static void Set(SessionCheckResult result, SessionVerdict verdict, SessionAction action, string detail)
        {
            result.Verdict = verdict;
            result.RecommendedAction = action;
            result.Detail = detail;
        }
    }
}
