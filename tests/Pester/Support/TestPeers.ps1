# Real peers for the Pester tests, started by the test on 127.0.0.1 and stopped by it: an OpenSSL OCSP responder over
# a PKI made in the test, and an OpenSSH server whose `powershell` subsystem is this PowerShell (for remoting over
# SSH). Dot-source after PackagedModule.ps1 (it uses Get-PowerShellCommand and Get-ClosedTcpPort).

function Invoke-TestTool {
    # Runs a native tool; throws with its output when it fails.
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @())
    $output = & $FilePath @ArgumentList 2>&1
    if ($LASTEXITCODE -ne 0) { throw "$FilePath $($ArgumentList -join ' ') failed ($LASTEXITCODE): $($output -join ' ')" }
}

function Start-TestProcess {
    # Starts a long-running peer with its output in files next to it; Stop-TestProcess ends it and its children.
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @(), [Parameter(Mandatory)] [string] $LogPrefix)
    $info = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    if ($info.PSObject.Properties['ArgumentList']) {
        foreach ($argument in $ArgumentList) { $info.ArgumentList.Add($argument) }
    }
    else {
        # .NET Framework (Windows PowerShell 5.1) has one argument string only; our arguments hold no quotes.
        $info.Arguments = ($ArgumentList | ForEach-Object { '"{0}"' -f $_ }) -join ' '
    }
    $info.UseShellExecute = $false
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    # Drained into files so a chatty peer never blocks on a full pipe; read by Get-TestProcessLog.
    # (Unbuffered, so what the peer said so far can be read while it runs.)
    $logs = @(foreach ($suffix in 'out', 'err') { [System.IO.FileStream]::new("$LogPrefix.$suffix", 'Create', 'Write', 'ReadWrite', 1) })
    $process = [System.Diagnostics.Process]::Start($info)
    $process | Add-Member -NotePropertyName LogTasks -NotePropertyValue @(
        $process.StandardOutput.BaseStream.CopyToAsync($logs[0]), $process.StandardError.BaseStream.CopyToAsync($logs[1]))
    $process | Add-Member -NotePropertyName LogPrefix -NotePropertyValue $LogPrefix
    $process | Add-Member -NotePropertyName LogStreams -NotePropertyValue $logs
    $process
}

function Wait-TestPeer {
    # Wait-TestPort; a peer that never answers is stopped before the error goes up, so no test leaves it running.
    param([Parameter(Mandatory)] [int] $Port, [Parameter(Mandatory)] [System.Diagnostics.Process] $Process, [string] $Probe)
    try { Wait-TestPort -Port $Port -Process $Process -Probe $Probe }
    catch { Stop-TestProcess $Process; throw }
}

function Get-TestProcessLog {
    param([Parameter(Mandatory)] [System.Diagnostics.Process] $Process)
    foreach ($suffix in 'out', 'err') {
        $path = "$($Process.LogPrefix).$suffix"
        if (Test-Path -LiteralPath $path) {
            $stream = [System.IO.File]::Open($path, 'Open', 'Read', 'ReadWrite')
            try { [System.IO.StreamReader]::new($stream).ReadToEnd() } finally { $stream.Dispose() }
        }
    }
}

function Stop-TestProcess {
    # Ends the process and every process it started (sshd's per-connection children, their shells), and waits.
    param([System.Diagnostics.Process] $Process)
    if ($null -eq $Process) { return }
    try {
        if (-not $Process.HasExited) {
            if ($PSVersionTable.PSEdition -eq 'Core') { $Process.Kill($true) } else { $Process.Kill() }
        }
        $null = $Process.WaitForExit(10000)
    }
    catch [System.InvalidOperationException] { }   # already gone
    foreach ($task in $Process.LogTasks) { try { $null = $task.Wait(5000) } catch { } }
    foreach ($stream in $Process.LogStreams) { $stream.Dispose() }
    $Process.Dispose()
}

function Wait-TestPort {
    # Until something accepts on 127.0.0.1:Port, or the process that should listen there has exited.
    param([Parameter(Mandatory)] [int] $Port, [Parameter(Mandatory)] [System.Diagnostics.Process] $Process, [string] $Probe, [int] $Seconds = 30)
    $deadline = [datetime]::UtcNow.AddSeconds($Seconds)
    while ([datetime]::UtcNow -lt $deadline -and -not $Process.HasExited) {
        try {
            $client = [System.Net.Sockets.TcpClient]::new('127.0.0.1', $Port)
            try {
                if (-not $Probe) { return }
                # OpenSSL 3.0's responder spins on a connection that sends nothing: ask it something and read.
                $stream = $client.GetStream()
                $bytes = [System.Text.Encoding]::ASCII.GetBytes($Probe)
                $stream.Write($bytes, 0, $bytes.Length)
                if ($stream.Read([byte[]]::new(1024), 0, 1024) -gt 0) { return }
            }
            finally { $client.Dispose() }
        }
        catch { Start-Sleep -Milliseconds 100 }
    }
    throw "Nothing answered on 127.0.0.1:$Port (exited: $($Process.HasExited)): $(Get-TestProcessLog $Process)"
}

