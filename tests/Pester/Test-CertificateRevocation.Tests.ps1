#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Test-CertificateRevocation against the PACKAGED module (out/PkiRevocation), each case in a child PowerShell process
# with its own PKIREVOCATION_HOME. Offline: the leaves carry no AIA and no CRL distribution point, and the CRL is given
# with -Crl. Fixtures: Fixtures/Revocation (regenerate with Fixtures/Revocation/New-RevocationFixtures.sh).
#   At 2026-06-01Z the CRL (thisUpdate 2026-05-25Z, nextUpdate 2026-06-08Z) is fresh; at 2026-07-01Z it is stale.
# The same decisions are covered by xunit in tests/PkiRevocation.Engine.Tests/Revocation and RevocationCommandsTests.cs.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/PackagedModule.ps1')
    $script:RevocationFixtures = Join-Path $script:FixtureDirectory 'Revocation'
    $script:StaleTime = [datetime]::Parse('2026-07-01T00:00:00Z', [cultureinfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::AdjustToUniversal)

    # Runs $Check in the child, which imported the packaged module: $Check receives the loaded certificates
    # ($Certificates: good, revoked, ca, other-ca), the CRL path ($CrlPath), the reference time ($At) and $Extra.
    function Invoke-RevocationCheck {
        param([Parameter(Mandatory)] [scriptblock] $Check, [datetime] $At = $script:ReferenceTime, [string] $Extra = '')
        $homeDirectory = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $checkText = $Check.ToString()
        Invoke-PackagedModule -ArgumentList $script:RevocationFixtures, $At, $homeDirectory, $checkText, $Extra -ScriptBlock {
            param($Directory, $At, $HomeDirectory, $Check, $Extra)
            $env:PKIREVOCATION_HOME = $HomeDirectory
            $Certificates = @{}
            foreach ($name in 'good', 'revoked', 'ca', 'other-ca') {
                $Certificates[$name] = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new((Join-Path $Directory "$name.pem"))
            }
            $CrlPath = Join-Path $Directory 'ca.crl'
            & ([scriptblock]::Create($Check)) $Certificates $CrlPath $At $Extra
        }
    }
}

