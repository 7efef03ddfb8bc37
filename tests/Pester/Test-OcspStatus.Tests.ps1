# Pester 5. Runs on hosts with PowerShell (build.ps1 -Task Test) and openssl on PATH; the same behaviour is covered
# by xunit in tests/PkiRevocation.Engine.Tests/Ocsp and tests/PkiRevocation.Cli.Tests/OcspCommandTests.cs.
BeforeDiscovery {
    $script:NoOpenSsl = -not (Get-Command openssl -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/PkiRevocation/PkiRevocation.psd1') -Force

    . (Join-Path $PSScriptRoot 'Support/TestPeers.ps1')

    $dir = Join-Path $TestDrive 'pki'
    New-Item -ItemType Directory -Path $dir | Out-Null
    $script:CaPem = Join-Path $dir 'ca.pem'
    $caKey = Join-Path $dir 'ca.key'
    Invoke-OpenSsl @('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', $caKey, '-out', $script:CaPem, '-subj', '/CN=Pester OCSP CA', '-days', '30')
    foreach ($leaf in @(@{ Name = 'good'; Serial = '0x4001' }, @{ Name = 'revoked'; Serial = '0x4002' })) {
        $key = Join-Path $dir "$($leaf.Name).key"
        $csr = Join-Path $dir "$($leaf.Name).csr"
        Invoke-OpenSsl @('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', $key, '-out', $csr, '-subj', "/CN=$($leaf.Name).pester.test")
        Invoke-OpenSsl @('x509', '-req', '-in', $csr, '-CA', $script:CaPem, '-CAkey', $caKey, '-set_serial', $leaf.Serial, '-out', (Join-Path $dir "$($leaf.Name).pem"), '-days', '10')
    }

    $now = [datetime]::UtcNow
    $expiry = $now.AddDays(10).ToString('yyMMddHHmmss') + 'Z'
    $revokedAt = $now.AddDays(-1).ToString('yyMMddHHmmss') + 'Z'
    $index = Join-Path $dir 'index.txt'
    [System.IO.File]::WriteAllText($index, "V`t$expiry`t`t4001`tunknown`t/CN=good.pester.test`nR`t$expiry`t$revokedAt,keyCompromise`t4002`tunknown`t/CN=revoked.pester.test`n")

    $port = Get-FreeTcpPort
    $script:Url = "http://127.0.0.1:$port/"
    $arguments = @('ocsp', '-index', $index, '-port', $port, '-rsigner', $script:CaPem, '-rkey', $caKey, '-CA', $script:CaPem, '-ignore_err', '-nmin', '60') | ForEach-Object { '"{0}"' -f $_ }
    $script:Responder = Start-Process -FilePath (Get-Command openssl).Source -ArgumentList $arguments -PassThru -NoNewWindow `
        -RedirectStandardOutput (Join-Path $dir 'responder.out') -RedirectStandardError (Join-Path $dir 'responder.err')
    Wait-Http $port

    $script:Ca = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($script:CaPem)
    $script:Good = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new((Join-Path $dir 'good.pem'))
    $script:Revoked = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new((Join-Path $dir 'revoked.pem'))
}

AfterAll {
    if ($script:Responder) { $script:Responder | Stop-Process -Force -ErrorAction SilentlyContinue }
}

Describe 'Test-OcspStatus' -Skip:$script:NoOpenSsl {
    It 'reports a good certificate as Good, signed by the issuing CA, with the nonce echoed' {
        $result = Test-OcspStatus -Certificate $script:Good -Issuer $script:Ca -ResponderUri $script:Url

        $result.Status | Should -Be 'Good'
        $result.FailureReason | Should -BeNullOrEmpty
        $result.TrustPath | Should -Be 'Issuer'
        $result.NonceStatus | Should -Be 'Matched'
        $result.Steps.Count | Should -BeGreaterThan 3
    }

    It 'checks every pipeline certificate, in order, with the revocation reason' {
        $results = @($script:Good, $script:Revoked | Test-OcspStatus -Issuer $script:Ca -ResponderUri $script:Url -Batch)

        $results.Count | Should -Be 2
        $results[0].Status | Should -Be 'Good'
        $results[1].Status | Should -Be 'Revoked'
        $results[1].RevocationReason | Should -Be 'KeyCompromise'
    }

    It 'replays a saved response offline with -Response and -At, and finds it stale after nextUpdate' {
        $first = Test-OcspStatus -Certificate $script:Revoked -Issuer $script:Ca -ResponderUri $script:Url
        $saved = Join-Path $TestDrive 'saved.der'
        [System.IO.File]::WriteAllBytes($saved, $first.RawResponse)

        $fresh = Test-OcspStatus -Certificate $script:Revoked -Issuer $script:Ca -Response $saved -At $first.ThisUpdate.AddMinutes(10)
        $stale = Test-OcspStatus -Certificate $script:Revoked -Issuer $script:Ca -Response $saved -At $first.ThisUpdate.AddHours(3)

        $fresh.Status | Should -Be 'Revoked'
        $fresh.Method | Should -Be 'Offline'
        $stale.Status | Should -Be 'Indeterminate'
        $stale.FailureReason | Should -Be 'Stale'
    }

    It 'is Indeterminate with ResponderUnreachable, never Good, when the responder is down' {
        $result = Test-OcspStatus -Certificate $script:Good -Issuer $script:Ca -ResponderUri "http://127.0.0.1:$(Get-FreeTcpPort)/" -TimeoutSec 2

        $result.Status | Should -Be 'Indeterminate'
        $result.FailureReason | Should -Be 'ResponderUnreachable'
    }

    It 'refuses a named pipe and /dev/zero as -Path with NotARegularFile each, without hanging, and still checks the next file' -Skip:$IsWindows {
        $fifo = Join-Path $TestDrive 'pipe.pem'
        & mkfifo $fifo
        $good = Join-Path $TestDrive 'pki/good.pem'
        $job = Start-ThreadJob { param($Manifest, $Paths, $Ca, $Url) Import-Module $Manifest; Test-OcspStatus -Path $Paths -Issuer $Ca -ResponderUri $Url 2>&1 } `
            -ArgumentList (Join-Path $PSScriptRoot '../../out/PkiRevocation/PkiRevocation.psd1'), @($fifo, '/dev/zero', $good), $script:Ca, $script:Url
        $finished = Wait-Job $job -Timeout 20
        $run = @(Receive-Job $job)
        Remove-Job $job -Force

        $finished | Should -Not -BeNullOrEmpty -Because 'a named pipe must be refused, not read until a writer comes'
        $errors = @($run | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $errors | Should -HaveCount 2
        $errors[0].FullyQualifiedErrorId | Should -Be 'NotARegularFile,PkiRevocation.PowerShell.Commands.TestOcspStatusCommand'
        $errors[0].TargetObject | Should -Be $fifo
        $errors[1].FullyQualifiedErrorId | Should -Be 'NotARegularFile,PkiRevocation.PowerShell.Commands.TestOcspStatusCommand'
        $errors[1].TargetObject | Should -Be '/dev/zero'
        $result = @($run | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
        $result | Should -HaveCount 1
        $result[0].Status | Should -Be 'Good'
    }

    It 'stops with NotARegularFile for -Response /dev/zero instead of reading it until memory runs out' -Skip:$IsWindows {
        $failure = $null
        try { Test-OcspStatus -Certificate $script:Good -Issuer $script:Ca -Response '/dev/zero' -ErrorAction Stop } catch { $failure = $_ }

        $failure.FullyQualifiedErrorId | Should -Be 'NotARegularFile,PkiRevocation.PowerShell.Commands.TestOcspStatusCommand'
        $failure.Exception.Message | Should -BeLike "The OCSP response '/dev/zero' is a character device*"
    }

    It 'refuses -NoNonce with -RequireNonce' {
        $failure = $null
        try { Test-OcspStatus -Certificate $script:Good -Issuer $script:Ca -NoNonce -RequireNonce -ErrorAction Stop } catch { $failure = $_ }

        $failure.FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*'
    }

    It 'reports a missing -Response file as PathNotFound' {
        $failure = $null
        try { Test-OcspStatus -Certificate $script:Good -Issuer $script:Ca -Response (Join-Path $TestDrive 'nope.der') -ErrorAction Stop } catch { $failure = $_ }

        $failure.FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
    }
}

Describe 'Test-OcspStatus with the shared test peers' -Skip:$script:NoOpenSsl {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'Support/TestPeers.ps1')
        $script:Peers = New-TestPki -Directory (Join-Path $TestDrive 'peers')
        $script:PeerResponder = Start-OcspResponder -Pki $script:Peers
        $script:PeerFolder = Join-Path $TestDrive 'leaves'
        New-Item -ItemType Directory -Path $script:PeerFolder | Out-Null
        Copy-Item (Join-Path $script:Peers.Directory 'good.pem'), (Join-Path $script:Peers.Directory 'revoked.pem') -Destination $script:PeerFolder
    }

    AfterAll {
        Stop-TestPeer $script:PeerResponder
    }

    It 'checks the certificates Get-CertificateExpiry found (binds -Certificate by property name)' {
        $results = @(Get-CertificateExpiry -LiteralPath $script:PeerFolder | Test-OcspStatus -Issuer $script:Peers.Ca -ErrorVariable failures)

        $failures | Should -BeNullOrEmpty
        $results | Should -HaveCount 2
        @($results | ForEach-Object { [string]$_.Status }) | Should -Be @('Good', 'Revoked')
        $results[0] | Should -BeOfType ([PkiRevocation.Ocsp.OcspResult])
        $results[1].RevocationReason | Should -Be 'KeyCompromise'
        $results[0].ResponderUri | Should -Be $script:Peers.OcspUrl
    }

    It 'reads files and folders with -Path (wildcards) and -LiteralPath, asking the responder in their AIA' {
        $byPath = @(Test-OcspStatus -Path (Join-Path $script:PeerFolder '*.pem') -Issuer $script:Peers.Ca)
        $byLiteral = @(Test-OcspStatus -LiteralPath $script:PeerFolder -Issuer $script:Peers.Ca)

        @($byPath.Status) | Should -Be @('Good', 'Revoked')
        @($byLiteral.Status) | Should -Be @('Good', 'Revoked')
        $byLiteral[1].SerialNumber | Should -Be '4002'
    }

    It 'reads files piped from Get-ChildItem by PSPath' {
        $results = @(Get-ChildItem -LiteralPath $script:PeerFolder -Filter '*.pem' | Test-OcspStatus -Issuer $script:Peers.Ca)

        @($results.Status) | Should -Be @('Good', 'Revoked')
    }

    It 'reports a missing file as PathNotFound naming it, and checks the next one' {
        $missing = Join-Path $TestDrive 'missing.pem'
        $results = @(Test-OcspStatus -LiteralPath $missing, (Join-Path $script:PeerFolder 'good.pem') -Issuer $script:Peers.Ca -ErrorVariable failures -ErrorAction SilentlyContinue)

        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,PkiRevocation.PowerShell.Commands.TestOcspStatusCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be $missing
        @($results.Status) | Should -Be @('Good')
    }

    It 'reports a file that holds no certificate as NotACertificate, and checks the next one' {
        $junk = Join-Path $TestDrive 'junk.pem'
        Set-Content -LiteralPath $junk -Value 'not a certificate'
        $results = @(Test-OcspStatus -LiteralPath $junk, (Join-Path $script:PeerFolder 'revoked.pem') -Issuer $script:Peers.Ca -ErrorVariable failures -ErrorAction SilentlyContinue)

        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'NotACertificate,*'
        $failures[0].TargetObject | Should -Be $junk
        @($results.Status) | Should -Be @('Revoked')
    }

    It 'shows Subject and ResponderName in one DN convention (most specific first, comma and space)' {
        $result = Test-OcspStatus -Certificate $script:Peers.Good -Issuer $script:Peers.Ca

        $result.Subject | Should -Be 'CN=good.pester.test, O=PkiRevocation Pester'
        $result.ResponderName | Should -Be 'CN=Pester Peer CA, O=PkiRevocation Pester'
        @($result.Steps | Where-Object { $_ -match 'O=PkiRevocation Pester,CN=|O=PkiRevocation Pester, CN=' }) | Should -BeNullOrEmpty
    }

    It 'groups and sorts results and exports them to CSV one line each, the certificate as its thumbprint' {
        $csv = Join-Path $TestDrive 'ocsp.csv'
        $results = Test-OcspStatus -LiteralPath $script:PeerFolder -Issuer $script:Peers.Ca
        $results | Export-Csv -LiteralPath $csv
        $rows = @(Import-Csv -LiteralPath $csv)

        @($results | Group-Object Status | Sort-Object Name | ForEach-Object Name) | Should -Be @('Good', 'Revoked')
        $rows | Should -HaveCount 2
        (Get-Content -LiteralPath $csv).Count | Should -Be 3
        $rows[1].Certificate | Should -Be $script:Peers.Revoked.Thumbprint
        $rows[1].Steps | Should -Not -Be 'System.String[]'
        $rows[1].Status | Should -Be 'Revoked'
    }

    It 'keeps typed values through Export-Clixml/Import-Clixml' {
        $file = Join-Path $TestDrive 'ocsp.clixml'
        Test-OcspStatus -Certificate $script:Peers.Revoked -Issuer $script:Peers.Ca | Export-Clixml -LiteralPath $file
        $copy = Import-Clixml -LiteralPath $file

        $copy.PSObject.TypeNames | Should -Contain 'Deserialized.PkiRevocation.Ocsp.OcspResult'
        [string]$copy.Status | Should -Be 'Revoked'
        $copy.ThisUpdate | Should -BeOfType [datetime]
        $copy.RevocationTime | Should -BeOfType [datetime]
        @($copy.Steps).Count | Should -BeGreaterThan 3
    }

    It 'writes one progress bar across the pipeline, n of N, and completes it' {
        $records = Get-ProgressRecords -ArgumentList $script:PeerFolder, $script:Peers.CaPath -ScriptBlock {
            param($Folder, $CaPath)
            Test-OcspStatus -LiteralPath $Folder -Issuer ([System.Security.Cryptography.X509Certificates.X509Certificate2]::new($CaPath)) | Out-Null
        }

        @($records.ActivityId | Sort-Object -Unique) | Should -HaveCount 1
        $records[-1].RecordType | Should -Be 'Completed'
        @($records | Where-Object RecordType -EQ 'Processing').Count | Should -BeGreaterThan 0
    }

    It 'has help for -Path and -LiteralPath' {
        $help = Get-Help Test-OcspStatus -Full
        $names = $help.parameters.parameter.name

        $names | Should -Contain 'Path'
        $names | Should -Contain 'LiteralPath'
        (($help.parameters.parameter | Where-Object name -EQ 'Path').description | Out-String) | Should -Match 'folder'
    }
}

Describe 'Test-OcspStatus views' -Skip:$script:NoOpenSsl {
    It 'keeps the whole Subject in the table (last column, the width left) at 160 columns' {
        $result = Test-OcspStatus -Certificate $script:Good -Issuer $script:Ca -ResponderUri $script:Url
        $text = $result | Format-Table | Out-String -Width 160
        $header = @($text -split "`n" | Where-Object { $_ -match 'Status\s+SerialNumber' })[0] -replace '\x1b\[[0-9;]*m', ''

        $text | Should -Match ([regex]::Escape('CN=good.pester.test'))
        $header.TrimEnd() | Should -Match 'Subject$'
    }
}
