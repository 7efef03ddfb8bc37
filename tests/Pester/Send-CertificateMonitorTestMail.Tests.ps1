#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Send-CertificateMonitorTestMail against the PACKAGED module (out/PkiRevocation), each case in a child PowerShell
# process with its own PKIREVOCATION_HOME. No SMTP server is needed: the failure paths are tested here (no settings,
# a closed port on 127.0.0.1, a password without STARTTLS); delivery to a real server is covered by xunit against
# aiosmtpd (tests/PkiRevocation.Engine.Tests/Monitoring, tests/PkiRevocation.Cli.Tests/MonitorCommandTests.cs).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/PackagedModule.ps1')

    # Runs $Check in the child with a fresh PKIREVOCATION_HOME; $Check receives $Port.
    function Invoke-MailCase {
        param([Parameter(Mandatory)] [scriptblock] $Check, [int] $Port = 0)
        $homeDirectory = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $checkText = $Check.ToString()
        Invoke-PackagedModule -ArgumentList $homeDirectory, $checkText, $Port -ScriptBlock {
            param($HomeDirectory, $Check, $Port)
            $env:PKIREVOCATION_HOME = $HomeDirectory
            & ([scriptblock]::Create($Check)) $Port
        }
    }
}

Describe 'Send-CertificateMonitorTestMail' {
    It 'reports MonitorSettingsInvalid, naming each missing setting, before Set-CertificateMonitor' {
        $run = Invoke-MailCase -Check {
            Send-CertificateMonitorTestMail
        }
        $run.Output | Should -BeNullOrEmpty
        $run.Errors | Should -HaveCount 1
        $run.Errors[0].ErrorId | Should -BeLike 'MonitorSettingsInvalid,*'
        $run.Errors[0].Category | Should -Be 'InvalidData'
        $run.Errors[0].Target | Should -BeLike '*monitor.json'
        $run.Errors[0].Message | Should -BeLike 'Cannot send a test mail: *EmailTo names no recipient.*'
        $run.Errors[0].Message | Should -BeLike '*From is empty.*'
        $run.Errors[0].Message | Should -BeLike '*SmtpServer is empty.*'
    }

    It 'sends nothing and reports nothing with -WhatIf' {
        $run = Invoke-MailCase -Check {
            Send-CertificateMonitorTestMail -WhatIf
        }
        $run.Errors | Should -BeNullOrEmpty
        $run.Output | Should -BeNullOrEmpty
    }

    It 'reports SmtpSendFailed with the server and its answer when nothing listens on the port' {
        $port = Get-ClosedTcpPort
        $run = Invoke-MailCase -Port $port -Check {
            param($Port)
            Set-CertificateMonitor -EmailTo 'admin@example.test' -From 'monitor@example.test' -SmtpServer '127.0.0.1' -SmtpPort $Port -SmtpSecurity None
            Send-CertificateMonitorTestMail -ErrorVariable failures
            $delivery = $failures[0].TargetObject
            [pscustomobject]@{
                TargetType = $delivery.GetType().FullName
                Accepted   = $delivery.Accepted
                Recipients = @($delivery.Recipients)
            }
        }
        $run.Errors | Should -HaveCount 1
        $run.Errors[0].ErrorId | Should -BeLike 'SmtpSendFailed,*'
        $run.Errors[0].Category | Should -Be 'ConnectionError'
        $run.Errors[0].Message | Should -Match ('^' + [regex]::Escape("The SMTP server did not accept the test mail: 127.0.0.1:$($port): "))
        $run.Output | Should -HaveCount 1
        $run.Output[0].TargetType | Should -Be 'PkiRevocation.Monitoring.MailDelivery'
        $run.Output[0].Accepted | Should -BeFalse
        $run.Output[0].Recipients | Should -Be @('admin@example.test')
    }

    It 'refuses to send a -Credential login without TLS (SmtpSendFailed, no connection needed)' {
        $port = Get-ClosedTcpPort
        $run = Invoke-MailCase -Port $port -Check {
            param($Port)
            Set-CertificateMonitor -EmailTo 'admin@example.test' -From 'monitor@example.test' -SmtpServer '127.0.0.1' -SmtpPort $Port -SmtpSecurity None
            $credential = [pscredential]::new('smtp-user', (ConvertTo-SecureString -String 'Pa55-not-sent' -AsPlainText -Force))
            Send-CertificateMonitorTestMail -Credential $credential
        }
        $run.Output | Should -BeNullOrEmpty
        $run.Errors | Should -HaveCount 1
        $run.Errors[0].ErrorId | Should -BeLike 'SmtpSendFailed,*'
        $run.Errors[0].Message | Should -BeLike '*Refusing to send the SMTP login without TLS (SmtpSecurity StartTls or Tls).*'
        $run.Errors[0].Message | Should -Not -BeLike '*Pa55-not-sent*'
    }

    It 'takes an XOAUTH2 -AccessToken (a SecureString, as Get-Secret gives it) and refuses to send it without TLS' {
        $port = Get-ClosedTcpPort
        $run = Invoke-MailCase -Port $port -Check {
            param($Port)
            Set-CertificateMonitor -EmailTo 'admin@example.test' -From 'monitor@example.test' -SmtpServer '127.0.0.1' -SmtpPort $Port -SmtpSecurity None
            $token = ConvertTo-SecureString -String 'ya29.not-sent' -AsPlainText -Force
            Send-CertificateMonitorTestMail -AccessToken $token -AccessTokenUser 'monitor@example.test'
        }
        $run.Output | Should -BeNullOrEmpty
        $run.Errors | Should -HaveCount 1
        $run.Errors[0].ErrorId | Should -BeLike 'SmtpSendFailed,*'
        $run.Errors[0].Message | Should -BeLike '*Refusing to send the SMTP login without TLS (SmtpSecurity StartTls or Tls).*'
        $run.Errors[0].Message | Should -Not -BeLike '*ya29*'
    }

    It 'round-trips the MailDelivery of a failed send through Export-Clixml/Import-Clixml' {
        $port = Get-ClosedTcpPort
        $run = Invoke-MailCase -Port $port -Check {
            param($Port)
            Set-CertificateMonitor -EmailTo 'admin@example.test' -From 'monitor@example.test' -SmtpServer '127.0.0.1' -SmtpPort $Port -SmtpSecurity None
            Send-CertificateMonitorTestMail -ErrorVariable failures -ErrorAction SilentlyContinue
            $original = $failures[0].TargetObject
            $file = Join-Path ([System.IO.Path]::GetTempPath()) ([guid]::NewGuid().ToString('N') + '.clixml')
            $original | Export-Clixml -Path $file
            $copy = Import-Clixml -Path $file
            Remove-Item -LiteralPath $file
            foreach ($name in 'Accepted', 'StatusCode', 'ServerResponse') {
                [pscustomobject]@{ Property = $name; Same = ([string]$original.$name -eq [string]$copy.$name) }
            }
            [pscustomobject]@{ Property = 'Recipients'; Same = ((@($original.Recipients) -join ';') -eq (@($copy.Recipients) -join ';')) }
            [pscustomobject]@{ Property = 'TypeName'; Same = ($copy.PSObject.TypeNames -contains 'Deserialized.PkiRevocation.Monitoring.MailDelivery') }
        }
        $run.Errors | Should -BeNullOrEmpty
        $run.Output | Should -HaveCount 5
        @($run.Output | Where-Object { -not $_.Same } | ForEach-Object { $_.Property }) | Should -BeNullOrEmpty
    }
}
