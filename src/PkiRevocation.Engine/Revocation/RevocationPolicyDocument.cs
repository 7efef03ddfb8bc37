using System.Collections.Generic;

namespace PkiRevocation.Revocation
{
    /// <summary>The content of policies.json: every policy of one configuration scope.</summary>
    public sealed class RevocationPolicyDocument
    {
        public int Version { get; set; } = 1;

        public List<RevocationPolicy> Policies { get; set; } = new List<RevocationPolicy>();
    }
}
