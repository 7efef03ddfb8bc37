#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# The packaged module as a whole: manifest, exports, help, formats, type visibility and dependency isolation,
# each checked in a child PowerShell process that imported out/PkiRevocation.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/PackagedModule.ps1')
}

Describe 'The packaged PkiRevocation module' {
    It 'has a valid manifest (Test-ModuleManifest)' {
        $run = Invoke-PackagedModule -ArgumentList $script:ModuleManifest -ScriptBlock {
            param($Manifest)
            $info = Test-ModuleManifest -Path $Manifest -ErrorAction Continue
            [pscustomobject]@{ Name = $info.Name; Version = [string]$info.Version; Editions = @($info.CompatiblePSEditions); Formats = @($info.ExportedFormatFiles).Count }
        }
        $run.Errors | Should -BeNullOrEmpty
        $run.Output[0].Name | Should -Be 'PkiRevocation'
        $run.Output[0].Editions | Should -Contain 'Desktop'
        $run.Output[0].Editions | Should -Contain 'Core'
        $run.Output[0].Formats | Should -BeGreaterThan 0
    }

    It 'exports exactly the cmdlets its manifest lists' {
        $run = Invoke-PackagedModule -ArgumentList $script:ModuleManifest -ScriptBlock {
            param($Manifest)
            $listed = (Import-PowerShellDataFile -Path $Manifest).CmdletsToExport
            $exported = (Get-Command -Module PkiRevocation -CommandType Cmdlet).Name
            [pscustomobject]@{ Listed = @($listed | Sort-Object); Exported = @($exported | Sort-Object) }
        }
        $run.Errors | Should -BeNullOrEmpty
        $run.Output[0].Exported | Should -Be $run.Output[0].Listed
        $run.Output[0].Exported | Should -Contain 'Get-CertificateExpiry'
    }

    It 'has full help for every exported cmdlet' {
        $run = Invoke-PackagedModule -ScriptBlock {
            $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
            foreach ($command in Get-Command -Module PkiRevocation -CommandType Cmdlet) {
                $help = Get-Help -Name $command.Name -Full
                $documented = @($help.parameters.parameter | ForEach-Object { $_.name })
                $undocumented = @($command.Parameters.Keys | Where-Object { $_ -notin $common -and $_ -notin $documented })
                $undescribed = @($help.parameters.parameter | Where-Object { -not ($_.description | Out-String).Trim() } | ForEach-Object { $_.name })
                [pscustomobject]@{
                    Name         = $command.Name
                    Synopsis     = [string]$help.Synopsis
                    HasDescription = [bool](($help.description | Out-String).Trim())
                    Examples     = @($help.examples.example).Count
                    Undocumented = $undocumented
                    Undescribed  = $undescribed
                }
            }
        }
        $run.Errors | Should -BeNullOrEmpty
        $run.Output | Should -Not -BeNullOrEmpty
        foreach ($entry in $run.Output) {
            # Without MAML, Get-Help falls back to the syntax as the synopsis.
            $entry.Synopsis | Should -Not -Match ([regex]::Escape($entry.Name) + ' \[') -Because "$($entry.Name) needs a MAML synopsis"
            $entry.HasDescription | Should -BeTrue -Because "$($entry.Name) needs a description"
            $entry.Examples | Should -BeGreaterOrEqual 2 -Because "$($entry.Name) needs two examples"
            $entry.Undocumented | Should -BeNullOrEmpty -Because "$($entry.Name) parameters need help"
            $entry.Undescribed | Should -BeNullOrEmpty -Because "$($entry.Name) parameters need descriptions"
        }
    }

    It 'has the about_PkiRevocation topic' {
        $run = Invoke-PackagedModule -ScriptBlock { (Get-Help -Name about_PkiRevocation | Out-String) }
        $run.Output[0] | Should -Match 'TRUST MODELS'
    }

    It 'loads its formats with a table and a list view for CertificateExpiry' {
        $run = Invoke-PackagedModule -ScriptBlock {
            $data = Get-FormatData -TypeName 'PkiRevocation.Expiry.CertificateExpiry'
            @($data.FormatViewDefinition | ForEach-Object { $_.Control.GetType().Name })
        }
        $run.Errors | Should -BeNullOrEmpty
        $run.Output | Should -Contain 'TableControl'
        $run.Output | Should -Contain 'ListControl'
    }

    It 'keeps output types visible to scripts' {
        $run = Invoke-PackagedModule -ScriptBlock {
            [PkiRevocation.Expiry.CertificateExpiry].FullName
            [PkiRevocation.Expiry.ExpiryStatus]::Expiring.ToString()
        }
        $run.Errors | Should -BeNullOrEmpty
        $run.Output | Should -Be @('PkiRevocation.Expiry.CertificateExpiry', 'Expiring')
    }

    It 'names its engine types in scripts, also after Remove-Module and a second import (type accelerators on PowerShell 7.4+)' {
        $run = Invoke-PackagedModule -ArgumentList (Get-FixturePath 'valid.pem') -ScriptBlock {
            param($Path)
            $engine = [PkiRevocation.Expiry.CertificateExpiry].Assembly
            $context = if ($PSVersionTable.PSEdition -eq 'Core') { [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($engine).Name } else { 'AppDomain' }
            $manifest = (Get-Module PkiRevocation).Path
            Remove-Module PkiRevocation
            $afterRemove = [string][PkiRevocation.Expiry.ExpiryStatus]::Expired
            Import-Module $manifest
            [pscustomobject]@{
                Context     = $context
                AfterRemove = $afterRemove
                SameType    = (Get-CertificateExpiry -Path $Path) -is [PkiRevocation.Expiry.CertificateExpiry]
                Runtime     = [Environment]::Version.Major
            }
        }
        $run.Errors | Should -BeNullOrEmpty
        $run.Output[0].AfterRemove | Should -Be 'Expired'
        $run.Output[0].SameType | Should -BeTrue
        if ($run.Edition -eq 'Core' -and $run.Output[0].Runtime -ge 8) {
            $run.Output[0].Context | Should -Be 'PkiRevocation.Dependencies'
        }
    }

    It 'loads BouncyCastle from its Dependencies folder (private load context on PowerShell 7.4+)' {
        $run = Invoke-PackagedModule -ArgumentList (Get-FixturePath 'valid.pem') -ScriptBlock {
            param($Path)
            $null = Get-CertificateExpiry -Path $Path
            $bc = [System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'BouncyCastle.Cryptography' }
            foreach ($assembly in $bc) {
                $context = if ($PSVersionTable.PSEdition -eq 'Core') { [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($assembly).Name } else { 'AppDomain' }
                [pscustomobject]@{ Location = $assembly.Location; Context = $context; Runtime = [Environment]::Version.Major }
            }
        }
        $run.Errors | Should -BeNullOrEmpty
        $run.Output | Should -HaveCount 1
        $run.Output[0].Location | Should -BeLike '*Dependencies*BouncyCastle.Cryptography.dll'
        if ($run.Edition -eq 'Core' -and $run.Output[0].Runtime -ge 8) {
            $run.Output[0].Context | Should -Be 'PkiRevocation.Dependencies'
        }
    }
}
