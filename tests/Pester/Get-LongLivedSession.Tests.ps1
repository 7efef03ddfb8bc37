# Pester 5, in this session against out/PkiRevocation with a private PKIREVOCATION_HOME per test.
BeforeAll {
    Import-Module ([IO.Path]::Combine($PSScriptRoot, '..', '..', 'out', 'PkiRevocation', 'PkiRevocation.psd1')) -Force
    $script:SavedHome = $env:PKIREVOCATION_HOME
}

AfterAll {
    $env:PKIREVOCATION_HOME = $script:SavedHome
}

Describe 'Get-LongLivedSession' {
    BeforeEach {
        $env:PKIREVOCATION_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        Register-LongLivedSession -Name 'dc1' -Kind Ldap -Endpoint 'ldap://dc1.example.test' -EstablishedAt '2026-11-20T06:00:00Z' | Out-Null
        Register-LongLivedSession -Name 'dc2' -Kind Ldap -Endpoint 'ldaps://dc2.example.test:636' -EstablishedAt '2026-11-21T06:00:00Z' | Out-Null
    }

    It 'reports ObjectNotFound (SessionNotFound) for each name without wildcards that matches nothing, and lists the others' {
        $sessions = @(Get-LongLivedSession -Name 'nope', 'dc1' -ErrorVariable failures -ErrorAction SilentlyContinue)

        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'SessionNotFound,PkiRevocation.PowerShell.Commands.GetLongLivedSessionCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be 'nope'
        @($sessions.Name) | Should -Be @('dc1')
    }

    It 'writes nothing and no error for a wildcard that matches nothing' {
        Get-LongLivedSession -Name 'zz*' -ErrorVariable failures | Should -BeNullOrEmpty
        $failures | Should -BeNullOrEmpty
    }

    It 'writes typed sessions that sort and group' {
        $sessions = Get-LongLivedSession | Sort-Object EstablishedAt -Descending

        $sessions[0] | Should -BeOfType ([PkiRevocation.Sessions.LongLivedSession])
        @($sessions.Name) | Should -Be @('dc2', 'dc1')
        $sessions[0].EstablishedAt | Should -BeOfType [datetime]
        (Get-LongLivedSession | Group-Object Kind).Count | Should -Be 2
    }

    It 'completes registered session names' {
        $line = 'Get-LongLivedSession -Name d'

        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('dc1', 'dc2')
    }

    It 'registers nothing with -WhatIf and reports SessionInvalid for a session without a way to its peer' {
        Register-LongLivedSession -Name 'dc3' -Kind Ldap -Endpoint 'ldap://dc3' -EstablishedAt '2026-11-20' -WhatIf
        Register-LongLivedSession -Name 'dc4' -Kind Ldap -EstablishedAt '2026-11-20' -ErrorVariable failures -ErrorAction SilentlyContinue

        Get-LongLivedSession -Name 'dc3', 'dc4' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'SessionInvalid,*'
        $failures[0].Exception.Message | Should -BeLike "*'dc4'*neither an Endpoint nor a PinnedCertificate*"
    }

    It 'unregisters with -PassThru and reports SessionNotFound for a name not registered' {
        $removed = Unregister-LongLivedSession -Name 'dc1' -PassThru -Confirm:$false
        Unregister-LongLivedSession -Name 'dc1' -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue

        $removed.Name | Should -Be 'dc1'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'SessionNotFound,*'
        @(Get-LongLivedSession).Name | Should -Be @('dc2')
    }
}

Describe 'Get-LongLivedSession views' {
    BeforeEach {
        $env:PKIREVOCATION_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $key = [System.Security.Cryptography.ECDsa]::Create()
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=pinned.pester', $key, [System.Security.Cryptography.HashAlgorithmName]::SHA256)
        $script:Pinned = $request.CreateSelfSigned([datetimeoffset]::UtcNow.AddDays(-1), [datetimeoffset]::UtcNow.AddDays(30))
        Register-LongLivedSession -Name 'vpn-pinned' -Kind IPsec -PinnedCertificate $script:Pinned -EstablishedAt '2026-11-20T06:00:00Z' | Out-Null
    }

    It 'shows the pinned certificate by subject and thumbprint in the list view, not its base64' {
        $text = Get-LongLivedSession -Name 'vpn-pinned' | Format-List | Out-String -Width 200

        $text | Should -Match ([regex]::Escape("CN=pinned.pester ($($script:Pinned.Thumbprint))"))
        $text | Should -Not -Match ([regex]::Escape([Convert]::ToBase64String($script:Pinned.RawData).Substring(0, 40)))
    }

    It 'shows times in UTC with Z in the list view, as the tables do' {
        $text = Get-LongLivedSession -Name 'vpn-pinned' | Format-List | Out-String -Width 200

        $text | Should -Match 'EstablishedAt\s+: 2026-11-20 06:00:00Z'
    }
}
