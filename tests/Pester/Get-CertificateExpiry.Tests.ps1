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

# The cases below run in this session (module imported here) against real stores, a real TLS server and real files.
Describe 'Get-CertificateExpiry in this session' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'Support/TestPeers.ps1')
        Import-Module $script:ModuleManifestPath -Force
        $script:Pki = New-TestPki -Directory (Join-Path $TestDrive 'pki')
        $script:Tls = Start-TlsServer -Pki $script:Pki

        # A CurrentUser store of its own (on Linux a folder under ~/.dotnet/corefx) holding the fixture certificate.
        $script:StoreName = 'PesterExpiry' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $store = [System.Security.Cryptography.X509Certificates.X509Store]::new($script:StoreName, 'CurrentUser')
        $store.Open('ReadWrite')
        $store.Add([System.Security.Cryptography.X509Certificates.X509Certificate2]::new((Get-FixturePath 'expiring.pem')))
        $store.Dispose()

        # A certificate whose notBefore is a GeneralizedTime before 2050 (RFC 5280 wants UTCTime): re-encoded, not re-signed.
        $script:BadTimePath = Join-Path $TestDrive 'generalized-2026.der'
        $pem = [IO.File]::ReadAllText((Get-FixturePath 'valid.pem'))
        $der = [Convert]::FromBase64String(($pem -split '-----')[2])
        function ConvertTo-Tlv([byte] $Tag, [byte[]] $Content) {
            $length = if ($Content.Length -lt 128) { , [byte]$Content.Length }
                      elseif ($Content.Length -lt 256) { [byte[]](0x81, $Content.Length) }
                      else { [byte[]](0x82, ($Content.Length -shr 8), ($Content.Length -band 0xFF)) }
            [byte[]](@($Tag) + $length + $Content)
        }
        $certificate = [System.Formats.Asn1.AsnReader]::new($der, 'DER').ReadSequence()
        $tbs = $certificate.ReadSequence()
        $fields = [System.Collections.Generic.List[byte]]::new()
        foreach ($i in 1..4) { $fields.AddRange($tbs.ReadEncodedValue().ToArray()) }   # version, serial, signature, issuer
        $validity = $tbs.ReadSequence()
        $notBefore = $validity.ReadUtcTime().UtcDateTime
        [byte[]]$generalized = ConvertTo-Tlv 0x18 ([Text.Encoding]::ASCII.GetBytes($notBefore.ToString('yyyyMMddHHmmss') + 'Z'))
        $fields.AddRange([byte[]](ConvertTo-Tlv 0x30 ([byte[]]($generalized + $validity.ReadEncodedValue().ToArray()))))
        while ($tbs.HasData) { $fields.AddRange($tbs.ReadEncodedValue().ToArray()) }
        $body = [System.Collections.Generic.List[byte]]::new()
        $body.AddRange([byte[]](ConvertTo-Tlv 0x30 $fields.ToArray()))
        while ($certificate.HasData) { $body.AddRange($certificate.ReadEncodedValue().ToArray()) }
        [IO.File]::WriteAllBytes($script:BadTimePath, [byte[]](ConvertTo-Tlv 0x30 $body.ToArray()))
    }

    AfterAll {
        Stop-TestPeer $script:Tls.Process
        $store = [System.Security.Cryptography.X509Certificates.X509Store]::new($script:StoreName, 'CurrentUser')
        $store.Open('ReadWrite')
        foreach ($c in @($store.Certificates)) { $store.Remove($c) }
        $store.Dispose()
    }

    Context 'Store names in every documented form' {
        It 'reads <Spec> (Name@Location)' -TestCases @(@{ Spec = 'Name@CurrentUser' }) {
            $results = @(Get-CertificateExpiry -StoreName "$script:StoreName@CurrentUser" -At $script:ReferenceTime -ErrorVariable failures)

            $failures | Should -BeNullOrEmpty
            $results | Should -HaveCount 1
            $results[0].Subject | Should -Be 'CN=expiring.pkirevocation.test'
            $results[0].Source | Should -Be "store://CurrentUser/$script:StoreName"
            $results[0].Status | Should -Be 'Expiring'
        }

        It 'reads store://CurrentUser/Name, the form Source shows' {
            $results = @(Get-CertificateExpiry -StoreName "store://CurrentUser/$script:StoreName" -At $script:ReferenceTime -ErrorVariable failures)

            $failures | Should -BeNullOrEmpty
            $results | Should -HaveCount 1
            $results[0].Source | Should -Be "store://CurrentUser/$script:StoreName"
        }

        It 'reads Root@LocalMachine (the system roots on Linux), whatever -StoreLocation says' {
            $results = @(Get-CertificateExpiry -StoreName 'Root@LocalMachine' -StoreLocation CurrentUser -ErrorVariable failures)

            $failures | Should -BeNullOrEmpty
            $results.Count | Should -BeGreaterThan 0
            @($results | Where-Object Source -NE 'store://LocalMachine/Root') | Should -BeNullOrEmpty
        }

        It 'refuses an unknown location with StoreNameInvalid naming it, and reads the next store' {
            $results = @(Get-CertificateExpiry -StoreName 'My@Nowhere', "$script:StoreName@CurrentUser" -At $script:ReferenceTime -ErrorVariable failures -ErrorAction SilentlyContinue)

            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'StoreNameInvalid,PkiRevocation.PowerShell.Commands.GetCertificateExpiryCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $failures[0].TargetObject | Should -Be 'My@Nowhere'
            $results | Should -HaveCount 1
        }

        It 'completes -StoreName from the known store names' {
            $line = 'Get-CertificateExpiry -StoreName Ro'
            $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length

            $completion.CompletionMatches.CompletionText | Should -Contain 'Root'
            $completion.CompletionMatches.CompletionText | Should -Not -Contain 'My'
        }
    }

    Context '-Strict' {
        It 'reports TimeEncodingViolation with the file as TargetObject, and reads the next file' {
            $results = @(Get-CertificateExpiry -LiteralPath $script:BadTimePath, (Get-FixturePath 'valid.pem') -Strict -At $script:ReferenceTime -ErrorVariable failures -ErrorAction SilentlyContinue)

            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'TimeEncodingViolation,*'
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $failures[0].TargetObject | Should -BeOfType [string]
            $failures[0].TargetObject | Should -Be $script:BadTimePath
            $results | Should -HaveCount 1
            $results[0].Subject | Should -Be 'CN=valid.pkirevocation.test'
        }

        It 'without -Strict reports the violation on the object' {
            $result = Get-CertificateExpiry -LiteralPath $script:BadTimePath -At $script:ReferenceTime

            $result.TimeEncodingViolations | Should -HaveCount 1
            $result.TimeEncodingViolations[0] | Should -BeLike '*GeneralizedTime*'
            $result.TimeEncoding | Should -Not -Be 'Valid'
        }
    }

    Context 'TLS endpoints (openssl s_server)' {
        It 'reads the server certificate of 127.0.0.1:<port> with its source' {
            $results = @(Get-CertificateExpiry -ComputerName "127.0.0.1:$($script:Tls.Port)" -TimeoutSec 10)

            $results[0].Subject | Should -Be 'CN=server.pester.test, O=PkiRevocation Pester'
            $results[0].Source | Should -Be "127.0.0.1:$($script:Tls.Port)"
            $results[0].Status | Should -Be 'Expiring'
            $results[0].DaysRemaining | Should -BeIn 9, 10
            $results[0].NotAfter | Should -BeOfType [datetime]
            $results[0].Certificate.Thumbprint | Should -Be $script:Pki.Server.Thumbprint
        }
    }

    Context 'Pipeline composition' {
        BeforeAll {
            $script:All = @(Get-CertificateExpiry -Path (Get-FixturePath 'bundle.pem') -At $script:ReferenceTime)
        }

        It 'groups by Status' {
            $groups = $script:All | Group-Object Status | Sort-Object Name

            @($groups.Name) | Should -Be @('Expired', 'Expiring', 'NotYetValid', 'Valid')
            @($groups | ForEach-Object Count) | Should -Be @(1, 1, 1, 1)
        }

        It 'sorts by the typed DaysRemaining and filters with Where-Object' {
            @($script:All | Sort-Object DaysRemaining | ForEach-Object DaysRemaining) | Should -Be @(-31, 19, 214, 395)
            @($script:All | Where-Object DaysRemaining -LT 30).Count | Should -Be 2
        }

        It 'exports to CSV with one readable line per certificate: violations joined, the certificate as its thumbprint' {
            $csv = Join-Path $TestDrive 'expiry.csv'
            Get-CertificateExpiry -LiteralPath $script:BadTimePath, (Get-FixturePath 'valid.pem') -At $script:ReferenceTime | Export-Csv -LiteralPath $csv
            $text = [IO.File]::ReadAllText($csv)
            $rows = @(Import-Csv -LiteralPath $csv)

            $text | Should -Not -Match 'System\.String\[\]'
            $text | Should -Not -Match 'BEGIN CERTIFICATE'
            ($text -split "`n" | Where-Object { $_.Trim() }).Count | Should -Be 3
            $rows[0].TimeEncodingViolations | Should -BeLike '*GeneralizedTime*'
            $rows[1].TimeEncodingViolations | Should -Be ''
            $rows[1].Certificate | Should -Match '^[0-9A-F]{40}$'
            $rows[1].NotAfter | Should -Not -BeNullOrEmpty
        }

        It 'keeps typed values through Export-Clixml/Import-Clixml in this session' {
            $file = Join-Path $TestDrive 'expiry.clixml'
            Get-CertificateExpiry -LiteralPath $script:BadTimePath -At $script:ReferenceTime | Export-Clixml -LiteralPath $file
            $copy = Import-Clixml -LiteralPath $file

            $copy.TimeEncodingViolations.GetType().IsArray -or $copy.TimeEncodingViolations -is [System.Collections.IList] | Should -BeTrue
            $copy.TimeEncodingViolations[0] | Should -BeLike '*GeneralizedTime*'
            $copy.NotAfter | Should -BeOfType [datetime]
            $copy.DaysRemaining | Should -BeOfType [int]
        }

        It 'converts to JSON with ISO dates and the status name' {
            $json = Get-CertificateExpiry -LiteralPath (Get-FixturePath 'expired.pem') -At $script:ReferenceTime | Select-Object -Property 'Status', 'NotAfter', 'Subject' | ConvertTo-Json -EnumsAsStrings | ConvertFrom-Json

            $json.Status | Should -Be 'Expired'
            $json.Subject | Should -Be 'CN=expired.pkirevocation.test'
        }
    }

    Context 'Progress' {
        It 'writes one progress activity for a folder and completes it' {
            $records = Get-ProgressRecords -ArgumentList $script:FixtureDirectory -ScriptBlock {
                param($Folder)
                Get-CertificateExpiry -LiteralPath $Folder | Out-Null
            }

            $records.Count | Should -BeGreaterThan 1
            @($records.ActivityId | Sort-Object -Unique) | Should -HaveCount 1
            $records[-1].RecordType | Should -Be 'Completed'
        }

        It 'writes about one progress record per percent for a long run, not one per file, up to the last file' {
            $folder = Join-Path $TestDrive 'many'
            $null = New-Item -ItemType Directory -Path $folder
            $pem = [System.IO.File]::ReadAllText((Get-FixturePath 'valid.pem'))
            foreach ($i in 1..500) { [System.IO.File]::WriteAllText((Join-Path $folder "cert$i.pem"), $pem) }
            $records = Get-ProgressRecords -ArgumentList $folder -ScriptBlock {
                param($Folder)
                Get-CertificateExpiry -LiteralPath $Folder | Out-Null
            }

            # 500 files, one report each: a record when the percentage moves (101 values) or a quarter second passed.
            $records.Count | Should -BeGreaterThan 90
            $records.Count | Should -BeLessThan 140
            $records[-1].RecordType | Should -Be 'Completed'
            $records[-2].PercentComplete | Should -BeGreaterOrEqual 99
        }
    }

    Context 'Help' {
        It 'documents the store name forms and has examples' {
            $help = Get-Help Get-CertificateExpiry -Full
            $storeName = $help.parameters.parameter | Where-Object name -EQ 'StoreName'

            ($storeName.description | Out-String) | Should -Match 'store://'
            ($storeName.description | Out-String) | Should -Match '@'
            @($help.examples.example).Count | Should -BeGreaterThan 2
        }
    }
}
