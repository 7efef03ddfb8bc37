using System;

namespace PkiRevocation.Sessions
{
    /// <summary>
    /// The long-lived session settings name a revocation policy that does not exist: storing it would make every
    /// session check Indeterminate. An ArgumentException, so callers that refuse invalid settings refuse this too.
    /// </summary>
    public sealed class SessionPolicyNotFoundException : ArgumentException
    {
        public SessionPolicyNotFoundException(string policyName)
            : base($"No revocation policy named '{policyName}' exists (see Get-RevocationPolicy, pkirev policy list); the settings were not changed.")
        {
            PolicyName = policyName;
        }

        public string PolicyName { get; }
    }
}
