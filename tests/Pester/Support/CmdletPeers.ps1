# Real peers for the in-process cmdlet tests, all on 127.0.0.1 and all started by the test that needs them:
# an openssl CA with an OCSP responder (openssl ocsp), a TLS server (openssl s_server) and an SMTP sink (aiosmtpd).
# Dot-source in BeforeAll after importing the module; stop what you start in AfterAll (Stop-TestPeer).

$script:PesterRoot = Split-Path -Parent $PSScriptRoot
$script:ModuleManifestPath = [IO.Path]::Combine($script:PesterRoot, '..', '..', 'out', 'PkiRevocation', 'PkiRevocation.psd1')
$script:HasOpenSsl = [bool](Get-Command openssl -ErrorAction SilentlyContinue)

function Invoke-OpenSsl {
    param([Parameter(Mandatory)] [string[]] $Arguments)
    $output = & openssl @Arguments 2>&1
    if ($LASTEXITCODE -ne 0) { throw "openssl $($Arguments -join ' ') failed: $output" }
}

function Get-FreeTcpPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function New-TestHome {
    # A private PKIREVOCATION_HOME for one test: policies, sessions, monitor settings and caches start empty.
    $env:PKIREVOCATION_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $env:PKIREVOCATION_HOME -Force | Out-Null
    $env:PKIREVOCATION_HOME
}

function New-TestPki {
    <#
    .SYNOPSIS
        A CA (P-256), leaves good (serial 4001) and revoked (4002, keyCompromise) whose AIA names the OCSP responder
        on $OcspPort, a TLS server certificate for 127.0.0.1, and the openssl index; valid from now for 10 days.
    #>
    param([Parameter(Mandatory)] [string] $Directory, [int] $OcspPort = (Get-FreeTcpPort))
    New-Item -ItemType Directory -Path $Directory -Force | Out-Null
    $ca = Join-Path $Directory 'ca.pem'
    $caKey = Join-Path $Directory 'ca.key'
    Invoke-OpenSsl @('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', $caKey, '-out', $ca,
        '-subj', '/O=PkiRevocation Pester/CN=Pester Peer CA', '-days', '30')
    $extensions = Join-Path $Directory 'leaf.ext'
    [IO.File]::WriteAllText($extensions, "authorityInfoAccess = OCSP;URI:http://127.0.0.1:$OcspPort/`nsubjectAltName = DNS:localhost, IP:127.0.0.1`n")
    $leaves = [ordered]@{ good = '4001'; revoked = '4002'; server = '4003' }
    foreach ($name in $leaves.Keys) {
        $key = Join-Path $Directory "$name.key"
        $csr = Join-Path $Directory "$name.csr"
        Invoke-OpenSsl @('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', $key, '-out', $csr,
            '-subj', "/O=PkiRevocation Pester/CN=$name.pester.test")
        Invoke-OpenSsl @('x509', '-req', '-in', $csr, '-CA', $ca, '-CAkey', $caKey, '-set_serial', "0x$($leaves[$name])", '-out', (Join-Path $Directory "$name.pem"),
            '-days', '10', '-extfile', $extensions)
    }

    $now = [datetime]::UtcNow
    $expiry = $now.AddDays(10).ToString('yyMMddHHmmss') + 'Z'
    $revokedAt = $now.AddDays(-1).ToString('yyMMddHHmmss') + 'Z'
    $index = Join-Path $Directory 'index.txt'
    [IO.File]::WriteAllText($index, "V`t$expiry`t`t4001`tunknown`t/O=PkiRevocation Pester/CN=good.pester.test`n" +
        "R`t$expiry`t$revokedAt,keyCompromise`t4002`tunknown`t/O=PkiRevocation Pester/CN=revoked.pester.test`n" +
        "V`t$expiry`t`t4003`tunknown`t/O=PkiRevocation Pester/CN=server.pester.test`n")

    $load = { param($Name) [System.Security.Cryptography.X509Certificates.X509Certificate2]::new((Join-Path $Directory "$Name.pem")) }
    [pscustomobject]@{
        Directory = $Directory
        CaPath    = $ca
        CaKey     = $caKey
        Index     = $index
        OcspPort  = $OcspPort
        OcspUrl   = "http://127.0.0.1:$OcspPort/"
        Ca        = & $load 'ca'
        Good      = & $load 'good'
        Revoked   = & $load 'revoked'
        Server    = & $load 'server'
    }
}

