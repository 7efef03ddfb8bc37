#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Scale-out the PowerShell way, with the PACKAGED module (out/PkiRevocation): remoting over SSH to an sshd this file
# starts (own host and user keys, a free port, `Subsystem powershell` running the pinned pwsh), ForEach-Object -Parallel
# importing the module in four runspaces at once, and a Start-Job round trip. What comes back is deserialized: the
# tests check PSComputerName, typed dates and numbers, and the Status each remote side decided.

BeforeDiscovery {
    # The only hosts where these cannot run: Windows has no OpenSSH server a test can start with its own config, and
    # Windows PowerShell 5.1 has neither -SSHTransport nor ForEach-Object -Parallel. Everywhere else a missing sshd
    # is a failure (tools/setup.sh installs openssh-server), never a skip.
    $script:NoSshReason = if ($PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows) {
        'remoting over SSH is tested where the test can start its own sshd (Linux, macOS)'
    }
    $script:NoParallelReason = if ($PSVersionTable.PSEdition -eq 'Desktop') { 'ForEach-Object -Parallel needs PowerShell 7' }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/PackagedModule.ps1')
    . (Join-Path $PSScriptRoot 'Support/TestPeers.ps1')

    function Get-StatusBySubject($Results) {
        $map = @{}
        foreach ($result in $Results) { $map[[string]$result.Subject] = [string]$result.Status }
        $map
    }
    $script:BundleStatuses = @{
        'CN=valid.pkirevocation.test'       = 'Valid'
        'CN=expiring.pkirevocation.test'    = 'Expiring'
        'CN=expired.pkirevocation.test'     = 'Expired'
        'CN=notyetvalid.pkirevocation.test' = 'NotYetValid'
    }
}