function New-TestOcspPki {
    <#
    .SYNOPSIS
        A P-256 CA with two leaves made by openssl in Directory: good (serial 4001) and revoked (4002, keyCompromise a
        day ago), and the index an `openssl ocsp` responder answers from. Returns the file paths.
    #>
    param([Parameter(Mandatory)] [string] $Directory)
    $null = New-Item -ItemType Directory -Path $Directory -Force
    $pki = [pscustomobject]@{
        Ca = Join-Path $Directory 'ca.pem'; CaKey = Join-Path $Directory 'ca.key'; Index = Join-Path $Directory 'index.txt'
        Good = Join-Path $Directory 'good.pem'; Revoked = Join-Path $Directory 'revoked.pem'
    }
    $ec = @('-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes')
    Invoke-TestTool openssl (@('req', '-x509') + $ec + @('-keyout', $pki.CaKey, '-out', $pki.Ca, '-subj', '/CN=Pester OCSP CA', '-days', '30'))
    foreach ($leaf in @(@{ Name = 'good'; Serial = '0x4001' }, @{ Name = 'revoked'; Serial = '0x4002' })) {
        $key = Join-Path $Directory "$($leaf.Name).key"
        $csr = Join-Path $Directory "$($leaf.Name).csr"
        Invoke-TestTool openssl (@('req') + $ec + @('-keyout', $key, '-out', $csr, '-subj', "/CN=$($leaf.Name).pester.test"))
        Invoke-TestTool openssl @('x509', '-req', '-in', $csr, '-CA', $pki.Ca, '-CAkey', $pki.CaKey, '-set_serial', $leaf.Serial, '-out', (Join-Path $Directory "$($leaf.Name).pem"), '-days', '10')
    }
    $now = [datetime]::UtcNow
    $expiry = $now.AddDays(10).ToString('yyMMddHHmmss') + 'Z'
    $revokedAt = $now.AddDays(-1).ToString('yyMMddHHmmss') + 'Z'
    [System.IO.File]::WriteAllText($pki.Index, "V`t$expiry`t`t4001`tunknown`t/CN=good.pester.test`nR`t$expiry`t$revokedAt,keyCompromise`t4002`tunknown`t/CN=revoked.pester.test`n")
    $pki
}

function Start-TestOcspResponder {
    # `openssl ocsp` answering for the PKI from New-TestOcspPki, its responses signed by the CA itself, or by Signer
    # (certificate and key files) when given. Returns Process and Url.
    param([Parameter(Mandatory)] $Pki, [Parameter(Mandatory)] [string] $Directory, [string] $Signer = $Pki.Ca, [string] $SignerKey = $Pki.CaKey)
    $port = Get-ClosedTcpPort
    $process = Start-TestProcess -FilePath (Get-Command openssl -CommandType Application)[0].Source -LogPrefix (Join-Path $Directory "ocsp-$port") -ArgumentList @(
        'ocsp', '-index', $Pki.Index, '-port', $port, '-rsigner', $Signer, '-rkey', $SignerKey, '-CA', $Pki.Ca, '-ignore_err', '-nmin', '60')
    Wait-TestPeer -Port $port -Process $process -Probe "GET / HTTP/1.0`r`n`r`n"
    [pscustomobject]@{ Process = $process; Url = "http://127.0.0.1:$port/" }
}

function Start-TestTlsServer {
    # `openssl s_server` on a free port of 127.0.0.1 presenting CertificateFile (key in KeyFile). Returns Process, Port.
    param([Parameter(Mandatory)] [string] $CertificateFile, [Parameter(Mandatory)] [string] $KeyFile, [Parameter(Mandatory)] [string] $Directory)
    $port = Get-ClosedTcpPort
    $process = Start-TestProcess -FilePath (Get-Command openssl -CommandType Application)[0].Source -LogPrefix (Join-Path $Directory "tls-$port") -ArgumentList @(
        's_server', '-accept', "127.0.0.1:$port", '-cert', $CertificateFile, '-key', $KeyFile, '-quiet')
    Wait-TestPeer -Port $port -Process $process
    [pscustomobject]@{ Process = $process; Port = $port }
}

