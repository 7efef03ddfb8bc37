# Pester 5. Runs on hosts with PowerShell (build.ps1 -Task Test); the same behaviour is covered by xunit in
# tests/PkiRevocation.Engine.Tests/Monitoring and tests/PkiRevocation.Cli.Tests/MonitorCommandTests.cs.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/PkiRevocation/PkiRevocation.psd1') -Force
    $script:SavedHome = $env:PKIREVOCATION_HOME
}

AfterAll {
    $env:PKIREVOCATION_HOME = $script:SavedHome
}

Describe 'Set-CertificateMonitor' {
    BeforeEach {
        $env:PKIREVOCATION_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
    }

    It 'splits a semicolon-separated recipient list and returns the settings with -PassThru' {
        $status = Set-CertificateMonitor -EnableEmail -EmailTo 'a@example.test;b@example.test' -From 'monitor@example.test' -SmtpServer 'mail.example.test' -SmtpPort 587 -PassThru

        $status.Configured | Should -BeTrue
        $status.EmailTo | Should -Be @('a@example.test', 'b@example.test')
        $status.SmtpSecurity | Should -Be 'StartTls'
    }

    It 'rejects a bad address with MonitorSettingsInvalid and saves nothing' {
        $failure = $null
        try { Set-CertificateMonitor -EmailTo 'ok@example.test;not-an-address' -ErrorAction Stop } catch { $failure = $_ }

        $failure.FullyQualifiedErrorId | Should -BeLike 'MonitorSettingsInvalid,*'
        $failure.Exception.Message | Should -BeLike "*'not-an-address' is not an e-mail address*"
        (Get-CertificateMonitor).Configured | Should -BeFalse
    }

    It 'accepts implicit TLS on port 465' {
        Set-CertificateMonitor -SmtpServer 'mail.example.test' -SmtpPort 465 -SmtpSecurity Tls -ErrorAction Stop

        (Get-CertificateMonitor).SmtpSecurity | Should -Be ([PkiRevocation.Monitoring.SmtpSecurity]::Tls)
    }

    It 'changes nothing with -WhatIf' {
        Set-CertificateMonitor -NotificationStartDays 10 -WhatIf

        (Get-CertificateMonitor).Configured | Should -BeFalse
    }

    It 'keeps the SMTP password out of monitor.json' {
        $credential = [pscredential]::new('smtp-user', (ConvertTo-SecureString 'Pa55-not-in-clear' -AsPlainText -Force))

        $status = Set-CertificateMonitor -SmtpServer 'mail.example.test' -SmtpSecurity StartTls -Credential $credential -PassThru

        $status.CredentialUserName | Should -Be 'smtp-user'
        $status.CredentialKind | Should -Be 'ProtectedFile'
        Get-Content -Raw -LiteralPath $status.SettingsPath | Should -Not -Match 'Pa55-not-in-clear'
    }
}
