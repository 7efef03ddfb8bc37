#Requires -Modules Pester
# Pester 5. Runs against the module laid out by the build (out/PkiRevocation) with a private PKIREVOCATION_HOME.
# The peer certificate is generated with openssl; -At moves the reference time to make it expired.

BeforeAll {
    $env:PKIREVOCATION_HOME = Join-Path $TestDrive 'home'
    Import-Module ([IO.Path]::Combine($PSScriptRoot, '..', '..', 'out', 'PkiRevocation', 'PkiRevocation.psd1')) -Force
    $key = Join-Path $TestDrive 'peer.key'
    $pem = Join-Path $TestDrive 'peer.pem'
    $arguments = @('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', $key, '-out', $pem, '-subj', '/CN=peer.test', '-days', '400')
    & openssl @arguments 2>$null
    $script:peer = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($pem)
    $script:base64 = [Convert]::ToBase64String($script:peer.RawData)
    $script:now = [DateTime]::UtcNow
}

AfterAll {
    Remove-Module PkiRevocation -ErrorAction SilentlyContinue
    Remove-Item Env:PKIREVOCATION_HOME -ErrorAction SilentlyContinue
}

Describe 'Invoke-LongLivedSessionCheck' {
    It 'binds Import-Csv rows by property name' {
        $csv = Join-Path $TestDrive 'sessions.csv'
        [pscustomobject]@{ Name = 'vpn-1'; Kind = 'IPsec'; EstablishedAt = $script:now.AddDays(-1).ToString('o'); PinnedCertificate = $script:base64 } |
            Export-Csv -Path $csv -NoTypeInformation

        $result = Import-Csv -Path $csv | Invoke-LongLivedSessionCheck -At $script:now.AddDays(500) -Force

        $result.Name | Should -Be 'vpn-1'
        $result.Kind | Should -Be 'IPsec'
        $result.Verdict | Should -Be 'Expired'
        $result.RecommendedAction | Should -Be 'Terminate'
        $result.Certificate.Thumbprint | Should -Be $script:peer.Thumbprint
    }

    It 'binds calculated properties and skips sessions younger than the minimum age' {
        $result = [pscustomobject]@{ Host = 'cti-gw'; Started = $script:now.AddHours(-1) } |
            Select-Object @{ n = 'Name'; e = { $_.Host } }, @{ n = 'Kind'; e = { 'Cti' } },
                @{ n = 'EstablishedAt'; e = { $_.Started } }, @{ n = 'PinnedCertificate'; e = { $script:base64 } } |
            Invoke-LongLivedSessionCheck

        $result.Verdict | Should -Be 'Skipped'
        $result.SkipReason | Should -Be 'TooYoung'
    }

    It 'reports an invalid session as SessionInvalid and checks the next one' {
        $sessions = @(
            [pscustomobject]@{ Name = 'bad'; Kind = 'Ldap'; Endpoint = 'ftp://dc1:21'; EstablishedAt = $script:now.AddDays(-1) }
            [pscustomobject]@{ Name = 'good'; Kind = 'Other'; EstablishedAt = $script:now.AddDays(-1); PinnedCertificate = $script:base64 }
        )

        $results = $sessions | Invoke-LongLivedSessionCheck -Force -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'SessionInvalid*'
        $results.Name | Should -Be 'good'
        $results.Verdict | Should -Be 'Valid'
    }

    It 'checks registered sessions and honours the interval across runs' {
        Register-LongLivedSession -Name 'vpn-2' -Kind IPsec -PinnedCertificate $script:peer -EstablishedAt $script:now.AddDays(-2) | Out-Null

        (Invoke-LongLivedSessionCheck -Name 'vpn-2' -At $script:now).Verdict | Should -Be 'Valid'
        $again = Invoke-LongLivedSessionCheck -Name 'vpn-2' -At $script:now.AddHours(1)
        $again.Verdict | Should -Be 'Skipped'
        $again.SkipReason | Should -Be 'NotDue'
        (Invoke-LongLivedSessionCheck -Name 'vpn-2' -At $script:now.AddHours(1) -Force).Verdict | Should -Be 'Valid'
    }
}

