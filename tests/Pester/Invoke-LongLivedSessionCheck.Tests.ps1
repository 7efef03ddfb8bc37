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
