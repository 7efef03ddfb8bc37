#Requires -Modules Pester
# Pester 5. Settings and registry of long-lived session checks, in a private PKIREVOCATION_HOME.

BeforeAll {
    $env:PKIREVOCATION_HOME = Join-Path $TestDrive 'home'
    Import-Module ([IO.Path]::Combine($PSScriptRoot, '..', '..', 'out', 'PkiRevocation', 'PkiRevocation.psd1')) -Force
}

AfterAll {
    Remove-Module PkiRevocation -ErrorAction SilentlyContinue
    Remove-Item Env:PKIREVOCATION_HOME -ErrorAction SilentlyContinue
}

Describe 'Set-LongLivedSessionCheck' {
    It 'has the requirement defaults before anything is set' {
        $settings = Get-LongLivedSessionCheck
        $settings.CertificateValidityCheck | Should -BeTrue
        $settings.MinimumSessionAge | Should -Be ([TimeSpan]::FromHours(6))
        $settings.Kinds | Should -Be @('Ldap', 'IPsec')
    }

    It 'writes nothing with -WhatIf' {
        Set-LongLivedSessionCheck -CertificateValidityCheck $false -WhatIf
        (Get-LongLivedSessionCheck).CertificateValidityCheck | Should -BeTrue
    }

    It 'stores only the parameters given' {
        Set-LongLivedSessionCheck -ValidityCheckFrequency '12:00:00' -Kinds 'Cti', 'Ldap', 'IPsec' -RevocationPolicy 'Default'
        Set-LongLivedSessionCheck -CertificateValidityCheck $false
        $settings = Get-LongLivedSessionCheck -Scope CurrentUser
        $settings.CertificateValidityCheck | Should -BeFalse
        $settings.ValidityCheckFrequency | Should -Be ([TimeSpan]::FromHours(12))
        $settings.Kinds | Should -Contain 'Cti'
        $settings.RevocationPolicy | Should -Be 'Default'
    }

    It 'refuses an invalid frequency with SessionSettingsInvalid and keeps the file' {
        { Set-LongLivedSessionCheck -ValidityCheckFrequency 0 -ErrorAction Stop } | Should -Throw -ErrorId 'SessionSettingsInvalid*'
        (Get-LongLivedSessionCheck).ValidityCheckFrequency | Should -Be ([TimeSpan]::FromHours(12))
    }
}

Describe 'Register-LongLivedSession' {
    It 'registers, lists by wildcard and unregisters through the pipeline' {
        Register-LongLivedSession -Name 'test-dc1' -Kind Ldap -Endpoint 'ldap://dc1.example.test' -EstablishedAt '2026-11-20T06:00:00Z' | Out-Null
        (Get-LongLivedSession -Name 'test-*').Endpoint | Should -Be 'ldap://dc1.example.test'

        { Register-LongLivedSession -Name 'test-dc1' -Kind Ldap -Endpoint 'ldap://dc2' -EstablishedAt '2026-11-20' -ErrorAction Stop } |
            Should -Throw -ErrorId 'SessionExists*'

        Get-LongLivedSession -Name 'test-*' | Unregister-LongLivedSession -Confirm:$false
        Get-LongLivedSession -Name 'test-*' | Should -BeNullOrEmpty
    }
}

Describe 'Set-LongLivedSessionCheck -RevocationPolicy' {
    BeforeEach {
        $env:PKIREVOCATION_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
    }

    It 'refuses a policy that does not exist with PolicyNotFound, as Test-CertificateRevocation -Policy does, and keeps the settings' {
        Set-LongLivedSessionCheck -RevocationPolicy Default
        $failure = $null
        try { Set-LongLivedSessionCheck -RevocationPolicy NoSuch -ErrorAction Stop } catch { $failure = $_ }

        $failure.FullyQualifiedErrorId | Should -Be 'PolicyNotFound,PkiRevocation.PowerShell.Commands.SetLongLivedSessionCheckCommand'
        $failure.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failure.TargetObject | Should -Be 'NoSuch'
        (Get-LongLivedSessionCheck).RevocationPolicy | Should -Be 'Default'
    }

    It 'accepts a policy created first, and an empty string turns revocation off' {
        Set-RevocationPolicy Sessions -Method Ocsp
        (Set-LongLivedSessionCheck -RevocationPolicy Sessions -PassThru).RevocationPolicy | Should -Be 'Sessions'
        (Set-LongLivedSessionCheck -RevocationPolicy '' -PassThru).RevocationPolicy | Should -BeNullOrEmpty
    }

    It 'completes -RevocationPolicy from the policies in force' {
        Set-RevocationPolicy Sessions -Method Ocsp
        $line = 'Set-LongLivedSessionCheck -RevocationPolicy S'

        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('Sessions')
    }
}
