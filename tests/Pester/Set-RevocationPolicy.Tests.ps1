# Pester 5. Runs on hosts with PowerShell (build.ps1 -Task Test); the same behaviour is covered by xunit in
# tests/PkiRevocation.Engine.Tests/Revocation and tests/PkiRevocation.Cli.Tests/RevocationCommandsTests.cs.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/PkiRevocation/PkiRevocation.psd1') -Force
    $script:SavedHome = $env:PKIREVOCATION_HOME
}

AfterAll {
    $env:PKIREVOCATION_HOME = $script:SavedHome
}

Describe 'Set-, Get- and Remove-RevocationPolicy' {
    BeforeEach {
        $env:PKIREVOCATION_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
    }

    It 'has the built-in Default policy: Ocsp then Crl, fail closed' {
        $default = Get-RevocationPolicy -Name Default

        $default.Methods | Should -Be @('Ocsp', 'Crl')
        $default.SoftFail | Should -BeFalse
        $default.Origin | Should -Be 'BuiltIn'
    }

    It 'creates a policy, then changes one property and keeps the others' {
        Set-RevocationPolicy Partners -Method @('Crl', 'Ocsp') -AppliesTo 'issuer:CN=Partner CA*' -CheckInterval '00:30:00'
        $changed = Set-RevocationPolicy Partners -UnknownStatus Revoked -PassThru

        $changed.Methods | Should -Be @('Crl', 'Ocsp')
        $changed.AppliesTo | Should -Be @('issuer:CN=Partner CA*')
        $changed.UnknownStatus | Should -Be 'Revoked'
        (Get-RevocationPolicy -Name Part*).Name | Should -Be 'Partners'
    }

    It 'rejects a -CheckInterval or -MaxCrlAge out of range with PolicyInvalid saying the range, and stores nothing' {
        foreach ($bad in @{ CheckInterval = [TimeSpan]::MaxValue }, @{ CheckInterval = [TimeSpan]::FromDays(-1) }, @{ MaxCrlAge = [TimeSpan]::MaxValue }) {
            $failure = $null
            try { Set-RevocationPolicy Ranged @bad -ErrorAction Stop } catch { $failure = $_ }

            $failure.FullyQualifiedErrorId | Should -BeLike 'PolicyInvalid,*'
            $failure.Exception.Message | Should -BeLike '*must be between 1 minute and 366 days*'
        }
        Get-RevocationPolicy -Name Ranged | Should -BeNullOrEmpty
    }

    It 'rejects SoftFail together with None, with PolicyInvalid' {
        $failure = $null
        try { Set-RevocationPolicy Lax -Method @('Ocsp', 'None') -SoftFail -ErrorAction Stop } catch { $failure = $_ }

        $failure.FullyQualifiedErrorId | Should -BeLike 'PolicyInvalid,*'
        $failure.Exception.Message | Should -BeLike '*SoftFail*'
        Get-RevocationPolicy -Name Lax | Should -BeNullOrEmpty
    }

    It 'changes nothing with -WhatIf' {
        Set-RevocationPolicy Partners -Method Crl -WhatIf
        Set-RevocationPolicy Kept -Method Crl
        Remove-RevocationPolicy Kept -WhatIf

        Get-RevocationPolicy -Name Partners | Should -BeNullOrEmpty
        (Get-RevocationPolicy -Name Kept).Methods | Should -Be @('Crl')
    }

    It 'reports a missing policy with PolicyNotFound' {
        $failure = $null
        try { Remove-RevocationPolicy Nope -ErrorAction Stop } catch { $failure = $_ }

        $failure.FullyQualifiedErrorId | Should -BeLike 'PolicyNotFound,*'
    }
}

Describe 'Get- and Clear-RevocationCache' {
    BeforeEach {
        $env:PKIREVOCATION_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
    }

    It 'lists nothing in an empty cache and clears nothing' {
        Get-RevocationCache | Should -BeNullOrEmpty
        Clear-RevocationCache -PassThru -Confirm:$false | Should -BeNullOrEmpty
    }
}