Describe 'Test-CertificateRevocation' {
    Context 'A fresh CRL decides, under the Default policy (OCSP has no responder, so the CRL is next)' {
        BeforeAll {
            $script:run = Invoke-RevocationCheck -Check {
                param($Certificates, $CrlPath, $At)
                $Certificates['good'], $Certificates['revoked'] | Test-CertificateRevocation -Issuer $Certificates['ca'] -Crl $CrlPath -At $At
            }
        }

        It 'writes one result per piped certificate, in order, and no error' {
            $run.Errors | Should -BeNullOrEmpty
            $run.Output | Should -HaveCount 2
            $run.Output[0].Subject | Should -Be 'CN=good.revocation.pkirevocation.test'
            $run.Output[1].Subject | Should -Be 'CN=revoked.revocation.pkirevocation.test'
        }

        It 'reports the good certificate NotRevoked, decided by the CRL' {
            $good = $run.Output[0]
            [string]$good.Status | Should -Be 'NotRevoked'
            [string]$good.DecidedBy | Should -Be 'Crl'
            $good.Policy | Should -Be 'Default'
            $good.SerialNumber | Should -Be '2001'
            $good.Issuer | Should -Be 'CN=PkiRevocation Pester Revocation CA'
            $good.FailureReason | Should -BeNullOrEmpty
            $good.RevocationTime | Should -BeNullOrEmpty
            $good.ChainPosition | Should -Be 0
            $good.ReferenceTime.ToUniversalTime() | Should -Be $script:ReferenceTime
        }

        It 'reports the revoked certificate Revoked with the time and reason from the CRL' {
            $revoked = $run.Output[1]
            [string]$revoked.Status | Should -Be 'Revoked'
            [string]$revoked.DecidedBy | Should -Be 'Crl'
            [string]$revoked.RevocationReason | Should -Be 'KeyCompromise'
            $revoked.RevocationTime.ToUniversalTime() | Should -Be ([datetime]::new(2026, 5, 15, 0, 0, 0, [System.DateTimeKind]::Utc))
        }

        It 'lists each method tried in Steps: the policy, OCSP without a responder, then the CRL decision' {
            $steps = @($run.Output[0].Steps)
            $steps[0] | Should -BeLike "Policy 'Default' (BuiltIn): Ocsp, Crl;*"
            @($steps | Where-Object { $_ -like 'OCSP gave no trustworthy answer: NoResponder*' }) | Should -HaveCount 1
            @($steps | Where-Object { $_ -like 'CRL:*fresh (thisUpdate 2026-05-25T00:00:00Z, nextUpdate 2026-06-08T00:00:00Z)*' }) | Should -HaveCount 1
            $steps[-1] | Should -Be 'CRL decided: not revoked'
            @($run.Output[1].Steps)[-1] | Should -Be 'CRL decided: revoked'
        }

        It 'carries the certificate checked' {
            $run.Output[1].Certificate.Thumbprint | Should -Match '^[0-9A-F]{40}$'
            $run.Output[1].Thumbprint | Should -Be $run.Output[1].Certificate.Thumbprint
        }
    }

    Context 'Method overrides' {
        It 'uses only the CRL with -Method Crl (no OCSP step)' {
            $run = Invoke-RevocationCheck -Check {
                param($Certificates, $CrlPath, $At)
                Test-CertificateRevocation -Certificate $Certificates['revoked'] -Issuer $Certificates['ca'] -Crl $CrlPath -Method Crl -At $At
            }
            $run.Errors | Should -BeNullOrEmpty
            [string]$run.Output[0].Status | Should -Be 'Revoked'
            @($run.Output[0].Steps)[0] | Should -BeLike "Policy 'Default'*: Crl;*"
            @($run.Output[0].Steps | Where-Object { $_ -like 'OCSP*' }) | Should -BeNullOrEmpty
        }

        It 'is NotRevoked decided by None only when the methods list None and nothing else decided' {
            $run = Invoke-RevocationCheck -Check {
                param($Certificates, $CrlPath, $At)
                Test-CertificateRevocation -Certificate $Certificates['good'] -Issuer $Certificates['ca'] -Method 'Ocsp', 'Crl', 'None' -At $At
            }
            $run.Errors | Should -BeNullOrEmpty
            [string]$run.Output[0].Status | Should -Be 'NotRevoked'
            [string]$run.Output[0].DecidedBy | Should -Be 'None'
            @($run.Output[0].Steps)[-1] | Should -BeLike 'None: the policy lists None*'
        }
    }

    Context 'Never NotRevoked without a verified answer: Indeterminate with the reason' {
        It 'is Indeterminate when the CRL is stale at -At' {
            $run = Invoke-RevocationCheck -At $script:StaleTime -Check {
                param($Certificates, $CrlPath, $At)
                Test-CertificateRevocation -Certificate $Certificates['good'] -Issuer $Certificates['ca'] -Crl $CrlPath -At $At
            }
            $run.Errors | Should -BeNullOrEmpty
            [string]$run.Output[0].Status | Should -Be 'Indeterminate'
            [string]$run.Output[0].DecidedBy | Should -BeNullOrEmpty
            $run.Output[0].FailureReason | Should -BeLike '*stale: nextUpdate 2026-06-08T00:00:00Z is before the reference time 2026-07-01T00:00:00Z*'
            @($run.Output[0].Steps)[-1] | Should -BeLike 'Indeterminate: *'
        }

        It 'is Indeterminate, naming the certificate, when its issuer is missing (a result, not an error)' {
            $run = Invoke-RevocationCheck -Check {
                param($Certificates, $CrlPath, $At)
                Test-CertificateRevocation -Certificate $Certificates['good'] -Crl $CrlPath -At $At
            }
            $run.Errors | Should -BeNullOrEmpty
            $run.Output | Should -HaveCount 1
            [string]$run.Output[0].Status | Should -Be 'Indeterminate'
            $run.Output[0].FailureReason | Should -BeLike "the issuer of 'CN=good.revocation.pkirevocation.test' is neither among the given certificates nor in the CA and Root stores*"
        }

        It 'is Indeterminate when -Issuer is another CA: the CRL is not the issuer''s' {
            $run = Invoke-RevocationCheck -Check {
                param($Certificates, $CrlPath, $At)
                Test-CertificateRevocation -Certificate $Certificates['revoked'] -Issuer $Certificates['other-ca'] -Crl $CrlPath -At $At
            }
            $run.Errors | Should -BeNullOrEmpty
            [string]$run.Output[0].Status | Should -Be 'Indeterminate'
            $run.Output[0].FailureReason | Should -BeLike "*CRL: IssuerMismatch: the certificate's issuer 'CN=PkiRevocation Pester Revocation CA' is not the given issuer 'CN=PkiRevocation Pester Other CA'*"
        }

        It 'is Indeterminate with -Method Crl when there is neither a distribution point nor -Crl' {
            $run = Invoke-RevocationCheck -Check {
                param($Certificates, $CrlPath, $At)
                Test-CertificateRevocation -Certificate $Certificates['good'] -Issuer $Certificates['ca'] -Method Crl -At $At
            }
            $run.Errors | Should -BeNullOrEmpty
            [string]$run.Output[0].Status | Should -Be 'Indeterminate'
            $run.Output[0].FailureReason | Should -Be 'CRL: the certificate has no CRL distribution point URL and no CRL was given'
        }

        It 'is Indeterminate, beside a CrlUnreadable error naming the file, when the -Crl file is not a CRL' {
            $junk = Join-Path $TestDrive 'junk.crl'
            [System.IO.File]::WriteAllText($junk, 'not a crl')
            $run = Invoke-RevocationCheck -Extra $junk -Check {
                param($Certificates, $CrlPath, $At, $Junk)
                Test-CertificateRevocation -Certificate $Certificates['good'] -Issuer $Certificates['ca'] -Crl $Junk -Method Crl -At $At
            }
            $run.Errors | Should -HaveCount 1
            $run.Errors[0].ErrorId | Should -BeLike 'CrlUnreadable,*'
            $run.Errors[0].Target | Should -Be $junk
            [string]$run.Output[0].Status | Should -Be 'Indeterminate'
            $run.Output[0].FailureReason | Should -Be 'CRL: no CRL could be obtained'
        }
    }

    Context 'Bad input: an error with the ErrorId, and no result' {
        It 'PolicyNotFound for -Policy naming no policy' {
            $run = Invoke-RevocationCheck -Check {
                param($Certificates, $CrlPath, $At)
                Test-CertificateRevocation -Certificate $Certificates['good'] -Issuer $Certificates['ca'] -Crl $CrlPath -Policy 'NoSuchPolicy' -At $At
            }
            $run.Output | Should -BeNullOrEmpty
            $run.Errors | Should -HaveCount 1
            $run.Errors[0].ErrorId | Should -BeLike 'PolicyNotFound,*'
            $run.Errors[0].Category | Should -Be 'ObjectNotFound'
            $run.Errors[0].Target | Should -Be 'NoSuchPolicy'
        }

        It 'PolicyInvalid for each certificate when -Method puts None before another method' {
            $run = Invoke-RevocationCheck -Check {
                param($Certificates, $CrlPath, $At)
                $Certificates['good'], $Certificates['revoked'] | Test-CertificateRevocation -Issuer $Certificates['ca'] -Crl $CrlPath -Method 'None', 'Crl' -At $At
            }
            $run.Output | Should -BeNullOrEmpty
            $run.Errors | Should -HaveCount 2
            foreach ($failure in $run.Errors) {
                $failure.ErrorId | Should -BeLike 'PolicyInvalid,*'
                $failure.Category | Should -Be 'InvalidArgument'
                $failure.Message | Should -BeLike '*None must be the last method*'
            }
            # The target is the certificate; its text spans lines ([Subject] ... [Issuer] ...).
            $run.Errors[0].Target | Should -Match ([regex]::Escape('CN=good.revocation.pkirevocation.test'))
            $run.Errors[1].Target | Should -Match ([regex]::Escape('CN=revoked.revocation.pkirevocation.test'))
        }

        It 'CrlUnreadable for each -Crl that cannot be used (random bytes, /dev/zero, ftp://), and the usable CRL still decides' {
            $run = Invoke-RevocationCheck -Check {
                param($Certificates, $CrlPath, $At)
                $random = Join-Path $env:PKIREVOCATION_HOME 'random.crl'
                New-Item -ItemType Directory -Path $env:PKIREVOCATION_HOME -Force | Out-Null
                [System.IO.File]::WriteAllBytes($random, [byte[]](1..300 | ForEach-Object { ($_ * 37 + 11) % 256 }))
                $Certificates['good'], $Certificates['revoked'] |
                    Test-CertificateRevocation -Issuer $Certificates['ca'] -Crl $random, '/dev/zero', 'ftp://example.invalid/ca.crl', $CrlPath -Method Crl -NoCache -At $At
            }
            $run.Errors | Should -HaveCount 3
            foreach ($failure in $run.Errors) {
                $failure.ErrorId | Should -BeLike 'CrlUnreadable,*'
                $failure.Category | Should -Be 'InvalidData'
            }
            $run.Errors[0].Target | Should -BeLike '*random.crl'
            $run.Errors[0].Message | Should -BeLike '*not a CRL*'
            $run.Errors[1].Target | Should -Be '/dev/zero'
            $run.Errors[1].Message | Should -BeLike '*character device*'
            $run.Errors[2].Target | Should -Be 'ftp://example.invalid/ca.crl'
            $run.Errors[2].Message | Should -BeLike "*the URL scheme 'ftp' is not supported*"
            $run.Output | Should -HaveCount 2
            [string]$run.Output[0].Status | Should -Be 'NotRevoked'
            [string]$run.Output[1].Status | Should -Be 'Revoked'
        }

        It 'ConfigurationCorrupt for an unreadable policies.json, which is left as it is' {
            $run = Invoke-RevocationCheck -Check {
                param($Certificates, $CrlPath, $At)
                $file = Join-Path (Join-Path $env:PKIREVOCATION_HOME 'CurrentUser') 'policies.json'
                New-Item -ItemType Directory -Path (Split-Path -Parent $file) -Force | Out-Null
                [System.IO.File]::WriteAllText($file, '{not json')
                Test-CertificateRevocation -Certificate $Certificates['good'] -Issuer $Certificates['ca'] -Crl $CrlPath -At $At
                [pscustomobject]@{ Kept = [System.IO.File]::ReadAllText($file) }
            }
            $run.Errors | Should -HaveCount 1
            $run.Errors[0].ErrorId | Should -BeLike 'ConfigurationCorrupt,*'
            $run.Errors[0].Category | Should -Be 'InvalidData'
            $run.Errors[0].Target | Should -BeLike '*policies.json'
            $run.Output | Should -HaveCount 1
            $run.Output[0].Kept | Should -Be '{not json'
        }
    }

    Context 'Objects compose' {
        It 'round-trips RevocationResult through Export-Clixml/Import-Clixml inside the session' {
            $run = Invoke-RevocationCheck -Check {
                param($Certificates, $CrlPath, $At)
                $file = Join-Path ([System.IO.Path]::GetTempPath()) ([guid]::NewGuid().ToString('N') + '.clixml')
                $original = Test-CertificateRevocation -Certificate $Certificates['revoked'] -Issuer $Certificates['ca'] -Crl $CrlPath -At $At
                $original | Export-Clixml -Path $file
                $copy = Import-Clixml -Path $file
                Remove-Item -LiteralPath $file
                foreach ($name in 'Subject', 'Issuer', 'SerialNumber', 'Thumbprint', 'Status', 'DecidedBy', 'Policy', 'RevocationReason', 'FailureReason', 'ChainPosition') {
                    [pscustomobject]@{ Property = $name; Same = ([string]$original.$name -eq [string]$copy.$name) }
                }
                [pscustomobject]@{ Property = 'RevocationTime'; Same = ($original.RevocationTime -eq $copy.RevocationTime) }
                [pscustomobject]@{ Property = 'ReferenceTime'; Same = ($original.ReferenceTime -eq $copy.ReferenceTime) }
                [pscustomobject]@{ Property = 'Steps'; Same = ((@($original.Steps) -join "`n") -eq (@($copy.Steps) -join "`n")) }
                [pscustomobject]@{ Property = 'Certificate'; Same = ($original.Certificate.Thumbprint -eq $copy.Certificate.Thumbprint) }
            }
            $run.Errors | Should -BeNullOrEmpty
            $run.Output | Should -HaveCount 14
            @($run.Output | Where-Object { -not $_.Same } | ForEach-Object { $_.Property }) | Should -BeNullOrEmpty
        }
    }
}

