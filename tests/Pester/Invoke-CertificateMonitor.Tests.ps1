# Pester 5. Runs on hosts with PowerShell (build.ps1 -Task Test); the SMTP paths are covered by xunit against aiosmtpd.
BeforeDiscovery {
    # The Message-ID header comes with the move of SMTP delivery to MailKit; until MailKit ships in the module that test is skipped.
    $script:HasMailKit = [bool](Get-ChildItem -LiteralPath ([IO.Path]::Combine($PSScriptRoot, '..', '..', 'out', 'PkiRevocation')) -Recurse -Filter 'MailKit.dll' -ErrorAction SilentlyContinue)
}

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

Describe 'Invoke-CertificateMonitor mailing through a real SMTP server (aiosmtpd)' -Skip:(-not (Test-Path '/usr/bin/python3')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'Support/TestPeers.ps1')
        $script:Smtp = Start-SmtpSink -Directory $TestDrive
    }

    AfterAll {
        Stop-TestPeer $script:Smtp.Process
    }

    BeforeEach {
        $env:PKIREVOCATION_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $script:Certificates = New-Item -ItemType Directory -Path (Join-Path $env:PKIREVOCATION_HOME 'certs')
        $script:At = [datetime]::new(2026, 6, 1, 8, 0, 0, [System.DateTimeKind]::Utc)
        New-TestCertificateFile (Join-Path $script:Certificates 'soon.cer') 'CN=soon.pester' $script:At.AddDays(3)
        New-TestCertificateFile (Join-Path $script:Certificates 'later.cer') 'CN=later.pester' $script:At.AddDays(20)
        New-TestCertificateFile (Join-Path $script:Certificates 'valid.cer') 'CN=valid.pester' $script:At.AddDays(200)
        Set-CertificateMonitor -EnableEmail -EmailTo 'admin@example.test' -From 'monitor@example.test' -SmtpServer '127.0.0.1' -SmtpPort $script:Smtp.Port `
            -SmtpSecurity None -Source $script:Certificates.FullName
    }

    It 'sends the digest: typed certificates and one Sent result' {
        $output = Invoke-CertificateMonitor -At $script:At -Force
        $result = $output | Where-Object { $_ -is [PkiRevocation.Monitoring.MonitorRunResult] }
        $certificates = @($output | Where-Object { $_ -is [PkiRevocation.Monitoring.MonitoredCertificate] })

        $result.Outcome | Should -Be 'Sent'
        $result.Recipients | Should -Be @('admin@example.test')
        @($certificates.Subject | Sort-Object) | Should -Be @('CN=later.pester', 'CN=soon.pester')
        ($certificates | Where-Object Subject -EQ 'CN=soon.pester').NotificationSent | Should -BeTrue
    }

    It 'sends mail with a Message-ID header' -Skip:(-not $script:HasMailKit) {
        $before = if (Test-Path -LiteralPath $script:Smtp.Log) { (Get-Content -Raw -LiteralPath $script:Smtp.Log).Length } else { 0 }
        Invoke-CertificateMonitor -At $script:At -Force | Out-Null
        Start-Sleep -Milliseconds 500
        $received = (Get-Content -Raw -LiteralPath $script:Smtp.Log).Substring($before)

        $received | Should -Match '(?m)^Subject: '
        $received | Should -Match '(?mi)^Message-ID: <[^@>\s]+@[^>\s]+>'
    }

    It 'writes progress while it reads the sources, and completes it' {
        $records = Get-ProgressRecords -ArgumentList $script:At -ScriptBlock { param($At) Invoke-CertificateMonitor -At $At -Force -WhatIf | Out-Null }

        @($records | Where-Object RecordType -EQ 'Processing').Count | Should -BeGreaterThan 0
        @($records.ActivityId | Sort-Object -Unique) | Should -HaveCount 1
        $records[-1].RecordType | Should -Be 'Completed'
    }

    It 'groups and exports the monitored certificates to CSV, one readable line each' {
        $csv = Join-Path $TestDrive 'monitor.csv'
        $certificates = Invoke-CertificateMonitor -At $script:At -Force -WhatIf | Where-Object { $_ -is [PkiRevocation.Monitoring.MonitoredCertificate] }
        $certificates | Export-Csv -LiteralPath $csv

        @($certificates | Group-Object Group | Sort-Object Name | ForEach-Object Name) | Should -Be @('Within7Days', 'WithinWindow')
        (Get-Content -LiteralPath $csv).Count | Should -Be 3
        (Get-Content -Raw -LiteralPath $csv) | Should -Not -Match 'System\.|\[Subject\]'
    }
}
