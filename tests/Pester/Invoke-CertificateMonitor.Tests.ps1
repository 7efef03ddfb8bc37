# Pester 5. Runs on hosts with PowerShell (build.ps1 -Task Test); the SMTP paths are covered by xunit against aiosmtpd.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/PkiRevocation/PkiRevocation.psd1') -Force
    $script:SavedHome = $env:PKIREVOCATION_HOME

    function New-TestCertificateFile([string] $Path, [string] $Subject, [datetime] $NotAfter) {
        $key = [System.Security.Cryptography.ECDsa]::Create()
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new($Subject, $key, [System.Security.Cryptography.HashAlgorithmName]::SHA256)
        $certificate = $request.CreateSelfSigned([datetimeoffset]$NotAfter.AddDays(-300), [datetimeoffset]$NotAfter)
        [System.IO.File]::WriteAllBytes($Path, $certificate.RawData)
    }
}

AfterAll {
    $env:PKIREVOCATION_HOME = $script:SavedHome
}

Describe 'Invoke-CertificateMonitor' {
    BeforeEach {
        $env:PKIREVOCATION_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $script:Certificates = New-Item -ItemType Directory -Path (Join-Path $env:PKIREVOCATION_HOME 'certs')
        $at = [datetime]::new(2026, 6, 1, 8, 0, 0, [System.DateTimeKind]::Utc)
        New-TestCertificateFile (Join-Path $script:Certificates 'soon.cer') 'CN=soon.pester' $at.AddDays(3)
        New-TestCertificateFile (Join-Path $script:Certificates 'valid.cer') 'CN=valid.pester' $at.AddDays(200)
    }

    It 'reports MonitorNotConfigured before Set-CertificateMonitor' {
        $output = Invoke-CertificateMonitor -ErrorVariable failures -ErrorAction SilentlyContinue

        ($output | Where-Object { $_ -is [PkiRevocation.Monitoring.MonitorRunResult] }).Outcome | Should -Be 'NotConfigured'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'MonitorNotConfigured,*'
    }

    It 'shows the digest with -WhatIf, sends nothing and changes no state' {
        Set-CertificateMonitor -Source $script:Certificates.FullName -WebhookUri 'http://127.0.0.1:9/hook'

        $output = Invoke-CertificateMonitor -At '2026-06-01T08:00:00Z' -WhatIf
        $result = $output | Where-Object { $_ -is [PkiRevocation.Monitoring.MonitorRunResult] }
        $certificate = $output | Where-Object { $_ -is [PkiRevocation.Monitoring.MonitoredCertificate] }

        $result.Outcome | Should -Be 'WhatIf'
        $result.NoticesDue | Should -Be 1
        $result.DigestText | Should -BeLike '*EXPIRING WITHIN 7 DAYS (1)*'
        $certificate.Subject | Should -Be 'CN=soon.pester'
        $certificate.Group | Should -Be 'Within7Days'
        $certificate.NotificationSent | Should -BeFalse
        (Get-CertificateMonitor).LastRun | Should -BeNullOrEmpty
    }
}
