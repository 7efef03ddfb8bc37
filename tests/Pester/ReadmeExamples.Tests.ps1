#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# The PowerShell examples of README.md, run as written against the PACKAGED module, so the documentation cannot
# drift: each example is read from README.md (a ```powershell block, one statement with its continuation lines),
# only its host names, ports, paths and interactive prompts adapted to peers and files this test makes. Every
# example is either run here or listed in $script:NotRunHere with the reason; a new example must be one or the other.

BeforeAll {
    # The examples run where the test can give them a home and certificate store of their own (Linux, macOS); on
    # Windows CurrentUser\My is the user's real store, which a test must not fill.
    $script:NotHereReason = if ($PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows) {
        'README examples run on Linux and macOS, where the test gives them their own home and certificate store'
    }
    . (Join-Path $PSScriptRoot 'Support/PackagedModule.ps1')
    . (Join-Path $PSScriptRoot 'Support/TestPeers.ps1')

    function Get-ReadmeExample {
        # Each statement of the README's powershell blocks: comment lines before it dropped, continuation lines
        # (a trailing backtick, pipe or comma, or an open brace) kept with it.
        $examples = [System.Collections.Generic.List[string]]::new()
        $inBlock = $false
        $current = [System.Collections.Generic.List[string]]::new()
        foreach ($line in [System.IO.File]::ReadAllLines((Join-Path $script:RepoRoot 'README.md'))) {
            if ($line -match '^```powershell\s*$') { $inBlock = $true; continue }
            if (-not $inBlock) { continue }
            if ($line -match '^```\s*$') { $inBlock = $false; continue }
            if ($current.Count -eq 0 -and ($line -match '^\s*#' -or -not $line.Trim())) { continue }
            $current.Add($line)
            $text = $current -join "`n"
            $open = ([regex]::Matches($text, '\{')).Count - ([regex]::Matches($text, '\}')).Count
            if ($open -le 0 -and $line -notmatch '[`|,]\s*$') {
                $examples.Add($text)
                $current.Clear()
            }
        }
        $examples
    }
    $script:Examples = @(Get-ReadmeExample)

    function Get-Example {
        # The README example that starts with Start (it must exist exactly once), with Replace applied in order.
        param([Parameter(Mandatory)] [string] $Start, [System.Collections.Specialized.OrderedDictionary] $Replace)
        $found = @($script:Examples | Where-Object { $_.StartsWith($Start, [StringComparison]::Ordinal) })
        if ($found.Count -ne 1) { throw "README.md has $($found.Count) PowerShell examples starting with: $Start" }
        $code = $found[0]
        if ($Replace) {
            foreach ($key in $Replace.Keys) {
                if (-not $code.Contains($key)) { throw "The README example no longer contains '$key': $($found[0])" }
                $code = $code.Replace($key, [string]$Replace[$key])
            }
        }
        [pscustomobject]@{ Start = $Start; Code = $code }
    }

    function Invoke-ReadmeExample {
        # Runs the examples in order in one child PowerShell (dot-sourced: variables carry over, as in a session),
        # after Prelude, in Directory. Returns one record per example: Output, Errors, Text (as the host shows it).
        param([Parameter(Mandatory)] [object[]] $Example, [string] $Prelude = '', [Parameter(Mandatory)] [string] $Directory, [switch] $NoImport)
        $run = Invoke-PackagedModule -NoImport:$NoImport -ArgumentList @($Example), $Prelude, $Directory -ScriptBlock {
            param($Examples, $Prelude, $Directory)
            Set-Location -LiteralPath $Directory
            . ([scriptblock]::Create($Prelude))
            foreach ($example in $Examples) {
                $items = @(. ([scriptblock]::Create($example.Code)) 2>&1)
                [pscustomobject]@{
                    Start  = $example.Start
                    Output = @($items | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] -and $_.GetType().FullName -notlike 'Microsoft.PowerShell.Commands.Internal.Format.*' })
                    Errors = @($items | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { '{0}: {1}' -f $_.FullyQualifiedErrorId, $_.Exception.Message })
                    Text   = ($items | Out-String -Width 200)
                }
            }
        }
        $run.Errors | Should -BeNullOrEmpty -Because 'the example runner itself must not fail'
        $byStart = @{}
        foreach ($record in $run.Output) { $byStart[$record.Start] = $record }
        $byStart
    }

    # Run elsewhere or not at all here, with the reason (the key is how the example starts).
    $script:NotRunHere = [ordered]@{
        'dotnet build'                                                     = 'bash build.sh test builds before Pester runs; the module tested is that build'
        'Get-ChildItem Cert:\LocalMachine\My | Get-CertificateExpiry'      = 'the Cert: drive exists on Windows only'
        'Get-CertificateExpiry -ComputerName dc01 -Port 389 -StartTls Ldap' = 'LDAP StartTLS needs slapd with TLS: not run here yet (xunit covers StartTLS against slapd)'
        'Invoke-Command -ComputerName'                                     = 'WinRM remoting exists on Windows only; the SSH form below runs here'
        'Get-ChildItem Cert:\LocalMachine\My | Test-OcspStatus'            = 'the Cert: drive exists on Windows only'
        'Get-ChildItem Cert:\LocalMachine\My | Test-CertificateRevocation' = 'the Cert: drive exists on Windows only'
        'Send-CertificateMonitorTestMail -Scope AllUsers'                  = 'needs an SMTP server with STARTTLS and AUTH on port 587: not run here yet (Send-CertificateMonitorTestMail.Tests.ps1 runs it against aiosmtpd)'
        'Register-CertificateMonitorTask -Scope AllUsers'                  = 'registers a task for the host; Register-CertificateMonitorTask.Tests.ps1 covers it with -WhatIf'
        'Remove-ExpiredCertificate -StoreName My -StoreLocation LocalMachine' = 'the LocalMachine My store is read-only on Linux; Remove-ExpiredCertificate.Tests.ps1 covers it'
        'Register-ScheduledJob'                                            = 'scheduled jobs exist on Windows only'
        '$action = New-ScheduledTaskAction'                                = 'scheduled tasks exist on Windows only'
        'Register-ScheduledTask'                                           = 'scheduled tasks exist on Windows only'
    }
    # Run by the tests below.
    $script:RunHere = @(
        'Import-Module ./out/PkiRevocation/PkiRevocation.psd1', 'Get-Command -Module PkiRevocation',
        'Get-CertificateExpiry -Path C:\certs -Recurse', 'Get-CertificateExpiry -ComputerName web01, web02 -Port 443',
        "Get-CertificateExpiry -StoreName My -At '2027-01-01'", 'Get-CertificateExpiry -StoreName My | Export-Csv',
        'Invoke-Command -HostName (Get-Content servers.txt)',
        'Test-OcspStatus -Certificate $cert -Issuer $ca -ResponderUri', 'Test-OcspStatus -Certificate $cert -Issuer $ca -TrustedResponder',
        'Test-OcspStatus -Certificate $cert -Issuer $ca -Response',
        'Set-RevocationPolicy Partners', 'Get-RevocationCache | Sort-Object NextUpdate', 'Clear-RevocationCache -Expired',
        'Set-CertificateMonitor -Scope AllUsers', 'Invoke-CertificateMonitor -Scope AllUsers -WhatIf', 'Get-CertificateMonitor -Scope AllUsers',
        'Set-LongLivedSessionCheck', 'Register-LongLivedSession -Name dc1', 'Register-LongLivedSession -Name vpn-paris',
        'Invoke-LongLivedSessionCheck | Where-Object', 'Import-Csv .\cti-links.csv',
        'Invoke-CertificateMonitor -Scope AllUsers -MetricsFile', 'Get-CertificateExpiry -StoreName My -StoreLocation LocalMachine | ConvertTo-CertificateMetrics'
    )

    $script:Fixtures = $script:FixtureDirectory
    if (-not $script:NotHereReason) { $script:Pki = New-TestOcspPki -Directory (Join-Path $TestDrive 'pki') }
}