function Start-Peer {
    param([Parameter(Mandatory)] [string] $FilePath, [Parameter(Mandatory)] [string[]] $ArgumentList, [Parameter(Mandatory)] [string] $LogPrefix)
    $quoted = $ArgumentList | ForEach-Object { '"{0}"' -f $_ }
    Start-Process -FilePath $FilePath -ArgumentList $quoted -PassThru -NoNewWindow `
        -RedirectStandardOutput "$LogPrefix.out" -RedirectStandardError "$LogPrefix.err"
}

function Start-OcspResponder {
    # openssl ocsp signing with the CA itself; answers valid for an hour. OpenSSL 3.0's responder spins on a
    # connection that sends nothing, so readiness is probed with a request, not a bare connect.
    param([Parameter(Mandatory)] $Pki)
    $process = Start-Peer -FilePath (Get-Command openssl).Source -LogPrefix (Join-Path $Pki.Directory 'ocsp') -ArgumentList @(
        'ocsp', '-index', $Pki.Index, '-port', $Pki.OcspPort, '-rsigner', $Pki.CaPath, '-rkey', $Pki.CaKey, '-CA', $Pki.CaPath, '-ignore_err', '-nmin', '60')
    $deadline = [datetime]::UtcNow.AddSeconds(20)
    while ([datetime]::UtcNow -lt $deadline) {
        try {
            $client = [System.Net.Sockets.TcpClient]::new('127.0.0.1', $Pki.OcspPort)
            try {
                $stream = $client.GetStream()
                $probe = [Text.Encoding]::ASCII.GetBytes("GET / HTTP/1.0`r`n`r`n")
                $stream.Write($probe, 0, $probe.Length)
                if ($stream.Read([byte[]]::new(256), 0, 256) -gt 0) { return $process }
            } finally { $client.Dispose() }
        } catch { Start-Sleep -Milliseconds 100 }
    }
    Stop-TestPeer $process
    throw "openssl ocsp did not answer on 127.0.0.1:$($Pki.OcspPort)"
}

function Wait-TcpListener {
    param([int] $Port, $Process, [string] $What)
    $deadline = [datetime]::UtcNow.AddSeconds(20)
    while ([datetime]::UtcNow -lt $deadline) {
        try { ([System.Net.Sockets.TcpClient]::new('127.0.0.1', $Port)).Dispose(); return } catch { Start-Sleep -Milliseconds 100 }
    }
    Stop-TestPeer $Process
    throw "$What did not listen on 127.0.0.1:$Port"
}

function Start-TlsServer {
    # openssl s_server presenting the server leaf and the CA; returns the process and its port.
    param([Parameter(Mandatory)] $Pki)
    $port = Get-FreeTcpPort
    $chain = Join-Path $Pki.Directory 'server-chain.pem'
    [IO.File]::WriteAllText($chain, [IO.File]::ReadAllText((Join-Path $Pki.Directory 'server.pem')) + [IO.File]::ReadAllText($Pki.CaPath))
    $process = Start-Peer -FilePath (Get-Command openssl).Source -LogPrefix (Join-Path $Pki.Directory "tls-$port") -ArgumentList @(
        's_server', '-accept', "127.0.0.1:$port", '-cert', $chain, '-key', (Join-Path $Pki.Directory 'server.key'), '-quiet', '-naccept', '1000')
    Wait-TcpListener -Port $port -Process $process -What 'openssl s_server'
    [pscustomobject]@{ Process = $process; Port = $port }
}

function Start-SmtpSink {
    # aiosmtpd with its debugging handler: every message received is printed, headers included, to the .out file.
    param([Parameter(Mandatory)] [string] $Directory)
    $port = Get-FreeTcpPort
    $prefix = Join-Path $Directory "smtp-$port"
    $process = Start-Peer -FilePath '/usr/bin/python3' -LogPrefix $prefix -ArgumentList @('-u', '-m', 'aiosmtpd', '-n', '-l', "127.0.0.1:$port")
    Wait-TcpListener -Port $port -Process $process -What 'aiosmtpd'
    [pscustomobject]@{ Process = $process; Port = $port; Log = "$prefix.out" }
}

function Stop-TestPeer {
    param($Process)
    foreach ($p in @($Process)) {
        if ($p -and -not $p.HasExited) { $p.Kill(); $p.WaitForExit(5000) | Out-Null }
    }
}

function Get-ErrorSummary {
    # What a test asserts of each error record: ErrorId, category, target, message.
    param([System.Management.Automation.ErrorRecord[]] $Errors)
    foreach ($e in $Errors) {
        [pscustomobject]@{ ErrorId = $e.FullyQualifiedErrorId; Category = [string]$e.CategoryInfo.Category; Target = $e.TargetObject; Message = $e.Exception.Message }
    }
}

function Get-ProgressRecords {
    # Runs $ScriptBlock (with $ArgumentList) in a fresh runspace that imports the module, and returns the progress records
    # it wrote (the progress stream cannot be redirected with 4>&1). The runspace starts with the default
    # $ProgressPreference (Continue); environment variables such as PKIREVOCATION_HOME are the process's.
    param([Parameter(Mandatory)] [scriptblock] $ScriptBlock, [object[]] $ArgumentList = @())
    $ps = [powershell]::Create()
    try {
        $null = $ps.AddScript('param($Manifest, $Body, $Arguments) Import-Module $Manifest; & ([scriptblock]::Create($Body)) @Arguments').
            AddArgument($script:ModuleManifestPath).AddArgument($ScriptBlock.ToString()).AddArgument($ArgumentList)
        $null = $ps.Invoke()
        , @($ps.Streams.Progress)
    } finally { $ps.Dispose() }
}