Describe 'Invoke-Command -HostName localhost -SSHTransport' {
    BeforeAll {
        if ($script:NoSshReason) { return }
        $work = Join-Path $TestDrive 'ssh'
        $script:Sshd = Start-TestSshServer -Directory $work
        $script:Pki = New-TestOcspPki -Directory (Join-Path $TestDrive 'pki')
        $script:Responder = Start-TestOcspResponder -Pki $script:Pki -Directory (Join-Path $TestDrive 'pki')
        $remote = @{
            HostName     = 'localhost'
            Port         = $script:Sshd.Port
            UserName     = $script:Sshd.UserName
            KeyFilePath  = $script:Sshd.KeyFilePath
            Options      = $script:Sshd.Options
            SSHTransport = $true
        }

        $script:ExpiryErrors = $null
        $script:Expiry = @(Invoke-Command @remote -ErrorVariable script:ExpiryErrors -ErrorAction SilentlyContinue -ArgumentList $script:ModuleManifest, (Get-FixturePath 'bundle.pem'), $script:ReferenceTime -ScriptBlock {
                param($Manifest, $Path, $At)
                Import-Module -Name $Manifest -ErrorAction Stop
                Get-CertificateExpiry -Path $Path -At $At
            })

        $script:OcspErrors = $null
        $script:Ocsp = @(Invoke-Command @remote -ErrorVariable script:OcspErrors -ErrorAction SilentlyContinue -ArgumentList $script:ModuleManifest, $script:Pki, $script:Responder.Url -ScriptBlock {
                param($Manifest, $Pki, $Url)
                Import-Module -Name $Manifest -ErrorAction Stop
                $issuer = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($Pki.Ca)
                foreach ($path in $Pki.Good, $Pki.Revoked) {
                    Test-OcspStatus -Certificate ([System.Security.Cryptography.X509Certificates.X509Certificate2]::new($path)) -Issuer $issuer -ResponderUri $Url
                }
            })
        $script:Missing = Join-Path $TestDrive 'missing.pem'
        $script:BadErrors = $null
        $script:Bad = @(Invoke-Command @remote -ErrorVariable script:BadErrors -ErrorAction SilentlyContinue -ArgumentList $script:ModuleManifest, $script:Missing, (Get-FixturePath 'valid.pem'), $script:ReferenceTime -ScriptBlock {
                param($Manifest, $Missing, $Present, $At)
                Import-Module -Name $Manifest -ErrorAction Stop
                Get-CertificateExpiry -LiteralPath $Missing, $Present -At $At
            })

        # Every remote session has ended (Invoke-Command -HostName closes its own); what sshd logged stays readable.
        $script:SshdLog = (Get-TestProcessLog $script:Sshd.Process) -join "`n"
    }

    AfterAll {
        if ($script:Sshd) { Stop-TestProcess $script:Sshd.Process }
        if ($script:Responder) { Stop-TestProcess $script:Responder.Process }
    }

    BeforeEach {
        if ($script:NoSshReason) { Set-ItResult -Skipped -Because $script:NoSshReason }
    }

    It 'went through the test sshd: public-key login as this user, powershell subsystem' {
        $script:SshdLog | Should -Match ("Accepted publickey for {0} from (127\.0\.0\.1|::1)" -f [regex]::Escape($script:Sshd.UserName))
        $script:SshdLog | Should -Match ("Starting session: subsystem 'powershell' for {0} from" -f [regex]::Escape($script:Sshd.UserName))
    }

    It 'Get-CertificateExpiry: every certificate of the file, no error, each marked with PSComputerName localhost' {
        $script:ExpiryErrors | Should -BeNullOrEmpty
        $script:Expiry | Should -HaveCount 4
        @($script:Expiry | Where-Object PSComputerName -EQ 'localhost') | Should -HaveCount 4
        $script:Expiry[0].PSObject.TypeNames | Should -Contain 'Deserialized.PkiRevocation.Expiry.CertificateExpiry'
    }

    It 'Get-CertificateExpiry: the Status decided remotely at -At' {
        $statuses = Get-StatusBySubject $script:Expiry
        foreach ($subject in $script:BundleStatuses.Keys) {
            $statuses[$subject] | Should -Be $script:BundleStatuses[$subject] -Because $subject
        }
    }

    It 'Get-CertificateExpiry: dates and numbers arrive typed' {
        $expired = $script:Expiry | Where-Object Subject -EQ 'CN=expired.pkirevocation.test'
        $expired.NotAfter | Should -BeOfType [datetime]
        $expired.NotAfter.ToUniversalTime() | Should -Be ([datetime]::new(2026, 5, 1, 0, 0, 0, [System.DateTimeKind]::Utc))
        $expired.NotBefore | Should -BeOfType [datetime]
        $expired.DaysRemaining | Should -BeOfType [int]
        $expired.DaysRemaining | Should -Be -31
    }

    It 'an error comes back as an error record of localhost (ErrorId, TargetObject), and the next file is still read' {
        $script:BadErrors | Should -HaveCount 1
        $script:BadErrors[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
        [string]$script:BadErrors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        [string]$script:BadErrors[0].TargetObject | Should -Be $script:Missing
        $script:BadErrors[0].OriginInfo.PSComputerName | Should -Be 'localhost'
        $script:Bad | Should -HaveCount 1
        $script:Bad[0].Subject | Should -Be 'CN=valid.pkirevocation.test'
        [string]$script:Bad[0].Status | Should -Be 'Valid'
    }

    It 'Test-OcspStatus: Good and Revoked from the responder, no error, PSComputerName localhost' {
        $script:OcspErrors | Should -BeNullOrEmpty
        $script:Ocsp | Should -HaveCount 2
        $script:Ocsp | ForEach-Object { $_.PSComputerName | Should -Be 'localhost' }
        $script:Ocsp[0].PSObject.TypeNames | Should -Contain 'Deserialized.PkiRevocation.Ocsp.OcspResult'
        [string]$script:Ocsp[0].Subject | Should -Match 'CN=good\.pester\.test'
        [string]$script:Ocsp[0].Status | Should -Be 'Good'
        [string]$script:Ocsp[1].Subject | Should -Match 'CN=revoked\.pester\.test'
        [string]$script:Ocsp[1].Status | Should -Be 'Revoked'
        [string]$script:Ocsp[1].RevocationReason | Should -Be 'KeyCompromise'
        $script:Ocsp | ForEach-Object { $_.ResponderUri | Should -Be $script:Responder.Url }
    }

    It 'Test-OcspStatus: the response times arrive as dates (revoked a day before, fresh for an hour)' {
        $revoked = $script:Ocsp[1]
        $revoked.ThisUpdate | Should -BeOfType [datetime]
        $revoked.NextUpdate | Should -BeOfType [datetime]
        $revoked.RevocationTime | Should -BeOfType [datetime]
        ($revoked.NextUpdate - $revoked.ThisUpdate).TotalMinutes | Should -Be 60
        ($revoked.ThisUpdate - $revoked.RevocationTime).TotalHours | Should -BeGreaterThan 23
        $revoked.Elapsed | Should -BeOfType [timespan]
    }
}

Describe 'ForEach-Object -Parallel' {
    BeforeEach {
        if ($script:NoParallelReason) { Set-ItResult -Skipped -Because $script:NoParallelReason }
    }

    It 'imports the module in four runspaces at once, and each decides every certificate' {
        # A child PowerShell that has not loaded the module: the four imports are the first, released together.
        $run = Invoke-PackagedModule -NoImport -ArgumentList $script:ModuleManifest, (Get-FixturePath 'bundle.pem'), $script:ReferenceTime -ScriptBlock {
            param($Manifest, $Path, $At)
            $barrier = [System.Threading.Barrier]::new(4)
            1..4 | ForEach-Object -ThrottleLimit 4 -Parallel {
                $together = ($using:barrier).SignalAndWait(60000)
                Import-Module -Name $using:Manifest -ErrorAction Stop
                $results = @(Get-CertificateExpiry -Path $using:Path -At $using:At)
                [pscustomobject]@{
                    Together = $together
                    Runspace = [runspace]::DefaultRunspace.InstanceId.ToString()
                    Types    = @($results | ForEach-Object { $_.GetType().FullName } | Sort-Object -Unique)
                    Statuses = @($results | ForEach-Object { '{0}={1}' -f $_.Subject, $_.Status } | Sort-Object)
                }
            }
            # The module was never imported in the runspace that started them.
            [pscustomobject]@{ ImportedHere = [bool](Get-Module -Name PkiRevocation) }
        }
        $run.Errors | Should -BeNullOrEmpty
        $runspaces = @($run.Output | Where-Object { $_.PSObject.Properties['Runspace'] })
        $runspaces | Should -HaveCount 4
        @($runspaces.Runspace | Sort-Object -Unique) | Should -HaveCount 4
        $expected = @($script:BundleStatuses.Keys | ForEach-Object { '{0}={1}' -f $_, $script:BundleStatuses[$_] } | Sort-Object)
        foreach ($runspace in $runspaces) {
            $runspace.Together | Should -BeTrue
            $runspace.Types | Should -Be @('PkiRevocation.Expiry.CertificateExpiry')
            $runspace.Statuses | Should -Be $expected
        }
        ($run.Output | Where-Object { $_.PSObject.Properties['ImportedHere'] }).ImportedHere | Should -BeFalse
    }
}

Describe 'Start-Job' {
    It 'runs Get-CertificateExpiry in a background PowerShell and brings the results back typed' {
        $job = Start-Job -ArgumentList $script:ModuleManifest, (Get-FixturePath 'bundle.pem'), $script:ReferenceTime -ScriptBlock {
            param($Manifest, $Path, $At)
            Import-Module -Name $Manifest -ErrorAction Stop
            Get-CertificateExpiry -Path $Path -At $At
            [pscustomobject]@{ ProcessId = $PID }
        }
        try {
            $null = Wait-Job -Job $job -Timeout 180
            $job.State | Should -Be 'Completed'
            $output = @(Receive-Job -Job $job -ErrorVariable jobErrors -ErrorAction SilentlyContinue)
        }
        finally {
            Remove-Job -Job $job -Force
        }
        $jobErrors | Should -BeNullOrEmpty
        $results = @($output | Where-Object { $_.PSObject.TypeNames -contains 'Deserialized.PkiRevocation.Expiry.CertificateExpiry' })
        $results | Should -HaveCount 4
        $statuses = Get-StatusBySubject $results
        foreach ($subject in $script:BundleStatuses.Keys) {
            $statuses[$subject] | Should -Be $script:BundleStatuses[$subject] -Because $subject
        }
        $expiring = $results | Where-Object Subject -EQ 'CN=expiring.pkirevocation.test'
        $expiring.NotAfter | Should -BeOfType [datetime]
        $expiring.DaysRemaining | Should -Be 19
        $results | ForEach-Object { $_.PSComputerName | Should -Be 'localhost' }
        # It ran in another process, not in this one.
        ($output | Where-Object { $_.PSObject.Properties['ProcessId'] }).ProcessId | Should -Not -Be $PID
    }
}
