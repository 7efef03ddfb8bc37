# Pester 5, in this session against out/PkiRevocation with a private PKIREVOCATION_HOME per test.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/TestPeers.ps1')
    Import-Module $script:ModuleManifestPath -Force
    $script:SavedHome = $env:PKIREVOCATION_HOME
}

AfterAll {
    $env:PKIREVOCATION_HOME = $script:SavedHome
}

Describe 'Remove-RevocationPolicy' {
    BeforeEach {
        New-TestHome | Out-Null
    }

    It 'removes a stored policy and returns it with -PassThru' {
        Set-RevocationPolicy Partners -Method Crl
        $removed = Remove-RevocationPolicy Partners -PassThru -Confirm:$false

        $removed | Should -BeOfType ([PkiRevocation.Revocation.RevocationPolicy])
        $removed.Name | Should -Be 'Partners'
        $removed.Origin | Should -Be 'CurrentUser'
        Get-RevocationPolicy -Name 'Part*' | Should -BeNullOrEmpty
    }

    It 'refuses to remove the built-in Default with PolicyBuiltIn (InvalidOperation), not PolicyNotFound' {
        Remove-RevocationPolicy Default -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'PolicyBuiltIn,PkiRevocation.PowerShell.Commands.RemoveRevocationPolicyCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $failures[0].TargetObject | Should -Be 'Default'
        $failures[0].Exception.Message | Should -BeLike '*built-in*cannot be removed*'
        (Get-RevocationPolicy -Name Default).Origin | Should -Be 'BuiltIn'
    }

    It 'removes a stored Default, which restores the built-in one' {
        Set-RevocationPolicy Default -Method Crl
        Remove-RevocationPolicy Default -Confirm:$false

        (Get-RevocationPolicy -Name Default).Origin | Should -Be 'BuiltIn'
        (Get-RevocationPolicy -Name Default).Methods | Should -Be @('Ocsp', 'Crl')
    }

    It 'reports PolicyNotFound for each missing name and still removes the names piped after it' {
        Set-RevocationPolicy Kept -Method Crl
        Set-RevocationPolicy Gone -Method Crl
        [pscustomobject]@{ Name = 'Nope' }, [pscustomobject]@{ Name = 'Gone' } |
            Remove-RevocationPolicy -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'PolicyNotFound,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be 'Nope'
        @(Get-RevocationPolicy | ForEach-Object Name) | Should -Be @('Kept', 'Default')
    }

    It 'removes nothing with -WhatIf' {
        Set-RevocationPolicy Kept -Method Crl
        Remove-RevocationPolicy Kept -WhatIf

        (Get-RevocationPolicy -Name Kept).Methods | Should -Be @('Crl')
    }

    It 'completes stored policy names only: never the built-in Default' {
        Set-RevocationPolicy Partners -Method Crl
        Set-RevocationPolicy 'Branch Office' -Method Ocsp
        $line = 'Remove-RevocationPolicy '
        $names = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText

        $names | Should -Be @("'Branch Office'", 'Partners')
    }

    It 'completes a Default that is stored (it can be removed)' {
        Set-RevocationPolicy Default -Method Crl
        $line = 'Remove-RevocationPolicy De'

        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('Default')
    }

    It 'has help with a description and examples' {
        $help = Get-Help Remove-RevocationPolicy -Full

        $help.Synopsis | Should -Not -BeNullOrEmpty
        ($help.description | Out-String) | Should -Match 'built-in'
        @($help.examples.example).Count | Should -BeGreaterThan 0
    }
}
