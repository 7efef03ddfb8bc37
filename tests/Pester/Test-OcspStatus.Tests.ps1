# Pester 5. Runs on hosts with PowerShell (build.ps1 -Task Test) and openssl on PATH; the same behaviour is covered
# by xunit in tests/PkiRevocation.Engine.Tests/Ocsp and tests/PkiRevocation.Cli.Tests/OcspCommandTests.cs.
BeforeDiscovery {
    $script:NoOpenSsl = -not (Get-Command openssl -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/PkiRevocation/PkiRevocation.psd1') -Force

    function Invoke-OpenSsl([string[]] $Arguments) {
        $output = & openssl @Arguments 2>&1
        if ($LASTEXITCODE -ne 0) { throw "openssl $($Arguments -join ' ') failed: $output" }
    }

    function Get-FreePort {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
    }

    # Not a bare TCP connect: OpenSSL 3.0's responder spins forever on a connection that sends nothing.
    function Wait-Responder([int] $Port) {
        $deadline = [datetime]::UtcNow.AddSeconds(20)
        while ([datetime]::UtcNow -lt $deadline) {
            try {
                $client = [System.Net.Sockets.TcpClient]::new('127.0.0.1', $Port)
                try {
                    $stream = $client.GetStream()
                    $probe = [System.Text.Encoding]::ASCII.GetBytes("GET / HTTP/1.0`r`n`r`n")
                    $stream.Write($probe, 0, $probe.Length)
                    $buffer = [byte[]]::new(1024)
                    if ($stream.Read($buffer, 0, $buffer.Length) -gt 0) { return }
                } finally { $client.Dispose() }
            } catch { Start-Sleep -Milliseconds 100 }
        }
        throw "The OCSP responder on 127.0.0.1:$Port did not answer."
    }

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

    $port = Get-FreePort
    $script:Url = "http://127.0.0.1:$port/"
    $arguments = @('ocsp', '-index', $index, '-port', $port, '-rsigner', $script:CaPem, '-rkey', $caKey, '-CA', $script:CaPem, '-ignore_err', '-nmin', '60') | ForEach-Object { '"{0}"' -f $_ }
    $script:Responder = Start-Process -FilePath (Get-Command openssl).Source -ArgumentList $arguments -PassThru -NoNewWindow `
        -RedirectStandardOutput (Join-Path $dir 'responder.out') -RedirectStandardError (Join-Path $dir 'responder.err')
    Wait-Responder $port

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
        $result = Test-OcspStatus -Certificate $script:Good -Issuer $script:Ca -ResponderUri "http://127.0.0.1:$(Get-FreePort)/" -TimeoutSec 2

        $result.Status | Should -Be 'Indeterminate'
        $result.FailureReason | Should -Be 'ResponderUnreachable'
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