# In this session (module imported here), against the committed CRL fixtures and a real openssl OCSP responder.
Describe 'Test-CertificateRevocation in this session' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'Support/TestPeers.ps1')
        Import-Module $script:ModuleManifestPath -Force
        $script:SavedHome = $env:PKIREVOCATION_HOME
        $script:Fixtures = Join-Path $script:FixtureDirectory 'Revocation'
        $script:CrlCa = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new((Join-Path $script:Fixtures 'ca.pem'))
        $script:CrlPath = Join-Path $script:Fixtures 'ca.crl'
        $script:Leaves = Join-Path $TestDrive 'crl-leaves'
        New-Item -ItemType Directory -Path $script:Leaves | Out-Null
        Copy-Item (Join-Path $script:Fixtures 'good.pem'), (Join-Path $script:Fixtures 'revoked.pem') -Destination $script:Leaves
        if ($script:HasOpenSsl) {
            $script:Peers = New-TestPki -Directory (Join-Path $TestDrive 'peers')
            $script:PeerResponder = Start-OcspResponder -Pki $script:Peers
        }
    }

    AfterAll {
        if ($script:PeerResponder) { Stop-TestPeer $script:PeerResponder }
        $env:PKIREVOCATION_HOME = $script:SavedHome
    }

    BeforeEach {
        New-TestHome | Out-Null
    }

    It 'stops with PathNotFound naming a missing -Crl file, as a missing -Response does' {
        $missing = Join-Path $TestDrive 'nope.crl'
        $failure = $null
        try { Test-CertificateRevocation -LiteralPath $script:Leaves -Issuer $script:CrlCa -Crl $missing -At $script:ReferenceTime -ErrorAction Stop } catch { $failure = $_ }

        $failure.FullyQualifiedErrorId | Should -Be 'PathNotFound,PkiRevocation.PowerShell.Commands.TestCertificateRevocationCommand'
        $failure.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failure.TargetObject | Should -Be $missing
    }

    It 'stops with ReferenceTimeInvalid for an -At no check can represent, not a .NET overflow message' {
        $failure = $null
        try { Test-CertificateRevocation -LiteralPath $script:Leaves -Issuer $script:CrlCa -Crl $script:CrlPath -At ([datetime]::MaxValue) -ErrorAction Stop } catch { $failure = $_ }

        $failure.FullyQualifiedErrorId | Should -Be 'ReferenceTimeInvalid,PkiRevocation.PowerShell.Commands.TestCertificateRevocationCommand'
        $failure.Exception.Message | Should -BeLike '-At: The reference time 9999-12-31T23:59:59Z is out of range: give a time from 1900-01-01 to before 9000-01-01.'
        $failure.TargetObject | Should -Be ([datetime]::MaxValue)
    }

    It 'reads a relative -Crl path from the current location' {
        Push-Location $script:Fixtures
        try { $results = @(Test-CertificateRevocation -LiteralPath $script:Leaves -Issuer $script:CrlCa -Crl 'ca.crl' -At $script:ReferenceTime) }
        finally { Pop-Location }

        @($results | ForEach-Object { [string]$_.Status }) | Should -Be @('NotRevoked', 'Revoked')
    }

    It 'checks the files and folders of -Path and -LiteralPath' {
        $byPath = @(Test-CertificateRevocation -Path (Join-Path $script:Leaves '*.pem') -Issuer $script:CrlCa -Crl $script:CrlPath -At $script:ReferenceTime)
        $byLiteral = @(Test-CertificateRevocation -LiteralPath (Join-Path $script:Leaves 'revoked.pem') -Issuer $script:CrlCa -Crl $script:CrlPath -At $script:ReferenceTime)

        @($byPath | ForEach-Object { [string]$_.Status }) | Should -Be @('NotRevoked', 'Revoked')
        $byPath[0] | Should -BeOfType ([PkiRevocation.Revocation.RevocationResult])
        [string]$byLiteral[0].Status | Should -Be 'Revoked'
        [string]$byLiteral[0].DecidedBy | Should -Be 'Crl'
    }

    It 'checks what Get-CertificateExpiry found (binds -Certificate by property name)' {
        $results = @(Get-CertificateExpiry -LiteralPath $script:Leaves -At $script:ReferenceTime | Test-CertificateRevocation -Issuer $script:CrlCa -Crl $script:CrlPath -At $script:ReferenceTime)

        @($results | ForEach-Object { [string]$_.Status }) | Should -Be @('NotRevoked', 'Revoked')
    }

    It 'writes one progress bar for all piped certificates: 1 of 2 at 0%, 2 of 2 at 50%, then Completed' {
        $records = Get-ProgressRecords -ArgumentList $script:Leaves, (Join-Path $script:Fixtures 'ca.pem'), $script:CrlPath, $script:ReferenceTime -ScriptBlock {
            param($Folder, $CaPath, $CrlPath, $At)
            Get-ChildItem -LiteralPath $Folder -Filter '*.pem' | Get-CertificateExpiry -At $At |
                Test-CertificateRevocation -Issuer ([System.Security.Cryptography.X509Certificates.X509Certificate2]::new($CaPath)) -Crl $CrlPath -At $At | Out-Null
        }
        $revocation = @($records | Where-Object Activity -EQ 'Checking revocation')

        @($revocation | Where-Object RecordType -EQ 'Processing' | ForEach-Object PercentComplete) | Should -Be @(0, 50)
        $revocation[-1].RecordType | Should -Be 'Completed'
        @($revocation.ActivityId | Sort-Object -Unique) | Should -HaveCount 1
    }

    It 'reports PolicyNotFound for -Policy NoSuch' {
        Test-CertificateRevocation -LiteralPath $script:Leaves -Issuer $script:CrlCa -Policy NoSuch -At $script:ReferenceTime -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'PolicyNotFound,*'
        $failures[0].TargetObject | Should -Be 'NoSuch'
    }

    It 'completes -Policy with the policies in force' {
        Set-RevocationPolicy CrlFirst -Method 'Crl', 'Ocsp'
        $line = 'Test-CertificateRevocation -Policy C'

        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('CrlFirst')
    }

    It 'exports to CSV one readable line per result, and keeps typed values through Clixml' {
        $csv = Join-Path $TestDrive 'revocation.csv'
        $xml = Join-Path $TestDrive 'revocation.clixml'
        $results = Test-CertificateRevocation -LiteralPath $script:Leaves -Issuer $script:CrlCa -Crl $script:CrlPath -At $script:ReferenceTime
        $results | Export-Csv -LiteralPath $csv
        $results | Export-Clixml -LiteralPath $xml
        $rows = @(Import-Csv -LiteralPath $csv)
        $copy = @(Import-Clixml -LiteralPath $xml)

        (Get-Content -LiteralPath $csv).Count | Should -Be 3
        $rows[1].Steps | Should -Match 'CRL decided: revoked'
        $rows[1].Certificate | Should -Match '^[0-9A-F]{40}$'
        $copy[1].RevocationTime | Should -BeOfType [datetime]
        @($copy[1].Steps)[-1] | Should -Be 'CRL decided: revoked'
    }

    It 'decides by OCSP when the leaf names a responder in its AIA (openssl ocsp)' -Skip:(-not (Get-Command openssl -ErrorAction SilentlyContinue)) {
        $results = @($script:Peers.Good, $script:Peers.Revoked | Test-CertificateRevocation -Issuer $script:Peers.Ca -Method Ocsp)

        @($results | ForEach-Object { [string]$_.Status }) | Should -Be @('NotRevoked', 'Revoked')
        @($results | ForEach-Object { [string]$_.DecidedBy }) | Should -Be @('Ocsp', 'Ocsp')
        [string]$results[1].RevocationReason | Should -Be 'KeyCompromise'
    }

    It 'is Indeterminate, never NotRevoked, when the only method has no answer' -Skip:(-not (Get-Command openssl -ErrorAction SilentlyContinue)) {
        $result = Test-CertificateRevocation -Certificate $script:Peers.Good -Issuer $script:Peers.Ca -Method Crl -At ([datetime]::UtcNow)

        [string]$result.Status | Should -Be 'Indeterminate'
        $result.FailureReason | Should -Not -BeNullOrEmpty
    }
}