Describe 'README.md PowerShell examples, classified' {
    It 'are each run here or listed with the reason they are not' {
        $script:Examples.Count | Should -BeGreaterThan 20
        $unclassified = @($script:Examples | Where-Object {
                $example = $_
                -not (@($script:RunHere) + @($script:NotRunHere.Keys) | Where-Object { $example.StartsWith($_, [StringComparison]::Ordinal) })
            })
        $unclassified | Should -BeNullOrEmpty -Because 'a README example is run by ReadmeExamples.Tests.ps1 or listed in $NotRunHere with its reason'
        foreach ($start in @($script:RunHere) + @($script:NotRunHere.Keys)) {
            @($script:Examples | Where-Object { $_.StartsWith($start, [StringComparison]::Ordinal) }).Count | Should -Be 1 -Because "README.md should have one example starting with: $start"
        }
    }

}

Describe 'README.md PowerShell examples, run' {
    BeforeEach {
        if ($script:NotHereReason) { Set-ItResult -Skipped -Because $script:NotHereReason }
    }

    Context 'Install and import the module' {
        It 'imports out/PkiRevocation from the checkout and lists the exported cmdlets' {
            $examples = @(
                Get-Example 'Import-Module ./out/PkiRevocation/PkiRevocation.psd1'
                Get-Example 'Get-Command -Module PkiRevocation'
            )
            $runs = Invoke-ReadmeExample -NoImport -Example $examples -Directory $script:RepoRoot
            $runs[$examples[0].Start].Errors | Should -BeNullOrEmpty
            $listed = @((Import-PowerShellDataFile -Path $script:ModuleManifest).CmdletsToExport | Sort-Object)
            $commands = $runs[$examples[1].Start]
            $commands.Errors | Should -BeNullOrEmpty
            @($commands.Output | ForEach-Object { [string]$_.Name } | Sort-Object) | Should -Be $listed
        }
    }

    Context 'Quick start' {
        BeforeAll {
            if ($script:NotHereReason) { return }
            $script:Work = Join-Path $TestDrive 'quick'
            $certs = Join-Path $script:Work 'certs'
            $null = New-Item -ItemType Directory -Path (Join-Path $certs 'sub') -Force
            Copy-Item (Get-FixturePath 'bundle.pem') $certs
            Copy-Item (Get-FixturePath 'bundle.pfx') (Join-Path $certs 'sub')
            $script:Tls = Start-TestTlsServer -CertificateFile $script:Pki.Good -KeyFile ($script:Pki.Good -replace '\.pem$', '.key') -Directory $script:Work

            # A home of its own: the CurrentUser My store the examples read, with the four fixtures in it.
            $script:StoreHome = Join-Path $script:Work 'home'
            $null = New-Item -ItemType Directory -Path $script:StoreHome
            $script:StorePrelude = @"
`$env:HOME = '$script:StoreHome'
`$store = [System.Security.Cryptography.X509Certificates.X509Store]::new('My', 'CurrentUser')
`$store.Open('ReadWrite')
foreach (`$name in 'valid', 'expiring', 'expired', 'notyetvalid') {
    `$store.Add([System.Security.Cryptography.X509Certificates.X509Certificate2]::new((Join-Path '$script:Fixtures' "`$name.pem")))
}
`$store.Dispose()
"@
            $password = [System.IO.File]::ReadAllText((Get-FixturePath 'pfx-password.txt')).Trim()
            $examples = @(
                Get-Example 'Get-CertificateExpiry -Path C:\certs -Recurse' -Replace ([ordered]@{ 'C:\certs' = $certs })
                Get-Example 'Get-CertificateExpiry -ComputerName web01, web02 -Port 443' -Replace ([ordered]@{ 'web01, web02' = '127.0.0.1, localhost'; '443' = $script:Tls.Port })
                Get-Example "Get-CertificateExpiry -StoreName My -At '2027-01-01'"
                Get-Example 'Get-CertificateExpiry -StoreName My | Export-Csv'
                # On Linux the LocalMachine My store cannot be opened: the test's own CurrentUser My stands in for it.
                Get-Example 'Get-CertificateExpiry -StoreName My -StoreLocation LocalMachine | ConvertTo-CertificateMetrics' -Replace ([ordered]@{ '-StoreLocation LocalMachine' = '-StoreLocation CurrentUser' })
            )
            # Read-Host answers with the fixture's PFX password, as a user would type it.
            $prelude = "function Read-Host { param([switch] `$AsSecureString) ConvertTo-SecureString -String '$password' -AsPlainText -Force }`n" + $script:StorePrelude
            $script:Runs = Invoke-ReadmeExample -Example $examples -Prelude $prelude -Directory $script:Work
            $script:Starts = @($examples.Start)
        }
        AfterAll {
            if ($script:Tls) { Stop-TestProcess $script:Tls.Process }
        }

        It 'reads a folder recursively: the PEM bundle and the password-protected PFX below it' {
            $run = $script:Runs[$script:Starts[0]]
            $run.Errors | Should -BeNullOrEmpty
            @($run.Output | Where-Object Source -Like '*bundle.pem') | Should -HaveCount 4
            @($run.Output | Where-Object Source -Like '*sub*bundle.pfx') | Should -Not -BeNullOrEmpty
        }

        It 'reads what live servers present (two names of one TLS server here)' {
            $run = $script:Runs[$script:Starts[1]]
            $run.Errors | Should -BeNullOrEmpty
            $run.Output | Should -HaveCount 2
            $run.Output | ForEach-Object { $_.Subject | Should -Be 'CN=good.pester.test' }
            @($run.Output.Source | Sort-Object) | Should -Be @("127.0.0.1:$($script:Tls.Port)", "localhost:$($script:Tls.Port)")
        }

        It 'groups the store by Status at 2027-01-01' {
            $run = $script:Runs[$script:Starts[2]]
            $run.Errors | Should -BeNullOrEmpty
            ($run.Output | Measure-Object -Property Count -Sum).Sum | Should -Be 4
            $expired = $run.Output | Where-Object Name -EQ 'Expired'
            @($expired.Group.Subject) | Should -Contain 'CN=expiring.pkirevocation.test'
            @($expired.Group.Subject) | Should -Contain 'CN=expired.pkirevocation.test'
            @(($run.Output | Where-Object Name -EQ 'Valid').Group.Subject) | Should -Contain 'CN=notyetvalid.pkirevocation.test'
        }

        It 'exports the store to expiry.csv, one row per certificate' {
            $run = $script:Runs[$script:Starts[3]]
            $run.Errors | Should -BeNullOrEmpty
            $rows = @(Import-Csv -LiteralPath (Join-Path $script:Work 'expiry.csv'))
            $rows | Should -HaveCount 4
            @($rows.Subject | Sort-Object) | Should -Be @('CN=expired.pkirevocation.test', 'CN=expiring.pkirevocation.test', 'CN=notyetvalid.pkirevocation.test', 'CN=valid.pkirevocation.test')
            $rows[0].PSObject.Properties.Name | Should -Contain 'DaysRemaining'
        }

        It 'writes the store as Prometheus metrics: one text, a notAfter gauge per certificate' {
            $run = $script:Runs[$script:Starts[4]]
            $run.Errors | Should -BeNullOrEmpty
            $run.Output | Should -HaveCount 1
            $text = [string]$run.Output[0]
            $notAfter = @($text.Split([char]10) | Where-Object { $_.StartsWith('pkirev_certificate_not_after_timestamp_seconds{', [StringComparison]::Ordinal) })
            $notAfter | Should -HaveCount 4
            $text | Should -Match 'subject="CN=expired\.pkirevocation\.test"'
            $text.EndsWith([string][char]10 + '# EOF' + [char]10) | Should -BeTrue
        }
    }

    Context 'Quick start: Invoke-Command -HostName over SSH' {
        BeforeAll {
            if ($script:NotHereReason) { return }
            $work = Join-Path $TestDrive 'readme-ssh'
            $remoteHome = Join-Path $work 'home'
            $null = New-Item -ItemType Directory -Path $remoteHome -Force
            # The remote side finds the module by autoloading (PSModulePath) and reads its own CurrentUser My store.
            $script:Sshd = Start-TestSshServer -Directory $work -Environment @{ HOME = $remoteHome; PSModulePath = (Join-Path $script:RepoRoot 'out') }
            $longPem = Join-Path $work 'long.pem'
            Invoke-TestTool openssl @('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', (Join-Path $work 'long.key'), '-out', $longPem, '-subj', '/CN=long.pester.test', '-days', '400')
            $serverList = "$($script:Sshd.UserName)@localhost:$($script:Sshd.Port)`n$($script:Sshd.UserName)@127.0.0.1:$($script:Sshd.Port)`n"
            [System.IO.File]::WriteAllText((Join-Path $work 'servers.txt'), $serverList)
            $prelude = @"
`$env:HOME = '$remoteHome'
`$store = [System.Security.Cryptography.X509Certificates.X509Store]::new('My', 'CurrentUser')
`$store.Open('ReadWrite')
foreach (`$path in '$($script:Pki.Good)', '$longPem') { `$store.Add([System.Security.Cryptography.X509Certificates.X509Certificate2]::new(`$path)) }
`$store.Dispose()
`$PSDefaultParameterValues['Invoke-Command:KeyFilePath'] = '$($script:Sshd.KeyFilePath)'
`$PSDefaultParameterValues['Invoke-Command:Options'] = @{ UserKnownHostsFile = '$($script:Sshd.Options.UserKnownHostsFile)'; StrictHostKeyChecking = 'yes'; GlobalKnownHostsFile = '/dev/null'; BatchMode = 'yes' }
"@
            $script:SshExample = Get-Example 'Invoke-Command -HostName (Get-Content servers.txt)'
            $script:SshRun = (Invoke-ReadmeExample -NoImport -Example $script:SshExample -Prelude $prelude -Directory $work)[$script:SshExample.Start]
        }
        AfterAll {
            if ($script:Sshd) { Stop-TestProcess $script:Sshd.Process }
        }

        It 'asks every server in servers.txt and shows the certificates expiring within 45 days, by server' {
            $script:SshRun.Errors | Should -BeNullOrEmpty
            $lines = @($script:SshRun.Text -split "`n" | Where-Object { $_ -match 'good\.pester\.test' })
            $lines | Should -HaveCount 2
            ($lines -join "`n") | Should -Match 'localhost\s+Expiring\s+9'
            ($lines -join "`n") | Should -Match '127\.0\.0\.1\s+Expiring\s+9'
            $script:SshRun.Text | Should -Not -Match 'long\.pester\.test'
        }
    }

    Context 'OCSP' {
        BeforeAll {
            if ($script:NotHereReason) { return }
            $work = Join-Path $TestDrive 'ocsp'
            $null = New-Item -ItemType Directory -Path $work -Force
            $script:Responder = Start-TestOcspResponder -Pki $script:Pki -Directory $work
            # A responder key the administrator trusts (Trusted Responder Model): self-signed, not the CA's.
            $signerKey = Join-Path $work 'ocsp-signer.key'
            $signer = Join-Path $work 'ocsp-signer.cer'
            Invoke-TestTool openssl @('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', $signerKey, '-out', $signer, '-subj', '/CN=Pester Trusted Responder', '-days', '30')
            $script:TrustedResponder = Start-TestOcspResponder -Pki $script:Pki -Directory $work -Signer $signer -SignerKey $signerKey
            # A saved response, fetched now by openssl, replayed at -At.
            $saved = Join-Path $work 'saved.ocsp'
            Invoke-TestTool openssl @('ocsp', '-issuer', $script:Pki.Ca, '-cert', $script:Pki.Good, '-url', $script:Responder.Url, '-respout', $saved, '-noverify')
            $script:SavedAt = [datetime]::UtcNow.AddMinutes(5).ToString('yyyy-MM-ddTHH:mm:ssZ')

            $prelude = "`$cert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new('$($script:Pki.Good)')`n`$ca = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new('$($script:Pki.Ca)')"
            $examples = @(
                Get-Example 'Test-OcspStatus -Certificate $cert -Issuer $ca -ResponderUri' -Replace ([ordered]@{ 'http://ocsp.corp.example' = $script:Responder.Url })
                Get-Example 'Test-OcspStatus -Certificate $cert -Issuer $ca -TrustedResponder' -Replace ([ordered]@{ '-TrustedResponder' = "-ResponderUri $($script:TrustedResponder.Url) -TrustedResponder" })
                Get-Example 'Test-OcspStatus -Certificate $cert -Issuer $ca -Response' -Replace ([ordered]@{ "'2026-11-01T12:00:00Z'" = "'$script:SavedAt'" })
            )
            $script:Runs = Invoke-ReadmeExample -Example $examples -Prelude $prelude -Directory $work
            $script:Starts = @($examples.Start)
        }
        AfterAll {
            if ($script:Responder) { Stop-TestProcess $script:Responder.Process }
            if ($script:TrustedResponder) { Stop-TestProcess $script:TrustedResponder.Process }
        }

        It 'asks a configured responder without a nonce, with SHA-256 CertIDs: Good' {
            $run = $script:Runs[$script:Starts[0]]
            $run.Errors | Should -BeNullOrEmpty
            [string]$run.Output[0].Status | Should -Be 'Good'
            [string]$run.Output[0].NonceStatus | Should -Be 'NotSent'
            [string]$run.Output[0].HashAlgorithm | Should -Be 'Sha256'
        }

        It 'accepts a response signed by a responder the administrator trusts' {
            $run = $script:Runs[$script:Starts[1]]
            $run.Errors | Should -BeNullOrEmpty
            [string]$run.Output[0].Status | Should -Be 'Good'
            [string]$run.Output[0].TrustPath | Should -Match 'Trusted'
        }

        It 'replays a saved response at -At without network' {
            $run = $script:Runs[$script:Starts[2]]
            $run.Errors | Should -BeNullOrEmpty
            [string]$run.Output[0].Status | Should -Be 'Good'
            $run.Output[0].ReferenceTime.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ') | Should -Be $script:SavedAt
        }
    }

    Context 'Revocation policies and the cache; the monitor; long-lived sessions (state in PKIREVOCATION_HOME)' {
        BeforeAll {
            if ($script:NotHereReason) { return }
            $work = Join-Path $TestDrive 'state'
            $null = New-Item -ItemType Directory -Path $work -Force
            Copy-Item $script:Pki.Good (Join-Path $work 'paris-peer.cer')
            $script:Tls = Start-TestTlsServer -CertificateFile $script:Pki.Good -KeyFile ($script:Pki.Good -replace '\.pem$', '.key') -Directory $work
            $established = [datetime]::UtcNow.AddDays(-1).ToString('yyyy-MM-ddTHH:mm:ssZ')
            [System.IO.File]::WriteAllText((Join-Path $work 'cti-links.csv'), "Name,Kind,Endpoint,EstablishedAt`ncti-1,Cti,127.0.0.1:$($script:Tls.Port),$established`n")
            $prelude = @"
`$env:PKIREVOCATION_HOME = '$(Join-Path $work 'home')'
function Get-Credential { param([string] `$UserName) [pscredential]::new(`$UserName, (ConvertTo-SecureString -String 'not-a-real-password' -AsPlainText -Force)) }
"@
            $examples = @(
                Get-Example 'Set-RevocationPolicy Partners'
                Get-Example 'Get-RevocationCache | Sort-Object NextUpdate'
                Get-Example 'Clear-RevocationCache -Expired'
                Get-Example 'Set-CertificateMonitor -Scope AllUsers' -Replace ([ordered]@{ "'store://LocalMachine/My', 'tls://ldap.example.com:389?starttls=ldap', 'D:\Certificates'" = "'tls://127.0.0.1:$($script:Tls.Port)'" })
                Get-Example 'Invoke-CertificateMonitor -Scope AllUsers -WhatIf'
                Get-Example 'Get-CertificateMonitor -Scope AllUsers'
                Get-Example 'Set-LongLivedSessionCheck'
                Get-Example 'Register-LongLivedSession -Name dc1' -Replace ([ordered]@{ 'ldap://dc1.corp.example:389' = "ldap://127.0.0.1:$(Get-ClosedTcpPort)" })
                Get-Example 'Register-LongLivedSession -Name vpn-paris'
                Get-Example 'Invoke-LongLivedSessionCheck | Where-Object'
                Get-Example 'Import-Csv .\cti-links.csv'
                Get-Example 'Invoke-CertificateMonitor -Scope AllUsers -MetricsFile' -Replace ([ordered]@{ 'C:\Program Files\windows_exporter\textfile_inputs\pkirev.prom' = (Join-Path $work 'pkirev.prom') })
            )
            $script:MetricsFile = Join-Path $work 'pkirev.prom'
            $script:Runs = Invoke-ReadmeExample -Example $examples -Prelude $prelude -Directory $work
            $script:Starts = @($examples.Start)
        }
        AfterAll {
            if ($script:Tls) { Stop-TestProcess $script:Tls.Process }
        }

        It 'Set-RevocationPolicy: a policy for partner certificates, no error' {
            $script:Runs[$script:Starts[0]].Errors | Should -BeNullOrEmpty
        }

        It 'Get-RevocationCache and Clear-RevocationCache -Expired: no error on an empty cache' {
            $script:Runs[$script:Starts[1]].Errors | Should -BeNullOrEmpty
            $script:Runs[$script:Starts[2]].Errors | Should -BeNullOrEmpty
        }

        It 'Set-CertificateMonitor, then Invoke-CertificateMonitor -WhatIf and Get-CertificateMonitor: settings kept, no secret shown' {
            $script:Runs[$script:Starts[3]].Errors | Should -BeNullOrEmpty
            $script:Runs[$script:Starts[4]].Errors | Should -BeNullOrEmpty
            $show = $script:Runs[$script:Starts[5]]
            $show.Errors | Should -BeNullOrEmpty
            $show.Text | Should -Match 'smtp\.example\.com'
            $show.Text | Should -Not -Match 'not-a-real-password'
        }

        It 'long-lived sessions: settings, two registered sessions, the check and the CSV import' {
            foreach ($index in 6..8) { $script:Runs[$script:Starts[$index]].Errors | Should -BeNullOrEmpty -Because $script:Starts[$index] }
            $check = $script:Runs[$script:Starts[9]]
            $check.Errors | Should -BeNullOrEmpty
            # Neither peer can be shown to be unrevoked here (no LDAP server listens; the pinned certificate names no
            # OCSP responder or CRL): both need attention.
            @($check.Output | ForEach-Object { [string]$_.Name } | Sort-Object) | Should -Be @('dc1', 'vpn-paris')
            $check.Output | ForEach-Object { [string]$_.RecommendedAction | Should -Not -Be 'None' }
            $csv = $script:Runs[$script:Starts[10]]
            $csv.Errors | Should -BeNullOrEmpty
            $csv.Output | Should -HaveCount 1
            [string]$csv.Output[0].Name | Should -Be 'cti-1'
        }

        It 'Invoke-CertificateMonitor -MetricsFile: the run writes its metrics file, the undelivered notice counted as pending' {
            $run = $script:Runs[$script:Starts[11]]
            # smtp.example.com cannot be reached from here: the one error is that send, and the notice stays pending.
            $run.Errors | Should -HaveCount 1
            $run.Errors[0] | Should -BeLike 'SmtpSendFailed,*smtp.example.com*'
            $text = [System.IO.File]::ReadAllText($script:MetricsFile)
            $text | Should -Match '(?m)^pkirev_monitor_notices_pending(\{[^}]*\})? 1$'
            $text | Should -Match '(?m)^pkirev_certificate_not_after_timestamp_seconds\{subject="CN=good\.pester\.test"'
        }
    }
}
