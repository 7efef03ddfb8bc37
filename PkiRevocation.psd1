@{
    RootModule           = 'PkiRevocation.dll'
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
            ReleaseNotes = 'First release: certificate expiry reporting from stores, files and TLS endpoints with RFC 5280 time-encoding checks.'
        }
    }
}
