#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Register-CertificateMonitorTask and Unregister-CertificateMonitorTask against the PACKAGED module (out/PkiRevocation),
# each case in a child PowerShell process with its own PKIREVOCATION_HOME.
#   Windows: only -WhatIf registers or deletes nothing, so every registering case uses -WhatIf under a throwaway task
#            name (\PkiRevocationPester\<random>) and checks with schtasks that no such task exists afterwards; the one
#            real schtasks call deletes a task that does not exist (ScheduledTaskFailed).
#   Elsewhere: nothing is ever registered; the cmdlets say which cron line or systemd timer to install or remove.
# The task XML, cron line and units are covered by xunit in tests/PkiRevocation.Engine.Tests/Monitoring.

BeforeDiscovery {
    $script:OnWindows = ($PSVersionTable.PSEdition -eq 'Desktop') -or ($IsWindows -eq $true)
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/PackagedModule.ps1')

    # Runs $Check in the child with a fresh PKIREVOCATION_HOME; $Check receives a throwaway task name and the home.
    function Invoke-TaskCase {
        param([Parameter(Mandatory)] [scriptblock] $Check)
        $homeDirectory = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $taskName = '\PkiRevocationPester\' + [guid]::NewGuid().ToString('N')
        $checkText = $Check.ToString()
        Invoke-PackagedModule -ArgumentList $homeDirectory, $checkText, $taskName -ScriptBlock {
            param($HomeDirectory, $Check, $TaskName)
            $env:PKIREVOCATION_HOME = $HomeDirectory
            New-Item -ItemType Directory -Path $HomeDirectory -Force | Out-Null
            & ([scriptblock]::Create($Check)) $TaskName $HomeDirectory
        }
    }
}

