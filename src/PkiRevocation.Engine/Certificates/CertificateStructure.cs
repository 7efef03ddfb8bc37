using System;
using PkiRevocation.Ocsp;

namespace PkiRevocation.Certificates
{
    /// <summary>
    /// A cheap structural check of a DER certificate (RFC 5280 §4.1), without building an X509Certificate2: the
    /// check the engine applies to <see cref="OcspCheckRequest.EncodedCertificates"/>, for front ends that must
    /// refuse bad input before any certificate is checked.
    /// </summary>
    public static class CertificateStructure
    {
        /// <summary>
        /// True when <paramref name="der"/> is one well-formed DER certificate (every field of the right type, names
        /// that decode); otherwise false and <paramref name="problem"/> says what is wrong. Signatures, times and
        /// key values are not judged here.
        /// </summary>
        public static bool IsWellFormed(byte[] der, out string problem)
        {
            if (der == null) throw new ArgumentNullException(nameof(der));
            return TbsCertificateView.TryRead(der, true, out problem) != null;
        }
    }
}
