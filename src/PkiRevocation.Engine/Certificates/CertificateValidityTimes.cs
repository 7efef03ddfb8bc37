using System.Collections.Generic;
using System.Linq;

namespace PkiRevocation.Certificates
{
    /// <summary>The validity period of a certificate as encoded, with its time-encoding violations.</summary>
    public sealed class CertificateValidityTimes
    {
        public CertificateValidityTimes(DecodedTime notBefore, DecodedTime notAfter)
        {
            NotBefore = notBefore;
            NotAfter = notAfter;
            Violations = notBefore.Violations.Concat(notAfter.Violations).ToArray();
        }

        public DecodedTime NotBefore { get; }

        public DecodedTime NotAfter { get; }

        public IReadOnlyList<TimeEncodingViolation> Violations { get; }
    }
}
