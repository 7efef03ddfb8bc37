# Pester 5, in this session against out/PkiRevocation with a private PKIREVOCATION_HOME per test.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/TestPeers.ps1')
    Import-Module $script:ModuleManifestPath -Force
    $script:SavedHome = $env:PKIREVOCATION_HOME
}

AfterAll {
    $env:PKIREVOCATION_HOME = $script:SavedHome
}

Describe 'Get-RevocationPolicy' {
    BeforeEach {
        New-TestHome | Out-Null
    }

    It 'writes typed policies: CurrentUser first, the built-in Default last' {
        Set-RevocationPolicy Partners -Method 'Crl', 'Ocsp' -AppliesTo 'issuer:CN=Partner*'
        Set-RevocationPolicy Machine -Method Ocsp -ConfigurationScope AllUsers
        $policies = @(Get-RevocationPolicy)

        $policies | ForEach-Object { $_ | Should -BeOfType ([PkiRevocation.Revocation.RevocationPolicy]) }
        @($policies.Name) | Should -Be @('Partners', 'Machine', 'Default')
        @($policies.Origin) | Should -Be @('CurrentUser', 'AllUsers', 'BuiltIn')
        $policies[0].Methods | Should -Be @('Crl', 'Ocsp')
    }

    It 'reports ObjectNotFound (PolicyNotFound) for a name without wildcards that matches nothing' {
        $result = Get-RevocationPolicy Nope -ErrorVariable failures -ErrorAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'PolicyNotFound,PkiRevocation.PowerShell.Commands.GetRevocationPolicyCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be 'Nope'
    }

    It 'writes nothing and no error for a wildcard that matches nothing' {
        Get-RevocationPolicy 'Nope*' -ErrorVariable failures | Should -BeNullOrEmpty
        $failures | Should -BeNullOrEmpty
    }

    It 'reads one scope only with -ConfigurationScope' {
        Set-RevocationPolicy Machine -Method Ocsp -ConfigurationScope AllUsers
        Set-RevocationPolicy Mine -Method Crl

        @(Get-RevocationPolicy -ConfigurationScope AllUsers).Name | Should -Be @('Machine')
    }

    It 'composes: Where-Object on Methods, Group-Object on Origin, ConvertTo-Json with method names' {
        Set-RevocationPolicy CrlOnly -Method Crl
        Set-RevocationPolicy OcspOnly -Method Ocsp
        $all = Get-RevocationPolicy

        @($all | Where-Object { $_.Methods -contains 'Crl' } | ForEach-Object Name) | Should -Be @('CrlOnly', 'Default')
        @($all | Group-Object Origin | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Count)" }) | Should -Be @('BuiltIn=1', 'CurrentUser=2')
        ($all | Where-Object Name -EQ 'CrlOnly' | ConvertTo-Json -EnumsAsStrings | ConvertFrom-Json).Methods | Should -Be @('Crl')
    }

    It 'round-trips through Export-Clixml with its methods and switches' {
        Set-RevocationPolicy Partners -Method 'Crl', 'Ocsp' -SoftFail
        $file = Join-Path $TestDrive 'policy.clixml'
        Get-RevocationPolicy Partners | Export-Clixml -LiteralPath $file
        $copy = Import-Clixml -LiteralPath $file

        $copy.PSObject.TypeNames | Should -Contain 'Deserialized.PkiRevocation.Revocation.RevocationPolicy'
        @($copy.Methods | ForEach-Object { [string]$_ }) | Should -Be @('Crl', 'Ocsp')
        $copy.SoftFail | Should -BeTrue
    }

    It 'completes policy names, the built-in Default included' {
        Set-RevocationPolicy Partners -Method Crl
        $line = 'Get-RevocationPolicy '

        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('Default', 'Partners')
    }
}
