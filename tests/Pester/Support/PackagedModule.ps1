# Helpers for the Pester tests: every test runs the PACKAGED module (out/PkiRevocation, laid out by the build) in a
# child process of the same PowerShell (pwsh, or powershell.exe for Windows PowerShell 5.1), so nothing the test
# session has loaded can hide a loading problem. Dot-source this file in BeforeAll.

$script:RepoRoot = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '../../..')).Path
$script:ModuleManifest = Join-Path $script:RepoRoot 'out/PkiRevocation/PkiRevocation.psd1'
$script:FixtureDirectory = Join-Path $script:RepoRoot 'tests/Pester/Fixtures'

# The reference time every fixture status is decided at (see Fixtures/New-Fixtures.sh).
$script:ReferenceTime = [datetime]::Parse('2026-06-01T00:00:00Z', [cultureinfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::AdjustToUniversal)

function Get-FixturePath {
    param([Parameter(Mandatory)] [string] $Name)
    Join-Path $script:FixtureDirectory $Name
}

function Get-PowerShellCommand {
    <#
    .SYNOPSIS
        The command line that starts another PowerShell like this one: the program, then the arguments before any of
        PowerShell's own (pwsh.exe, powershell.exe, pwsh; or dotnet with pwsh.dll under the PowerShell dotnet tool).
    #>
    $program = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    if ([System.IO.Path]::GetFileNameWithoutExtension($program) -eq 'dotnet') {
        # The dotnet tool runs as `dotnet <tool folder>/pwsh.dll`, and $PSHOME is that folder.
        return @($program, (Join-Path $PSHOME 'pwsh.dll'))
    }
    @($program)
}

function Invoke-PackagedModule {
    <#
    .SYNOPSIS
        Runs a script block in a child PowerShell that imported the packaged module (-NoImport: that did not, for a
        test that imports it itself); returns Output, Errors, Edition.
    #>
    param(
        [Parameter(Mandatory)] [scriptblock] $ScriptBlock,
        [object[]] $ArgumentList = @(),
        [switch] $NoImport
    )

    if (-not (Test-Path -LiteralPath $script:ModuleManifest)) {
        throw "The packaged module is missing: $script:ModuleManifest. Run ./build.ps1 -Task Build first."
    }

    $work = Join-Path ([System.IO.Path]::GetTempPath()) ('pkirev-pester-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $work | Out-Null
    try {
        $bodyFile = Join-Path $work 'body.ps1'
        $argumentsFile = Join-Path $work 'arguments.clixml'
        $resultFile = Join-Path $work 'result.clixml'
        [System.IO.File]::WriteAllText($bodyFile, $ScriptBlock.ToString())
        # Wrapped, because an array given to Export-Clixml comes back from Import-Clixml as one ArrayList.
        Export-Clixml -InputObject ([pscustomobject]@{ Arguments = $ArgumentList }) -Path $argumentsFile -Depth 6

        $runner = Join-Path $PSScriptRoot 'Invoke-ChildScript.ps1'
        $command = @(Get-PowerShellCommand)
        $prefix = @($command | Select-Object -Skip 1)
        $childSwitches = @(if ($NoImport) { '-NoImport' })
        $output = & $command[0] @prefix -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $runner `
            -ModuleManifest $script:ModuleManifest -BodyFile $bodyFile -ArgumentsFile $argumentsFile -ResultFile $resultFile @childSwitches 2>&1
        if ($LASTEXITCODE -ne 0 -or -not (Test-Path -LiteralPath $resultFile)) {
            throw "The child PowerShell failed (exit code $LASTEXITCODE): $($output -join [Environment]::NewLine)"
        }
        Import-Clixml -Path $resultFile
    }
    finally {
        Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
    }
}

function Get-ClosedTcpPort {
    # A port nobody listens on: bound, read, released.
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}
