using System;
using System.Text.Json.Serialization;

namespace PkiRevocation.Revocation
{
    /// <summary>
    /// How to check revocation for a group of certificates: the methods in order (Ocsp, Crl, None), the OCSP responder
    /// and its trust, what Unknown means, the "Check Every" interval and which certificates the policy is for.
    /// Persisted in policies.json of a configuration scope (Set-/Get-/Remove-RevocationPolicy, pkirev policy).
    /// </summary>
    public sealed class RevocationPolicy
    {
        /// <summary>The name of the policy that exists out of the box and applies when no other does.</summary>
        public const string DefaultName = "Default";

        /// <summary>The shortest CheckInterval and MaxCrlAge a policy takes.</summary>
        public static readonly TimeSpan MinimumInterval = TimeSpan.FromMinutes(1);

        /// <summary>The longest CheckInterval and MaxCrlAge a policy takes: 366 days.</summary>
        public static readonly TimeSpan MaximumInterval = TimeSpan.FromDays(366);

        public string Name { get; set; } = "";

        /// <summary>Methods tried in order. None, when listed, must be last: it makes the policy fail open.</summary>
        public RevocationMethod[] Methods { get; set; } = { RevocationMethod.Ocsp, RevocationMethod.Crl };

        /// <summary>A configured OCSP responder (http/https); empty to use the certificate's AIA responder.</summary>
        public string ResponderUri { get; set; } = "";

        public UnknownStatusAction UnknownStatus { get; set; } = UnknownStatusAction.Indeterminate;

        public NonceRequirement Nonce { get; set; } = NonceRequirement.Preferred;

        /// <summary>Responders trusted beyond the CA's delegation rules: SHA-1/SHA-256 thumbprints (hex) or base64 DER certificates.</summary>
        public string[] TrustedResponders { get; set; } = Array.Empty<string>();

        /// <summary>The "Check Every" period of periodic checks.</summary>
        public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(4);

        public RevocationScope Scope { get; set; } = RevocationScope.EndEntity;

        /// <summary>
        /// Which certificates the policy is for: "issuer:&lt;pattern&gt;" or "subject:&lt;pattern&gt;" with * and ? wildcards,
        /// matched against the whole distinguished name or any one of its attributes ("CN=Partner CA*"). Any match selects the policy. A policy without
        /// patterns is used only when named (-Policy / --policy), except Default, which applies to everything.
        /// </summary>
        public string[] AppliesTo { get; set; } = Array.Empty<string>();

        public bool Enabled { get; set; } = true;

        /// <summary>
        /// When every method failed only because its server could not be reached, accept the certificate
        /// (NotRevoked, DecidedBy None). Not allowed together with the None method.
        /// </summary>
        public bool SoftFail { get; set; }

        /// <summary>
        /// Try a certificate's http(s) locations (CRL distribution points, Freshest CRL, AIA caIssuers) before its
        /// ldap ones (default, as most validators do); false keeps the certificate's order (AD CS lists ldap first).
        /// </summary>
        public bool PreferHttp { get; set; } = true;

        /// <summary>
        /// The oldest a CRL may be: one whose thisUpdate is older than this at the reference time is Stale, even when its
        /// nextUpdate is still ahead. Null (the default): no limit beyond nextUpdate.
        /// </summary>
        public TimeSpan? MaxCrlAge { get; set; }

        /// <summary>Where the policy comes from: BuiltIn, CurrentUser or AllUsers. Not stored.</summary>
        [JsonIgnore]
        public string Origin { get; set; } = "";

        /// <summary>The policy in force when nothing is configured: OCSP then CRL, fail closed.</summary>
        public static RevocationPolicy CreateDefault() => new RevocationPolicy { Name = DefaultName, Origin = "BuiltIn" };

        public RevocationPolicy Clone()
        {
            var copy = (RevocationPolicy)MemberwiseClone();
            copy.Methods = (RevocationMethod[])Methods.Clone();
            copy.TrustedResponders = (string[])TrustedResponders.Clone();
            copy.AppliesTo = (string[])AppliesTo.Clone();
            return copy;
        }
    }
}
