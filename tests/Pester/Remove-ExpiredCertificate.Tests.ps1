#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Remove-ExpiredCertificate against the PACKAGED module (out/PkiRevocation), each case in a child PowerShell process.
# Each case fills a throwaway CurrentUser store (PkiRevPester<random>; a registry store on Windows, a .NET store under
# ~/.dotnet/corefx/cryptography/x509stores elsewhere) with the four expiry fixtures (Fixtures/New-Fixtures.sh), runs the
# cmdlet at the pinned reference time 2026-06-01Z (only expired.pem is expired then), reports what is left, and deletes
# the store. The engine side is covered by xunit in tests/PkiRevocation.Engine.Tests/Monitoring/ExpiredCertificateRemovalTests.cs.

BeforeDiscovery {
    $script:OnWindows = ($PSVersionTable.PSEdition -eq 'Desktop') -or ($IsWindows -eq $true)
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/PackagedModule.ps1')
    $script:Thumbprints = @{}
    foreach ($name in 'valid', 'expiring', 'expired', 'notyetvalid') {
        $script:Thumbprints[$name] = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new((Get-FixturePath "$name.pem")).Thumbprint
    }

    # Runs $Check in the child against a fresh store holding the four fixtures. $Check receives the store name, the
    # backup folder, the reference time and the fixture directory. The run's Output holds what $Check wrote plus one
    # State object (StoreName, Left = thumbprints still in the store, BackupFiles, BackupMatches).
    function Invoke-StoreCase {
        param([Parameter(Mandatory)] [scriptblock] $Check, [datetime] $At = $script:ReferenceTime)
        $homeDirectory = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $checkText = $Check.ToString()
        Invoke-PackagedModule -ArgumentList $script:FixtureDirectory, $At, $homeDirectory, $checkText -ScriptBlock {
            param($FixtureDirectory, $At, $HomeDirectory, $Check)
            $env:PKIREVOCATION_HOME = $HomeDirectory
            $onWindows = ($PSVersionTable.PSEdition -eq 'Desktop') -or ($IsWindows -eq $true)
            $location = [System.Security.Cryptography.X509Certificates.StoreLocation]::CurrentUser
            $storeName = 'PkiRevPester' + [guid]::NewGuid().ToString('N').Substring(0, 10)
            $backup = Join-Path $HomeDirectory 'backup'
            $expired = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new((Join-Path $FixtureDirectory 'expired.pem'))
            $store = [System.Security.Cryptography.X509Certificates.X509Store]::new($storeName, $location)
            $store.Open([System.Security.Cryptography.X509Certificates.OpenFlags]::ReadWrite)
            foreach ($name in 'valid', 'expiring', 'expired', 'notyetvalid') {
                $store.Add([System.Security.Cryptography.X509Certificates.X509Certificate2]::new((Join-Path $FixtureDirectory "$name.pem")))
            }
            $store.Close()
            try {
                & ([scriptblock]::Create($Check)) $storeName $backup $At $FixtureDirectory
                $after = [System.Security.Cryptography.X509Certificates.X509Store]::new($storeName, $location)
                $after.Open([System.Security.Cryptography.X509Certificates.OpenFlags]::ReadOnly)
                $left = @($after.Certificates | ForEach-Object { $_.Thumbprint })
                $after.Close()
                $files = @()
                $backupMatches = $false
                if (Test-Path -LiteralPath $backup) {
                    $files = @(Get-ChildItem -LiteralPath $backup -File | ForEach-Object { $_.Name })
                    $copy = Join-Path $backup ($expired.Thumbprint + '.cer')
                    if (Test-Path -LiteralPath $copy) {
                        $backupMatches = [Convert]::ToBase64String([System.IO.File]::ReadAllBytes($copy)) -eq [Convert]::ToBase64String($expired.RawData)
                    }
                }
                [pscustomobject]@{ Kind = 'State'; StoreName = $storeName; Left = $left; BackupFiles = $files; BackupMatches = $backupMatches }
            }
            finally {
                $cleanup = [System.Security.Cryptography.X509Certificates.X509Store]::new($storeName, $location)
                $cleanup.Open([System.Security.Cryptography.X509Certificates.OpenFlags]::ReadWrite)
                foreach ($certificate in @($cleanup.Certificates)) { $cleanup.Remove($certificate) }
                $cleanup.Close()
                if ($onWindows) {
                    Remove-Item -LiteralPath "HKCU:\Software\Microsoft\SystemCertificates\$storeName" -Recurse -Force -ErrorAction SilentlyContinue
                }
                else {
                    $folder = [System.IO.Path]::Combine([Environment]::GetFolderPath('UserProfile'), '.dotnet', 'corefx', 'cryptography', 'x509stores', $storeName.ToLowerInvariant())
                    Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
                }
            }
        }
    }

    function Get-State($Run) { @($Run.Output | Where-Object { $_.Kind -eq 'State' })[0] }

    function Get-Removed($Run) {
        @($Run.Output | Where-Object { $_.PSObject.TypeNames -contains 'Deserialized.PkiRevocation.Monitoring.RemovedCertificate' })
    }
}

