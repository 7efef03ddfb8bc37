using System;

namespace PkiRevocation.Revocation
{
    /// <summary>
    /// A change to a named policy from Set-RevocationPolicy / pkirev policy set: every null property keeps the stored
    /// value (or the default, for a new policy).
    /// </summary>
    public sealed class RevocationPolicyUpdate
    {
        public RevocationPolicyUpdate(string name) => Name = name;

        public string Name { get; }
        public RevocationMethod[]? Methods { get; set; }
        public string? ResponderUri { get; set; }
        public UnknownStatusAction? UnknownStatus { get; set; }
        public NonceRequirement? Nonce { get; set; }
        public string[]? TrustedResponders { get; set; }
        public TimeSpan? CheckInterval { get; set; }
        public RevocationScope? Scope { get; set; }
        public string[]? AppliesTo { get; set; }
        public bool? Enabled { get; set; }
        public bool? SoftFail { get; set; }
        public bool? PreferHttp { get; set; }

        /// <summary>The maximum CRL age; TimeSpan.Zero removes the limit.</summary>
        public TimeSpan? MaxCrlAge { get; set; }

        /// <summary>The policy that results from applying this change to <paramref name="existing"/> (or to a new policy).</summary>
        public RevocationPolicy ApplyTo(RevocationPolicy? existing)
        {
            var policy = existing?.Clone() ?? new RevocationPolicy { Name = Name };
            if (Methods != null) policy.Methods = Methods;
            if (ResponderUri != null) policy.ResponderUri = ResponderUri;
            if (UnknownStatus.HasValue) policy.UnknownStatus = UnknownStatus.Value;
            if (Nonce.HasValue) policy.Nonce = Nonce.Value;
            if (TrustedResponders != null) policy.TrustedResponders = TrustedResponders;
            if (CheckInterval.HasValue) policy.CheckInterval = CheckInterval.Value;
            if (Scope.HasValue) policy.Scope = Scope.Value;
            if (AppliesTo != null) policy.AppliesTo = AppliesTo;
            if (Enabled.HasValue) policy.Enabled = Enabled.Value;
            if (SoftFail.HasValue) policy.SoftFail = SoftFail.Value;
            if (MaxCrlAge.HasValue) policy.MaxCrlAge = MaxCrlAge.Value == TimeSpan.Zero ? (TimeSpan?)null : MaxCrlAge.Value;
            if (PreferHttp.HasValue) policy.PreferHttp = PreferHttp.Value;
            return policy;
        }
    }
}
