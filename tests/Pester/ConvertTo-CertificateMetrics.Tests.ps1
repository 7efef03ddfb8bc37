#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# ConvertTo-CertificateMetrics against the PACKAGED module (out/PkiRevocation), each case in a child PowerShell process.
# Fixtures: Fixtures/bundle.pem (see Fixtures/New-Fixtures.sh); reference time pinned to 2026-06-01Z.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/PackagedModule.ps1')

    # The lines of a metrics text that start with a metric name and its first label, name="value".
    function Get-MetricLine {
        param([string] $Text, [string] $Metric, [string] $Label, [string] $Value)
        $prefix = $Metric + '{' + $Label + '=' + [char]34 + $Value + [char]34
        @($Text.Split([char]10) | Where-Object { $_.StartsWith($prefix, [System.StringComparison]::Ordinal) })
    }
}

Describe 'ConvertTo-CertificateMetrics' {
    Context 'Get-CertificateExpiry piped in' {
        BeforeAll {
            $script:run = Invoke-PackagedModule -ArgumentList (Get-FixturePath 'bundle.pem'), $script:ReferenceTime -ScriptBlock {
                param($Path, $At)
                Get-CertificateExpiry -Path $Path -At $At | ConvertTo-CertificateMetrics
            }
            $script:text = [string]($run.Output | Select-Object -First 1)
        }

        It 'writes ONE string for the whole pipeline and no error' {
            $run.Errors | Should -BeNullOrEmpty
            $run.Output | Should -HaveCount 1
            $run.Output[0] | Should -BeOfType [string]
            $text.EndsWith([string][char]10 + '# EOF' + [char]10) | Should -BeTrue
        }

        It 'gives notAfter as Unix seconds, labelled subject, issuer, serial, thumbprint, source' {
            $line = Get-MetricLine $text 'pkirev_certificate_not_after_timestamp_seconds' 'subject' 'CN=expired.pkirevocation.test'
            $line | Should -HaveCount 1
            $line[0] | Should -Match 'issuer=.CN=PkiRevocation Pester Fixture CA.,serial=.1002.,thumbprint=.[0-9A-F]{40}.,source=.[^,]*bundle\.pem.\} 1777593600$'
        }

        It 'gives the expiry status of <Subject> as <Status>' -TestCases @(
            @{ Subject = 'CN=valid.pkirevocation.test'; Status = 'Valid' }
            @{ Subject = 'CN=expired.pkirevocation.test'; Status = 'Expired' }
            @{ Subject = 'CN=notyetvalid.pkirevocation.test'; Status = 'NotYetValid' }
        ) {
            param($Subject, $Status)
            $ones = @(Get-MetricLine $text 'pkirev_certificate_expiry_status' 'subject' $Subject | Where-Object { $_.EndsWith('} 1') })
            $ones | Should -HaveCount 1
            $ones[0] | Should -Match ('status=.' + $Status + '.\} 1$')
        }

        It 'passes promtool check metrics' -Skip:(-not (Get-Command promtool -ErrorAction SilentlyContinue)) {
            $check = $text | promtool check metrics 2>&1
            $LASTEXITCODE | Should -Be 0
            $check | Should -BeNullOrEmpty
        }
    }

    Context 'Input it cannot convert' {
        It 'writes MetricsInputUnsupported for that object and converts the next one' {
            $run = Invoke-PackagedModule -ArgumentList (Get-FixturePath 'expired.pem'), $script:ReferenceTime -ScriptBlock {
                param($Path, $At)
                @('not a result') + @(Get-CertificateExpiry -Path $Path -At $At) | ConvertTo-CertificateMetrics
            }
            $run.Errors | Should -HaveCount 1
            $run.Errors[0].ErrorId | Should -Be 'MetricsInputUnsupported,PkiRevocation.PowerShell.Commands.ConvertToCertificateMetricsCommand'
            $run.Errors[0].Category | Should -Be 'InvalidArgument'
            $run.Errors[0].Target | Should -Be 'not a result'
            Get-MetricLine ([string]$run.Output[0]) 'pkirev_certificate_not_after_timestamp_seconds' 'subject' 'CN=expired.pkirevocation.test' | Should -HaveCount 1
        }
    }
}
