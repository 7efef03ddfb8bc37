#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Get-CertificateExpiry against the PACKAGED module (out/PkiRevocation), each case in a child PowerShell process.
# Fixtures: Fixtures/*.pem and bundle.pfx (regenerate with Fixtures/New-Fixtures.sh); reference time pinned to 2026-06-01Z.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/PackagedModule.ps1')
}

Describe 'Get-CertificateExpiry' {
    Context 'Status of each fixture at the pinned reference time' {
        BeforeAll {
            $script:run = Invoke-PackagedModule -ArgumentList (Get-FixturePath 'bundle.pem'), $script:ReferenceTime -ScriptBlock {
                param($Path, $At)
                Get-CertificateExpiry -Path $Path -At $At
            }
        }

        It 'writes one object per certificate and no error' {
            $run.Errors | Should -BeNullOrEmpty
            $run.Output | Should -HaveCount 4
        }

        It 'decides <Subject> as <Status>' -TestCases @(
            @{ Subject = 'CN=valid.pkirevocation.test'; Status = 'Valid'; Days = 214 }
            @{ Subject = 'CN=expiring.pkirevocation.test'; Status = 'Expiring'; Days = 19 }
            @{ Subject = 'CN=expired.pkirevocation.test'; Status = 'Expired'; Days = -31 }
            @{ Subject = 'CN=notyetvalid.pkirevocation.test'; Status = 'NotYetValid'; Days = 395 }
        ) {
            param($Subject, $Status, $Days)
            $item = $run.Output | Where-Object Subject -EQ $Subject
            $item | Should -HaveCount 1
            [string]$item.Status | Should -Be $Status
            $item.DaysRemaining | Should -Be $Days
            $item.TimeEncoding | Should -Be 'Valid'
            $item.Source | Should -BeLike '*bundle.pem'
            $item.Issuer | Should -Be 'CN=PkiRevocation Pester Fixture CA'
        }

        It 'keeps typed properties through Export-Clixml (the transport from the child)' {
            $item = $run.Output | Where-Object Subject -EQ 'CN=expired.pkirevocation.test'
            $item.PSObject.TypeNames | Should -Contain 'Deserialized.PkiRevocation.Expiry.CertificateExpiry'
            $item.NotAfter | Should -BeOfType [datetime]
            $item.NotAfter.ToUniversalTime() | Should -Be ([datetime]::new(2026, 5, 1, 0, 0, 0, [System.DateTimeKind]::Utc))
            $item.DaysRemaining | Should -BeOfType [int]
            $item.Thumbprint | Should -Match '^[0-9A-F]{40}$'
            $item.SerialNumber | Should -Be '1002'
        }
    }

    Context '-WithinDays' {
        It 'keeps the expired, expiring and not yet valid certificates only' {
            $run = Invoke-PackagedModule -ArgumentList (Get-FixturePath 'bundle.pem'), $script:ReferenceTime -ScriptBlock {
                param($Path, $At)
                Get-CertificateExpiry -Path $Path -At $At -WithinDays 30 | Sort-Object NotAfter
            }
            $run.Errors | Should -BeNullOrEmpty
            @($run.Output | ForEach-Object { [string]$_.Status }) | Should -Be @('Expired', 'Expiring', 'NotYetValid')
        }
    }

    Context 'Sources' {
        It 'reads certificates piped from Get-ChildItem by PSPath' {
            $run = Invoke-PackagedModule -ArgumentList $script:FixtureDirectory, $script:ReferenceTime -ScriptBlock {
                param($Directory, $At)
                Get-ChildItem -LiteralPath $Directory -Filter '*.pem' | Where-Object Name -NE 'bundle.pem' | Get-CertificateExpiry -At $At
            }
            $run.Errors | Should -BeNullOrEmpty
            $run.Output | Should -HaveCount 4
        }

        It 'reads X509Certificate2 objects from the pipeline' {
            $run = Invoke-PackagedModule -ArgumentList (Get-FixturePath 'expiring.pem'), $script:ReferenceTime -ScriptBlock {
                param($Path, $At)
                [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($Path) | Get-CertificateExpiry -At $At
            }
            $run.Errors | Should -BeNullOrEmpty
            [string]$run.Output[0].Status | Should -Be 'Expiring'
            $run.Output[0].Source | Should -Be 'Pipeline'
        }

        It 'opens a PFX with the right password' {
            $password = (Get-Content -LiteralPath (Get-FixturePath 'pfx-password.txt') -Raw).Trim()
            $run = Invoke-PackagedModule -ArgumentList (Get-FixturePath 'bundle.pfx'), $password, $script:ReferenceTime -ScriptBlock {
                param($Path, $Password, $At)
                Get-CertificateExpiry -Path $Path -Password (ConvertTo-SecureString -String $Password -AsPlainText -Force) -At $At
            }
            $run.Errors | Should -BeNullOrEmpty
            ($run.Output | Where-Object Subject -EQ 'CN=valid.pkirevocation.test') | Should -HaveCount 1
        }
    }

    Context 'Errors name the input and processing goes on' {
        It 'PathNotFound for a missing file, and the next file is still read' {
            $missing = Join-Path ([System.IO.Path]::GetTempPath()) ('missing-' + [guid]::NewGuid().ToString('N') + '.pem')
            $run = Invoke-PackagedModule -ArgumentList $missing, (Get-FixturePath 'valid.pem'), $script:ReferenceTime -ScriptBlock {
                param($Missing, $Present, $At)
                Get-CertificateExpiry -LiteralPath $Missing, $Present -At $At
            }
            $run.Errors | Should -HaveCount 1
            $run.Errors[0].ErrorId | Should -BeLike 'PathNotFound,*'
            $run.Errors[0].Category | Should -Be 'ObjectNotFound'
            $run.Errors[0].Target | Should -Be $missing
            $run.Output | Should -HaveCount 1
        }

        It 'PfxPasswordInvalid for a wrong password' {
            $run = Invoke-PackagedModule -ArgumentList (Get-FixturePath 'bundle.pfx'), $script:ReferenceTime -ScriptBlock {
                param($Path, $At)
                Get-CertificateExpiry -Path $Path -Password (ConvertTo-SecureString -String 'not-the-password' -AsPlainText -Force) -At $At
            }
            $run.Output | Should -BeNullOrEmpty
            $run.Errors | Should -HaveCount 1
            $run.Errors[0].ErrorId | Should -BeLike 'PfxPasswordInvalid,*'
            $run.Errors[0].Target | Should -BeLike '*bundle.pfx'
        }

        It 'EndpointRefused for a closed port' {
            $port = Get-ClosedTcpPort
            $run = Invoke-PackagedModule -ArgumentList $port -ScriptBlock {
                param($Port)
                Get-CertificateExpiry -ComputerName '127.0.0.1' -Port $Port -TimeoutSec 5
            }
            $run.Output | Should -BeNullOrEmpty
            $run.Errors | Should -HaveCount 1
            $run.Errors[0].ErrorId | Should -BeLike 'EndpointRefused,*'
            $run.Errors[0].Category | Should -Be 'ConnectionError'
            $run.Errors[0].Target | Should -BeLike "*127.0.0.1:$port*"
        }
    }

    Context 'Objects compose' {
        It 'round-trips through Export-Clixml/Import-Clixml inside the session with every property' {
            $run = Invoke-PackagedModule -ArgumentList (Get-FixturePath 'bundle.pem'), $script:ReferenceTime -ScriptBlock {
                param($Path, $At)
                $file = Join-Path ([System.IO.Path]::GetTempPath()) ([guid]::NewGuid().ToString('N') + '.clixml')
                $original = @(Get-CertificateExpiry -Path $Path -At $At)
                $original | Export-Clixml -Path $file
                $copy = @(Import-Clixml -Path $file)
                Remove-Item -LiteralPath $file
                foreach ($name in 'Subject', 'Issuer', 'SerialNumber', 'Thumbprint', 'DaysRemaining', 'Source', 'TimeEncoding') {
                    for ($i = 0; $i -lt $original.Count; $i++) {
                        [pscustomobject]@{ Property = $name; Same = ([string]$original[$i].$name -eq [string]$copy[$i].$name) }
                    }
                }
                [pscustomobject]@{ Property = 'Status'; Same = ([string]$original[0].Status -eq [string]$copy[0].Status) }
                [pscustomobject]@{ Property = 'NotAfter'; Same = ($original[0].NotAfter -eq $copy[0].NotAfter) }
            }
            $run.Errors | Should -BeNullOrEmpty
            $run.Output | Should -Not -BeNullOrEmpty
            @($run.Output | Where-Object { -not $_.Same }) | Should -BeNullOrEmpty
        }

        It 'exports to CSV and JSON with the property names' {
            $run = Invoke-PackagedModule -ArgumentList (Get-FixturePath 'expired.pem'), $script:ReferenceTime -ScriptBlock {
                param($Path, $At)
                $item = Get-CertificateExpiry -Path $Path -At $At
                ($item | Select-Object -Property 'Status', 'DaysRemaining', 'Subject' | ConvertTo-Csv -NoTypeInformation) -join "`n"
                $item | Select-Object -Property 'Status', 'Subject' | ConvertTo-Json -Compress
            }
            $run.Output[0] | Should -Match '"Status","DaysRemaining","Subject"'
            $run.Output[0] | Should -Match '"Expired","-31","CN=expired.pkirevocation.test"'
            $run.Output[1] | Should -Match '"Subject":"CN=expired.pkirevocation.test"'
        }
    }
}