Describe 'Invoke-LongLivedSessionCheck against a real OCSP responder' -Skip:(-not (Get-Command openssl -ErrorAction SilentlyContinue)) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'Support/TestPeers.ps1')
        $script:Pki = New-TestPki -Directory (Join-Path $TestDrive 'pki')
        $script:Responder = Start-OcspResponder -Pki $script:Pki
        $script:CaBase64 = [Convert]::ToBase64String($script:Pki.Ca.RawData)
        $script:RevokedBase64 = [Convert]::ToBase64String($script:Pki.Revoked.RawData)
        $script:GoodBase64 = [Convert]::ToBase64String($script:Pki.Good.RawData)
        $script:Established = [datetime]::UtcNow.AddDays(-1)
    }

    AfterAll {
        Stop-TestPeer $script:Responder
    }

    BeforeEach {
        New-TestHome | Out-Null
        Set-LongLivedSessionCheck -RevocationPolicy Default
    }

    It 'terminates the revoked LDAP peer, checked by OCSP through its AIA' {
        $row = [pscustomobject]@{ Name = 'dc-revoked'; Kind = 'Ldap'; EstablishedAt = $script:Established.ToString('o'); PinnedCertificate = $script:RevokedBase64; PinnedIssuers = $script:CaBase64 }
        $result = $row | Invoke-LongLivedSessionCheck -Force

        $result | Should -BeOfType ([PkiRevocation.Sessions.SessionCheckResult])
        $result.Kind | Should -Be 'Ldap'
        $result.RevocationStatus | Should -Be 'Revoked'
        $result.Verdict | Should -Be 'Revoked'
        $result.RecommendedAction | Should -Be 'Terminate'
        $result.RevocationSteps -join "`n" | Should -Match 'OCSP'
    }

    It 'refuses Kind LDAPS with SessionInvalid naming the kind instead of checking it as Other, and checks the next row' {
        $rows = @(
            [pscustomobject]@{ Name = 'dc-ldaps'; Kind = 'LDAPS'; EstablishedAt = $script:Established.ToString('o'); PinnedCertificate = $script:RevokedBase64; PinnedIssuers = $script:CaBase64 }
            [pscustomobject]@{ Name = 'dc-good'; Kind = 'ldap'; EstablishedAt = $script:Established.ToString('o'); PinnedCertificate = $script:GoodBase64; PinnedIssuers = $script:CaBase64 }
        )
        $results = @($rows | Invoke-LongLivedSessionCheck -Force -ErrorVariable failures -ErrorAction SilentlyContinue)

        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'SessionInvalid,PkiRevocation.PowerShell.Commands.InvokeLongLivedSessionCheckCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failures[0].Exception.Message | Should -BeLike "*'dc-ldaps'*Kind 'LDAPS'*not a session kind*"
        $failures[0].TargetObject.Name | Should -Be 'dc-ldaps'
        $results | Should -HaveCount 1
        $results[0].Name | Should -Be 'dc-good'
        $results[0].Kind | Should -Be 'Ldap'
        $results[0].RevocationStatus | Should -Be 'NotRevoked'
        $results[0].RecommendedAction | Should -Be 'Renegotiate'   # not revoked, but expiring within 30 days
    }

    It 'says an unparsable EstablishedAt is not a date' {
        $row = [pscustomobject]@{ Name = 'vpn-x'; Kind = 'IPsec'; EstablishedAt = 'yesterday-ish'; PinnedCertificate = $script:GoodBase64 }
        $row | Invoke-LongLivedSessionCheck -Force -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'SessionInvalid,*'
        $failures[0].Exception.Message | Should -BeLike "*EstablishedAt 'yesterday-ish'*not a date*"
    }

    It 'reads EstablishedAt as Export-Csv wrote it in this culture' {
        $csv = Join-Path $TestDrive 'rows.csv'
        [pscustomobject]@{ Name = 'vpn-csv'; Kind = 'IPsec'; EstablishedAt = $script:Established; PinnedCertificate = $script:GoodBase64; PinnedIssuers = $script:CaBase64 } |
            Export-Csv -LiteralPath $csv
        $result = Import-Csv -LiteralPath $csv | Invoke-LongLivedSessionCheck -Force

        $result.Name | Should -Be 'vpn-csv'
        [math]::Abs(($result.EstablishedAt - $script:Established).TotalMinutes) | Should -BeLessThan 1441
        $result.Verdict | Should -Not -Be 'Indeterminate'
    }

    It 'writes progress across all piped sessions, n of N, and completes it' {
        $rows = 1..3 | ForEach-Object { [pscustomobject]@{ Name = "vpn-$_"; Kind = 'IPsec'; EstablishedAt = $script:Established.ToString('o'); PinnedCertificate = $script:GoodBase64 } }
        $records = Get-ProgressRecords -ArgumentList (, $rows) -ScriptBlock { param($Rows) $Rows | Invoke-LongLivedSessionCheck -Force | Out-Null }

        @($records | Where-Object RecordType -EQ 'Processing' | ForEach-Object PercentComplete) | Should -Be @(0, 33, 66)
        $records[-1].RecordType | Should -Be 'Completed'
    }

    It 'exports results to CSV with the certificate as its thumbprint and the steps on one line' {
        $csv = Join-Path $TestDrive 'results.csv'
        [pscustomobject]@{ Name = 'dc-revoked'; Kind = 'Ldap'; EstablishedAt = $script:Established.ToString('o'); PinnedCertificate = $script:RevokedBase64; PinnedIssuers = $script:CaBase64 } |
            Invoke-LongLivedSessionCheck -Force | Export-Csv -LiteralPath $csv
        $row = Import-Csv -LiteralPath $csv

        $row.Certificate | Should -Be $script:Pki.Revoked.Thumbprint
        $row.RevocationSteps | Should -Not -Be 'System.String[]'
        $row.RevocationSteps | Should -Match 'OCSP'
        (Get-Content -LiteralPath $csv).Count | Should -Be 2
    }
}
