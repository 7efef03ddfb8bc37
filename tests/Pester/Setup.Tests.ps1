#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# tools/setup.sh, the set-up `bash build.sh test` runs first: where it cannot install a missing Debian package (not
# root, no apt-get) it stops at once, naming the packages and the command that installs them. The missing package and
# the missing rights are simulated with the overrides the script documents; nothing is installed.

BeforeDiscovery {
    $script:NoBashReason = if ($PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows) { 'tools/setup.sh is the Debian set-up (Windows hosts use build.ps1)' }
}

BeforeAll {
    $script:Setup = Join-Path $PSScriptRoot '../../tools/setup.sh'

    function Invoke-Setup {
        param([hashtable] $Environment = @{}, [switch] $AsNobody)
        $info = [System.Diagnostics.ProcessStartInfo]::new($(if ($AsNobody) { 'setpriv' } else { 'bash' }))
        if ($AsNobody) { foreach ($a in '--reuid=65534', '--regid=65534', '--clear-groups', 'bash') { $info.ArgumentList.Add($a) } }
        $info.ArgumentList.Add($script:Setup)
        foreach ($name in $Environment.Keys) { $info.Environment[$name] = $Environment[$name] }
        $info.UseShellExecute = $false
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $process = [System.Diagnostics.Process]::Start($info)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit(120000)) { $process.Kill($true); throw 'tools/setup.sh did not finish in 2 minutes' }
        [pscustomobject]@{ ExitCode = $process.ExitCode; Out = $stdout.Result; Err = $stderr.Result }
    }
}

Describe 'tools/setup.sh' {
    BeforeEach {
        if ($script:NoBashReason) { Set-ItResult -Skipped -Because $script:NoBashReason }
    }

    It 'stops at once when it cannot install, naming the missing packages and the command' {
        $run = Invoke-Setup -Environment @{ PKIREV_SETUP_ASSUME_MISSING = 'slapd openssh-server'; PKIREV_SETUP_CANNOT_INSTALL = '1' }
        $run.ExitCode | Should -Be 3
        $run.Err | Should -Match 'not installed: slapd openssh-server'
        $run.Err | Should -Match ([regex]::Escape('sudo apt-get update && sudo apt-get install -y slapd openssh-server'))
        $run.Out | Should -Not -Match 'installing'
    }

    It 'treats a user who is not root as one who cannot install' -Skip:((-not $IsLinux) -or -not (Get-Command setpriv -ErrorAction SilentlyContinue)) {
        if ((& id -u) -ne '0') { Set-ItResult -Skipped -Because 'simulating another user needs root' }
        $run = Invoke-Setup -AsNobody -Environment @{ PKIREV_SETUP_ASSUME_MISSING = 'python3-aiosmtpd' }
        $run.ExitCode | Should -Be 3
        $run.Err | Should -Match 'install them with: sudo apt-get update && sudo apt-get install -y python3-aiosmtpd'
    }

    It 'goes on when every package is there (package check only)' {
        $run = Invoke-Setup -Environment @{ PKIREV_SETUP_PACKAGES_ONLY = '1' }
        $run.ExitCode | Should -Be 0 -Because $run.Err
        $run.Err | Should -BeNullOrEmpty
        $run.Out | Should -Not -Match 'installing'
    }
}
