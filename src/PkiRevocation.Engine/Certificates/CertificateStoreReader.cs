using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PkiRevocation.Diagnostics;

namespace PkiRevocation.Certificates
{
    /// <summary>Reads the certificates of an X509Store, read-only.</summary>
    public static class CertificateStoreReader
    {
        public static Outcome<IReadOnlyList<LoadedCertificate>> Read(CertificateStoreReference reference)
        {
            var source = reference.ToString();
            try
            {
                using (var store = new X509Store(reference.Name, reference.Location))
                {
                    // On Windows a misspelt store must not be created; elsewhere a store that was never written is just empty.
                    var existingOnly = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? OpenFlags.OpenExistingOnly : 0;
                    store.Open(OpenFlags.ReadOnly | existingOnly);
                    var result = new List<LoadedCertificate>(store.Certificates.Count);
                    foreach (var certificate in store.Certificates)
                        result.Add(new LoadedCertificate(certificate.RawData, source, CertificateFormat.Store, certificate));
                    return Outcome<IReadOnlyList<LoadedCertificate>>.Success(result);
                }
            }
            catch (Exception ex) when (ex is CryptographicException || ex is PlatformNotSupportedException || ex is UnauthorizedAccessException || ex is System.Security.SecurityException)
            {
                var kind = ex is UnauthorizedAccessException || ex is System.Security.SecurityException ? FailureKind.PermissionDenied : FailureKind.NotFound;
                return new InputFailure(source, ErrorIds.StoreUnavailable, kind, $"Cannot open the certificate store {source}: {ex.Message}", ex);
            }
        }
    }
}
