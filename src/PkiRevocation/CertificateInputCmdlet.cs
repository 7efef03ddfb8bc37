using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;

namespace PkiRevocation.PowerShell
{
    /// <summary>
    /// The base of the cmdlets that check certificates (Test-OcspStatus, Test-CertificateRevocation): certificates piped
    /// by value or by property name (Get-CertificateExpiry's results), or read from -Path/-LiteralPath files and folders
    /// as Get-CertificateExpiry reads them (Linux has no Cert: drive to pipe from).
    /// </summary>
    public abstract class CertificateInputCmdlet : PkiCmdlet
    {
        /// <summary>Certificates, piped or by property name (the Certificate of Get-CertificateExpiry's results).</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, Position = 0, ParameterSetName = "Certificate")]
        public X509Certificate2[] Certificate { get; set; } = Array.Empty<X509Certificate2>();

        /// <summary>Certificate files and folders (wildcards), read as Get-CertificateExpiry reads them.</summary>
        [Parameter(Mandatory = true, ParameterSetName = "Path")]
        [SupportsWildcards]
        public string[]? Path { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "LiteralPath")]
        [Alias("PSPath")]
        public string[]? LiteralPath { get; set; }

        /// <summary>This record's certificates: the bound ones, then those of the files (an error is written for each file that cannot be used).</summary>
        protected List<X509Certificate2> InputCertificates()
        {
            var certificates = new List<X509Certificate2>();
            foreach (var certificate in Certificate) if (certificate != null) certificates.Add(certificate);
            certificates.AddRange(PathResolver.ReadCertificates(this, Path, LiteralPath));
            return certificates;
        }
    }
}
