#Requires -Version 5.1
<#
.SYNOPSIS
    Runs the Pester tests in tests/Pester with the Pester version pinned in tools/pester/PesterDownload.csproj.

.DESCRIPTION
    Pester comes from NuGet (no PowerShell Gallery): the restore-only project leaves it in the NuGet packages folder,
    this script lays it out as out/modules/Pester/<version>/ and puts out/modules first on PSModulePath (so
    `#Requires -Modules Pester` and `Import-Module Pester` find that version), runs the suite, writes NUnit XML to
    out/TestResults, and prints one summary line:
        Pester summary: passed N, failed N, skipped N, not run N
    It throws (exit code 1 under -File) when a test, block or file fails, or when no test ran.
    Used by `bash build.sh test` (in the PowerShell dotnet tool) and `./build.ps1 -Task Test` (in the host's
    PowerShell, Windows PowerShell 5.1 included).

.EXAMPLE
    dotnet pwsh -NoProfile -File tools/pester/Invoke-PesterSuite.ps1

.EXAMPLE
    dotnet pwsh -NoProfile -File tools/pester/Invoke-PesterSuite.ps1 -Path tests/Pester/Remoting.Tests.ps1
#>
[CmdletBinding()]
param(
    # Test files or folders, also as one comma-separated string (as -File passes it); all of tests/Pester by default.
    [string[]] $Path,

    # Pester's output verbosity (Detailed lists every test).
    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')]
    [string] $Verbosity = 'Detailed'
)

# No Set-StrictMode here: the test files run in this scope's children and are not written for it.
$ErrorActionPreference = 'Stop'
if ($PSVersionTable.PSVersion.Major -ge 7 -and [Console]::IsOutputRedirected) {
    $PSStyle.OutputRendering = 'PlainText'   # logs without colour codes
}

$repoRoot = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '../..')).Path
$Path = @($Path | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
if (-not $Path) { $Path = @(Join-Path $repoRoot 'tests/Pester') }

# Restore (a no-op when done) and locate Pester.psd1 in the NuGet packages folder.
$project = Join-Path $PSScriptRoot 'PesterDownload.csproj'
$located = & dotnet msbuild $project -restore -t:Locate -getProperty:PesterManifest -nologo -v:quiet 2>&1
if ($LASTEXITCODE -ne 0) {
    throw "Restoring Pester failed ($project): $($located -join [Environment]::NewLine)"
}
$source = Split-Path -Parent ([string]@($located)[-1]).Trim()
$version = (Import-PowerShellDataFile -Path (Join-Path $source 'Pester.psd1')).ModuleVersion

$modules = Join-Path $repoRoot 'out/modules'
$target = Join-Path $modules "Pester/$version"
if (-not (Test-Path -LiteralPath (Join-Path $target 'Pester.psd1'))) {
    $null = New-Item -ItemType Directory -Path $target -Force
    Copy-Item -Path (Join-Path $source '*') -Destination $target -Recurse -Force
}
$env:PSModulePath = $modules + [System.IO.Path]::PathSeparator + $env:PSModulePath

Import-Module -Name (Join-Path $target 'Pester.psd1') -Force
$results = Join-Path $repoRoot 'out/TestResults'
$null = New-Item -ItemType Directory -Path $results -Force

$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
$config.Output.Verbosity = $Verbosity
if ([Console]::IsOutputRedirected) { $config.Output.RenderMode = 'Plaintext' }
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$config.TestResult.OutputPath = Join-Path $results ('pester-{0}.xml' -f $PSVersionTable.PSEdition)

$ErrorActionPreference = 'Continue'   # the tests' own default
$result = Invoke-Pester -Configuration $config
$ErrorActionPreference = 'Stop'
if ($null -eq $result) {
    throw 'Pester ran no test (it found no test file or stopped before running one).'
}

# Failed blocks (a BeforeAll that threw) and failed containers (a file that did not load) fail the run too.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
Write-Host ('Pester summary: passed {0}, failed {1}, skipped {2}, not run {3}' -f $result.PassedCount, $failed, $result.SkippedCount, $result.NotRunCount)
if ($failed -gt 0 -or $result.Result -ne 'Passed') {
    throw "Pester: $failed failed (tests, blocks and files) of $($result.TotalCount) tests."
}
if ($result.PassedCount -eq 0) {
    throw 'Pester ran no test.'
}
