@{
    RootModule           = 'PkiRevocation.dll'
    # Imported before the root module: installs the dependency isolation before PowerShell reads the cmdlets.
    NestedModules        = @('PkiRevocation.Loader.dll')
    ModuleVersion        = '0.1.0'
    GUID                 = '08732066-f84b-488f-97c6-9ca63137e442'
    Author               = 'PkiRevocation contributors'
    CompanyName          = 'PkiRevocation'
    Copyright            = '(c) PkiRevocation contributors. MIT licence.'
    Description          = 'Certificate expiry monitoring and revocation checking (OCSP, CRL, delta CRL) for Windows PowerShell 5.1 and PowerShell 7.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('PkiRevocation.Format.ps1xml')
    CmdletsToExport      = @(
        'Clear-RevocationCache',
        'ConvertTo-CertificateMetrics',
        'Get-CertificateExpiry',
        'Get-CertificateMonitor',
        'Get-LongLivedSession',
        'Get-LongLivedSessionCheck',
        'Get-RevocationCache',
        'Get-RevocationPolicy',
        'Invoke-CertificateMonitor',
        'Invoke-LongLivedSessionCheck',
        'Register-CertificateMonitorTask',
        'Register-LongLivedSession',
        'Remove-ExpiredCertificate',
        'Remove-RevocationPolicy',
        'Send-CertificateMonitorTestMail',
        'Set-CertificateMonitor',
        'Set-LongLivedSessionCheck',
        'Set-RevocationPolicy',
        'Test-CertificateRevocation',
        'Test-OcspStatus',
        'Unregister-CertificateMonitorTask',
        'Unregister-LongLivedSession'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('PKI', 'X509', 'Certificate', 'OCSP', 'CRL', 'Revocation', 'Expiry', 'Monitoring', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux')
            ProjectUri   = 'https://github.com/pkirevocation/PkiRevocation'
            LicenseUri   = 'https://github.com/pkirevocation/PkiRevocation/blob/main/LICENSE'
            ReleaseNotes = @'
0.1.0 - first release.
- Get-CertificateExpiry: expiry from the pipeline, files (PEM, DER, PKCS#7, PKCS#12), stores and TLS endpoints (LDAP/SMTP StartTLS), with RFC 5280 time-encoding checks.
- Test-OcspStatus: OCSP with nonce, SHA-1/SHA-256 CertIDs, GET/POST, batching; issuer, delegated and trusted-responder verification; offline replay with -Response and -At; plain-http responders through the module's own HTTP/1.1 client (keep-alive, chunked bodies).
- Test-CertificateRevocation and *-RevocationPolicy: OCSP -> CRL -> None policies with delta CRLs, an Unknown rule, soft-fail and a shared revocation cache (*-RevocationCache).
- *-CertificateMonitor: scheduled expiry digests by mail, webhook and event log (24 h cadence, hourly within 7 days), Remove-ExpiredCertificate.
- *-LongLivedSession*: periodic expiry and revocation checks of LDAP, CTI and IPsec session peers.
'@
        }
    }
}