function Start-TestSshServer {
    <#
    .SYNOPSIS
        An sshd on a free port of 127.0.0.1 and ::1 with its own host key, a user key for the current user, a known_hosts
        entry, and `Subsystem powershell` running this PowerShell with -sshs (no value may contain a space). Returns what Invoke-Command -HostName
        needs (Port, UserName, KeyFilePath, Options) and the Process for Stop-TestProcess.
    #>
    param(
        [Parameter(Mandatory)] [string] $Directory,
        # Environment of the remote PowerShell (for instance HOME, PSModulePath), set by env(1) in the subsystem line.
        [hashtable] $Environment = @{}
    )
    # sshd is in /usr/sbin, which a user's PATH may lack (and with /sbin a link to it, PATH may name it twice).
    $sshd = @(Get-Command sshd -CommandType Application -ErrorAction SilentlyContinue) + @(Get-Command /usr/sbin/sshd -CommandType Application -ErrorAction SilentlyContinue) |
        Select-Object -First 1 -ExpandProperty Source
    if (-not $sshd) { throw 'sshd is not installed: install openssh-server (tools/setup.sh does).' }
    $null = New-Item -ItemType Directory -Path $Directory -Force

    $hostKey = Join-Path $Directory 'host_ed25519'
    $userKey = Join-Path $Directory 'user_ed25519'
    Invoke-TestTool ssh-keygen @('-q', '-t', 'ed25519', '-N', '', '-C', 'pester-host', '-f', $hostKey)
    Invoke-TestTool ssh-keygen @('-q', '-t', 'ed25519', '-N', '', '-C', 'pester-user', '-f', $userKey)
    $authorizedKeys = Join-Path $Directory 'authorized_keys'
    Copy-Item -LiteralPath "$userKey.pub" -Destination $authorizedKeys

    $port = Get-ClosedTcpPort
    $knownHosts = Join-Path $Directory 'known_hosts'
    $hostPublic = ([System.IO.File]::ReadAllText("$hostKey.pub").Trim() -split ' ')[0..1] -join ' '
    [System.IO.File]::WriteAllText($knownHosts, "[localhost]:$port,[127.0.0.1]:$port,[::1]:$port $hostPublic`n")

    # The subsystem command line: this PowerShell (under the dotnet tool: dotnet …/pwsh.dll) as an SSH server.
    $variables = @($Environment.Keys | Sort-Object | ForEach-Object { '{0}={1}' -f $_, $Environment[$_] })
    $launcher = @(if ($variables) { @('/usr/bin/env') + $variables })
    $powershell = ($launcher + @(Get-PowerShellCommand) + @('-sshs', '-NoLogo', '-NoProfile')) -join ' '
    $config = Join-Path $Directory 'sshd_config'
    [System.IO.File]::WriteAllText($config, (@(
                "Port $port"
                'ListenAddress 127.0.0.1'
                'ListenAddress ::1'
                "HostKey $hostKey"
                "PidFile $(Join-Path $Directory 'sshd.pid')"
                "AuthorizedKeysFile $authorizedKeys"
                'AuthenticationMethods publickey'
                'PubkeyAuthentication yes'
                'PasswordAuthentication no'
                'KbdInteractiveAuthentication no'
                'PermitRootLogin prohibit-password'
                "AllowUsers $([Environment]::UserName)"
                'UsePAM no'
                'StrictModes no'
                'LogLevel VERBOSE'
                "Subsystem powershell $powershell"
            ) -join "`n") + "`n")

    # sshd started as root wants its privilege separation directory (the Debian init script makes it at boot).
    if ((& id -u) -eq '0' -and -not (Test-Path -LiteralPath '/run/sshd')) {
        $null = New-Item -ItemType Directory -Path '/run/sshd'
    }
    Invoke-TestTool $sshd @('-t', '-f', $config)
    $process = Start-TestProcess -FilePath $sshd -ArgumentList @('-D', '-e', '-f', $config) -LogPrefix (Join-Path $Directory 'sshd')
    Wait-TestPeer -Port $port -Process $process

    [pscustomobject]@{
        Process     = $process
        Port        = $port
        UserName    = [Environment]::UserName
        KeyFilePath = $userKey
        Options     = @{ UserKnownHostsFile = $knownHosts; StrictHostKeyChecking = 'yes'; GlobalKnownHostsFile = '/dev/null'; BatchMode = 'yes' }
    }
}

# Peers and helpers of the per-cmdlet tests (test home, PKI, OCSP responder, TLS server, SMTP sink, error and progress summaries).
# Real peers for the in-process Pester tests, all on 127.0.0.1 and all started by the test that needs them:
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

# An HTTP answer, not a bare connect: OpenSSL 3.0's responder spins forever on a connection that sends nothing.
function Wait-Http([int] $Port) {
    $deadline = [datetime]::UtcNow.AddSeconds(20)
    while ([datetime]::UtcNow -lt $deadline) {
        try {
            $client = [System.Net.Sockets.TcpClient]::new('127.0.0.1', $Port)
            try {
                $stream = $client.GetStream()
                $probe = [System.Text.Encoding]::ASCII.GetBytes("GET / HTTP/1.0`r`n`r`n")
                $stream.Write($probe, 0, $probe.Length)
                if ($stream.Read([byte[]]::new(1024), 0, 1024) -gt 0) { return }
            } finally { $client.Dispose() }
        } catch { Start-Sleep -Milliseconds 100 }
    }
    throw "Nothing answered HTTP on 127.0.0.1:$Port."
}

function Wait-Listening([int] $Port) {
    $deadline = [datetime]::UtcNow.AddSeconds(20)
    while ([datetime]::UtcNow -lt $deadline) {
        try { [System.Net.Sockets.TcpClient]::new('127.0.0.1', $Port).Dispose(); return } catch { Start-Sleep -Milliseconds 100 }
    }
    throw "Nothing listens on 127.0.0.1:$Port."
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