Describe 'Register-CertificateMonitorTask' {
    Context 'Windows: -WhatIf registers nothing' -Skip:(-not $script:OnWindows) {
        It 'writes no definition, no error, creates no task and leaves the monitor schedule as it was' {
            $run = Invoke-TaskCase -Check {
                param($TaskName)
                $before = Get-CertificateMonitor
                Register-CertificateMonitorTask -TaskName $TaskName -Scope CurrentUser -WhatIf -WarningVariable warnings
                $after = Get-CertificateMonitor
                $null = & schtasks.exe /Query /TN $TaskName 2>&1
                [pscustomobject]@{
                    Kind          = 'State'
                    QueryExitCode = $LASTEXITCODE
                    Warnings      = @($warnings | ForEach-Object { $_.Message })
                    NextRunSame   = ([string]$before.NextRun -eq [string]$after.NextRun)
                    LastRunSame   = ([string]$before.LastRun -eq [string]$after.LastRun)
                }
            }
            $run.Errors | Should -BeNullOrEmpty
            $run.Output | Should -HaveCount 1
            $run.Output[0].Kind | Should -Be 'State'
            $run.Output[0].QueryExitCode | Should -Not -Be 0
            $run.Output[0].Warnings | Should -BeNullOrEmpty
            $run.Output[0].NextRunSame | Should -BeTrue
            $run.Output[0].LastRunSame | Should -BeTrue
        }
    }

    Context 'Elsewhere: registers nothing and says what to install' -Skip:$script:OnWindows {
        BeforeAll {
            $script:run = Invoke-TaskCase -Check {
                param($TaskName, $HomeDirectory)
                $before = Get-CertificateMonitor
                Register-CertificateMonitorTask -Scope AllUsers -WarningVariable warnings
                $after = Get-CertificateMonitor
                [pscustomobject]@{
                    Kind        = 'State'
                    Home        = $HomeDirectory
                    Warnings    = @($warnings | ForEach-Object { $_.Message })
                    NextRunSame = ([string]$before.NextRun -eq [string]$after.NextRun)
                }
            }
            $script:definition = @($run.Output | Where-Object { $_.PSObject.TypeNames -contains 'Deserialized.PkiRevocation.Monitoring.MonitorTaskDefinition' })
            $script:state = @($run.Output | Where-Object { $_.Kind -eq 'State' })[0]
        }

        It 'writes one MonitorTaskDefinition that is not registered, and no error' {
            $run.Errors | Should -BeNullOrEmpty
            $definition | Should -HaveCount 1
            $definition[0].Registered | Should -BeFalse
            $definition[0].TaskName | Should -Be '\PkiRevocation\CertificateMonitor'
            $definition[0].RunAs | Should -Be ([Environment]::UserName)   # the crontab owner, not SYSTEM
        }

        It 'warns with the cron line and the systemd timer to install' {
            # The message spans lines: match escaped substrings, not wildcards.
            $state.Warnings | Should -HaveCount 1
            $state.Warnings[0] | Should -Match ('^' + [regex]::Escape("Scheduled tasks exist only on Windows. Here, add this line with 'crontab -e':"))
            $state.Warnings[0] | Should -Match ([regex]::Escape("pkirev monitor run --scope AllUsers >> '$($definition[0].CronLog)' 2>&1"))
            $state.Warnings[0] | Should -Match ([regex]::Escape('systemctl --user enable --now pkirevocation-monitor.timer'))
            $definition[0].Message | Should -Be $state.Warnings[0]
        }

        It 'carries an hourly cron line for pkirev and pwsh, with PKIREVOCATION_HOME and the scope' {
            $homeLeaf = Split-Path -Leaf $state.Home
            $definition[0].CronLinePkirev | Should -BeLike "0 * * * * PKIREVOCATION_HOME='*$homeLeaf' pkirev monitor run --scope AllUsers >> '*monitor-cron.log' 2>&1"
            $definition[0].CronLine | Should -BeLike "0 * * * * PKIREVOCATION_HOME='*$homeLeaf' '*' -NoProfile -NonInteractive -Command '*Invoke-CertificateMonitor -Scope AllUsers' >> '*monitor-cron.log' 2>&1"
        }

        It 'carries the systemd service and an hourly, persistent timer' {
            $definition[0].SystemdService | Should -Match ([regex]::Escape('Type=oneshot'))
            $definition[0].SystemdService | Should -Match ([regex]::Escape('ExecStart=pkirev monitor run --scope AllUsers'))
            $definition[0].SystemdTimer | Should -Match ([regex]::Escape('OnCalendar=hourly'))
            $definition[0].SystemdTimer | Should -Match ([regex]::Escape('Persistent=true'))
            $definition[0].TaskXml | Should -Match ([regex]::Escape('<Interval>PT1H</Interval>'))
        }

        It 'does not apply the restart rule: the monitor schedule is unchanged' {
            $state.NextRunSame | Should -BeTrue
        }

        It 'round-trips MonitorTaskDefinition through Export-Clixml/Import-Clixml inside the session' {
            $roundTrip = Invoke-TaskCase -Check {
                $file = Join-Path ([System.IO.Path]::GetTempPath()) ([guid]::NewGuid().ToString('N') + '.clixml')
                $original = Register-CertificateMonitorTask -WarningAction SilentlyContinue
                $original | Export-Clixml -Path $file
                $copy = Import-Clixml -Path $file
                Remove-Item -LiteralPath $file
                foreach ($name in 'TaskName', 'RunAs', 'Command', 'TaskXml', 'CronLine', 'CronLinePkirev', 'SystemdService', 'SystemdTimer', 'Registered', 'Message') {
                    [pscustomobject]@{ Property = $name; Same = ([string]$original.$name -eq [string]$copy.$name) }
                }
            }
            $roundTrip.Errors | Should -BeNullOrEmpty
            $roundTrip.Output | Should -HaveCount 10
            @($roundTrip.Output | Where-Object { -not $_.Same } | ForEach-Object { $_.Property }) | Should -BeNullOrEmpty
        }
    }
}