Describe 'Remove-ExpiredCertificate' {
    It 'removes nothing and writes no backup with -WhatIf' {
        $run = Invoke-StoreCase -Check {
            param($StoreName, $Backup, $At)
            Remove-ExpiredCertificate -StoreName $StoreName -StoreLocation CurrentUser -BackupFolder $Backup -At $At -WhatIf
        }
        $run.Errors | Should -BeNullOrEmpty
        Get-Removed $run | Should -BeNullOrEmpty
        $state = Get-State $run
        $state.Left | Should -HaveCount 4
        $state.Left | Should -Contain $script:Thumbprints['expired']
        $state.BackupFiles | Should -BeNullOrEmpty
    }

    It 'backs up then removes only the certificate expired at -At' {
        $run = Invoke-StoreCase -Check {
            param($StoreName, $Backup, $At)
            Remove-ExpiredCertificate -StoreName $StoreName -StoreLocation CurrentUser -BackupFolder $Backup -At $At -Confirm:$false
        }
        $run.Errors | Should -BeNullOrEmpty
        $state = Get-State $run
        $removed = Get-Removed $run
        $removed | Should -HaveCount 1
        $removed[0].Thumbprint | Should -Be $script:Thumbprints['expired']
        $removed[0].Subject | Should -Be 'CN=expired.pkirevocation.test'
        $removed[0].Issuer | Should -Be 'CN=PkiRevocation Pester Fixture CA'
        $removed[0].Store | Should -Be "store://CurrentUser/$($state.StoreName)"
        $removed[0].DaysRemaining | Should -Be -31
        $removed[0].HadPrivateKey | Should -BeFalse
        $removed[0].NotAfter.ToUniversalTime() | Should -Be ([datetime]::new(2026, 5, 1, 0, 0, 0, [System.DateTimeKind]::Utc))
        $removed[0].ReferenceTime.ToUniversalTime() | Should -Be $script:ReferenceTime
        $removed[0].BackupPath | Should -BeLike "*$($script:Thumbprints['expired']).cer"
        $state.BackupFiles | Should -Be @("$($script:Thumbprints['expired']).cer")
        $state.BackupMatches | Should -BeTrue
        $state.Left | Should -HaveCount 3
        $state.Left | Should -Not -Contain $script:Thumbprints['expired']
        foreach ($kept in 'valid', 'expiring', 'notyetvalid') { $state.Left | Should -Contain $script:Thumbprints[$kept] }
    }

    It 'decides at -At: on 2026-04-01 nothing is expired yet, so nothing is touched' {
        $early = [datetime]::new(2026, 4, 1, 0, 0, 0, [System.DateTimeKind]::Utc)
        $run = Invoke-StoreCase -At $early -Check {
            param($StoreName, $Backup, $At)
            Remove-ExpiredCertificate -StoreName $StoreName -StoreLocation CurrentUser -BackupFolder $Backup -At $At -Confirm:$false
        }
        $run.Errors | Should -BeNullOrEmpty
        Get-Removed $run | Should -BeNullOrEmpty
        (Get-State $run).Left | Should -HaveCount 4
        (Get-State $run).BackupFiles | Should -BeNullOrEmpty
    }

    It 'takes Get-CertificateExpiry results from the pipeline: removes the expired one, refuses the others with CertificateNotExpired' {
        $run = Invoke-StoreCase -Check {
            param($StoreName, $Backup, $At)
            Get-CertificateExpiry -StoreName $StoreName -StoreLocation CurrentUser -At $At |
                Remove-ExpiredCertificate -BackupFolder $Backup -At $At -Confirm:$false
        }
        $removed = Get-Removed $run
        $removed | Should -HaveCount 1
        $removed[0].Thumbprint | Should -Be $script:Thumbprints['expired']
        $run.Errors | Should -HaveCount 3
        foreach ($failure in $run.Errors) {
            $failure.ErrorId | Should -BeLike 'CertificateNotExpired,*'
            $failure.Category | Should -Be 'InvalidArgument'
            $failure.Message | Should -BeLike '*is not expired at 2026-06-01T00:00:00Z*it was left in place.'
        }
        $state = Get-State $run
        $state.Left | Should -HaveCount 3
        $state.Left | Should -Not -Contain $script:Thumbprints['expired']
    }

    It 'refuses a piped certificate that does not come from a store with InvalidArgument, and removes nothing' {
        $run = Invoke-StoreCase -Check {
            param($StoreName, $Backup, $At, $FixtureDirectory)
            Get-CertificateExpiry -Path (Join-Path $FixtureDirectory 'expired.pem') -At $At |
                Remove-ExpiredCertificate -BackupFolder $Backup -At $At -Confirm:$false
        }
        Get-Removed $run | Should -BeNullOrEmpty
        $run.Errors | Should -HaveCount 1
        $run.Errors[0].ErrorId | Should -BeLike 'InvalidArgument,*'
        $run.Errors[0].Message | Should -BeLike '*not from a certificate store; only store certificates can be removed.'
        (Get-State $run).Left | Should -HaveCount 4
        (Get-State $run).BackupFiles | Should -BeNullOrEmpty
    }

    It 'round-trips RemovedCertificate through Export-Clixml/Import-Clixml inside the session' {
        $run = Invoke-StoreCase -Check {
            param($StoreName, $Backup, $At)
            $file = Join-Path ([System.IO.Path]::GetTempPath()) ([guid]::NewGuid().ToString('N') + '.clixml')
            $original = Remove-ExpiredCertificate -StoreName $StoreName -StoreLocation CurrentUser -BackupFolder $Backup -At $At -Confirm:$false
            $original | Export-Clixml -Path $file
            $copy = Import-Clixml -Path $file
            Remove-Item -LiteralPath $file
            foreach ($name in 'Subject', 'Issuer', 'Thumbprint', 'DaysRemaining', 'Store', 'BackupPath', 'HadPrivateKey') {
                [pscustomobject]@{ Kind = 'Same'; Property = $name; Same = ([string]$original.$name -eq [string]$copy.$name) }
            }
            [pscustomobject]@{ Kind = 'Same'; Property = 'NotAfter'; Same = ($original.NotAfter -eq $copy.NotAfter) }
            [pscustomobject]@{ Kind = 'Same'; Property = 'ReferenceTime'; Same = ($original.ReferenceTime -eq $copy.ReferenceTime) }
        }
        $run.Errors | Should -BeNullOrEmpty
        $same = @($run.Output | Where-Object { $_.Kind -eq 'Same' })
        $same | Should -HaveCount 9
        @($same | Where-Object { -not $_.Same } | ForEach-Object { $_.Property }) | Should -BeNullOrEmpty
    }

    It 'reports StoreUnavailable for a store that does not exist, and does not create it (Windows)' -Skip:(-not $script:OnWindows) {
        $name = 'PkiRevPesterMissing' + [guid]::NewGuid().ToString('N').Substring(0, 10)
        $run = Invoke-PackagedModule -ArgumentList $name, (Join-Path $TestDrive 'backup-missing'), $script:ReferenceTime -ScriptBlock {
            param($StoreName, $Backup, $At)
            Remove-ExpiredCertificate -StoreName $StoreName -StoreLocation CurrentUser -BackupFolder $Backup -At $At -Confirm:$false
            [pscustomobject]@{ Kind = 'State'; Created = (Test-Path -LiteralPath "HKCU:\Software\Microsoft\SystemCertificates\$StoreName") }
        }
        $run.Errors | Should -HaveCount 1
        $run.Errors[0].ErrorId | Should -BeLike 'StoreUnavailable,*'
        $run.Errors[0].Target | Should -Be "store://CurrentUser/$name"
        (Get-State $run).Created | Should -BeFalse
    }
}
