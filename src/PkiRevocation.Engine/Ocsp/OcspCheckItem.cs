using System.Collections.Generic;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace PkiRevocation.Ocsp
{
    /// <summary>One certificate being checked: its parsed forms, its issuer, its CertID and the result being built.</summary>
    internal sealed class OcspCheckItem
    {
        public OcspCheckItem(int index, byte[] der, OcspResult result)
        {
            Index = index;
            Der = der;
            Result = result;
        }

        public int Index { get; }

        /// <summary>The certificate as encoded: from <see cref="OcspCheckRequest.EncodedCertificates"/>, or the RawData of the platform object (which the result carries).</summary>
        public byte[] Der { get; }

        /// <summary>The fields of the certificate that OCSP needs (null when it cannot be decoded).</summary>
        public TbsCertificateView? Tbs { get; set; }

        public BcCertificate? Issuer { get; set; }

        public CertId? RequestId { get; set; }

        public OcspResult Result { get; }

        public List<string> Steps { get; } = new List<string>();

        /// <summary>A verified answer (Good, Revoked, Unknown) was obtained: no further responder is asked.</summary>
        public bool Decided => Result.Status != OcspStatus.Indeterminate;

        /// <summary>Clears what a previous responder attempt left, before asking the next one.</summary>
        public void Reset()
        {
            Result.Status = OcspStatus.Indeterminate;
            Result.FailureReason = null;
            Result.FailureMessage = null;
            Result.TrustPath = OcspTrustPath.None;
            Result.NonceStatus = NonceStatus.NotSent;
            Result.ThisUpdate = Result.NextUpdate = Result.ProducedAt = Result.RevocationTime = null;
            Result.RevocationReason = null;
            Result.ResponderName = null;
            Result.RawResponse = null;
        }

        public void Fail(OcspFailureReason reason, string message)
        {
            Result.Status = OcspStatus.Indeterminate;
            Result.FailureReason = reason;
            Result.FailureMessage = message;
            Steps.Add($"Indeterminate ({reason}): {message}");
        }
    }
}