Describe 'Unregister-CertificateMonitorTask' {
    Context 'Windows' -Skip:(-not $script:OnWindows) {
        It 'deletes nothing and reports nothing with -WhatIf' {
            $run = Invoke-TaskCase -Check {
                param($TaskName)
                Unregister-CertificateMonitorTask -TaskName $TaskName -WhatIf
            }
            $run.Errors | Should -BeNullOrEmpty
            $run.Output | Should -BeNullOrEmpty
        }

        It 'reports ScheduledTaskFailed, naming the task, when there is no such task' {
            $run = Invoke-TaskCase -Check {
                param($TaskName)
                Unregister-CertificateMonitorTask -TaskName $TaskName -Confirm:$false
                [pscustomobject]@{ TaskName = $TaskName }
            }
            $run.Errors | Should -HaveCount 1
            $run.Errors[0].ErrorId | Should -BeLike 'ScheduledTaskFailed,*'
            $run.Errors[0].Category | Should -Be 'ObjectNotFound'
            $run.Errors[0].Target | Should -Be $run.Output[0].TaskName
            $run.Errors[0].Message | Should -Match ('^' + [regex]::Escape("schtasks could not delete '$($run.Output[0].TaskName)'"))
        }
    }

    Context 'Elsewhere' -Skip:$script:OnWindows {
        It 'deletes nothing, writes no error and warns which cron line or timer to remove' {
            $run = Invoke-TaskCase -Check {
                Unregister-CertificateMonitorTask -WarningVariable warnings
                [pscustomobject]@{ Warnings = @($warnings | ForEach-Object { $_.Message }) }
            }
            $run.Errors | Should -BeNullOrEmpty
            $run.Output | Should -HaveCount 1
            $run.Output[0].Warnings | Should -HaveCount 1
            $run.Output[0].Warnings[0] | Should -BeLike "Scheduled tasks exist only on Windows. Here, remove the 'monitor run' line with 'crontab -e'*"
            $run.Output[0].Warnings[0] | Should -BeLike '*systemctl --user disable --now pkirevocation-monitor.timer*'
        }
    }
}

# In this session: what a Linux admin gets, and whether the cron line works as written.
Describe 'Register-CertificateMonitorTask off Windows, in this session' -Skip:$script:OnWindows {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'Support/TestPeers.ps1')
        Import-Module $script:ModuleManifestPath -Force
        $script:SavedHome = $env:PKIREVOCATION_HOME
        $script:Manifest = (Get-Module PkiRevocation).Path
    }

    AfterAll {
        $env:PKIREVOCATION_HOME = $script:SavedHome
    }

    BeforeEach {
        $script:TestHome = New-TestHome
    }

    It 'says who runs it and what: the crontab owner and this pwsh, never SYSTEM or pwsh.exe' {
        $definition = Register-CertificateMonitorTask -Scope CurrentUser -WarningAction SilentlyContinue

        $definition.RunAs | Should -Be ([Environment]::UserName)
        $definition.RunAs | Should -Not -Be 'SYSTEM'
        $definition.Command | Should -Not -Match 'pwsh\.exe'
        $definition.CronLine | Should -Not -Match 'pwsh\.exe'
    }

    It 'imports the module by path in the pwsh cron line and appends output to a log instead of /dev/null' {
        $definition = Register-CertificateMonitorTask -Scope CurrentUser -WarningAction SilentlyContinue

        $definition.CronLine | Should -Match ([regex]::Escape("Import-Module '\''$script:Manifest'\'' -ErrorAction Stop; Invoke-CertificateMonitor -Scope CurrentUser"))
        $definition.CronLine | Should -Not -Match '/dev/null'
        $definition.CronLinePkirev | Should -Not -Match '/dev/null'
        $definition.CronLog | Should -BeLike "$script:TestHome*monitor-cron.log"
        $definition.CronLine | Should -BeLike "* >> '$($definition.CronLog)' 2>&1"
    }

    It 'runs the pwsh cron line as written under /bin/sh: the pass runs and its output lands in the log' {
        Set-CertificateMonitor -Source (Join-Path $script:FixtureDirectory 'valid.pem') -WebhookUri 'http://127.0.0.1:9/hook'
        $definition = Register-CertificateMonitorTask -Scope CurrentUser -WarningAction SilentlyContinue
        $command = $definition.CronLine -replace '^0 \* \* \* \* ', ''

        & '/bin/sh' '-c' $command
        $log = Get-Content -Raw -LiteralPath $definition.CronLog

        $log | Should -Not -Match 'is not recognized'
        $log | Should -Match 'Outcome|NotDue|Sent|Failed|Monitor'
    }

    It 'prints a What if line with -WhatIf and writes no definition' {
        # The What if line goes to the host, so this runs in a child pwsh and reads what it printed.
        $exe = (Get-Process -Id $PID).Path
        $prefix = @(if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
        $printed = & $exe @prefix -NoProfile -NonInteractive -Command "Import-Module '$script:Manifest'; `$d = Register-CertificateMonitorTask -WhatIf; 'definitions: ' + (`$d | Measure-Object).Count" 2>&1
        $whatIf = @($printed | ForEach-Object { [string]$_ })
        $output = @($whatIf | Where-Object { $_ -like 'definitions: *' -and $_ -ne 'definitions: 0' })
        $output | Should -BeNullOrEmpty
        ($whatIf -join "`n") | Should -Match 'What if: .*cron line'
    }
}
