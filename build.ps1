#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests and packages PkiRevocation on hosts with PowerShell (Windows PowerShell 5.1 or PowerShell 7).

.DESCRIPTION
    Build    dotnet build of the solution; the LayoutModule MSBuild target lays out out/PkiRevocation/ (the same
             happens on machines without PowerShell, where `dotnet build` alone is enough).
    Test     Build, then the xunit tests (dotnet test), the PowerShell parse check (tools/ps-parse, when node is
             installed) and the Pester tests in tests/Pester (tools/pester/Invoke-PesterSuite.ps1: Pester 5.7.1 from
             NuGet, no PowerShell Gallery), which import the packaged module in child processes of this PowerShell.
    Package  Build, then out/package/PkiRevocation/<version>/ (an installable module folder) and
             out/PkiRevocation-<version>.zip, after Test-ModuleManifest on the packaged manifest.

.EXAMPLE
    ./build.ps1 -Task Test

.EXAMPLE
    ./build.ps1 -Task Build, Package -Configuration Release
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Passed to dotnet test --filter, for hosts that lack a real peer some tests start (slapd, aiosmtpd).
    [string] $TestFilter,

    # Skips the Pester tests.
    [switch] $SkipPester
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$RepoRoot = $PSScriptRoot
$Solution = Join-Path $RepoRoot 'PkiRevocation.sln'
$ModuleDirectory = Join-Path $RepoRoot 'out/PkiRevocation'
$ResultsDirectory = Join-Path $RepoRoot 'out/TestResults'

function Invoke-Native {
    # Runs a native command and stops the build when it fails.
    param(
        [Parameter(Mandatory)] [string] $FilePath,
        [string[]] $ArgumentList = @()
    )
    Write-Host "> $FilePath $($ArgumentList -join ' ')" -ForegroundColor Cyan
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) {
        throw "$FilePath exited with code $LASTEXITCODE."
    }
}

function Get-ModuleVersion {
    (Import-PowerShellDataFile -Path (Join-Path $RepoRoot 'PkiRevocation.psd1')).ModuleVersion
}

function Invoke-BuildTask {
    Invoke-Native -FilePath 'dotnet' -ArgumentList @('build', $Solution, '--configuration', $Configuration, '--nologo')
    if (-not (Test-Path -LiteralPath (Join-Path $ModuleDirectory 'PkiRevocation.psd1'))) {
        throw "The build did not lay out $ModuleDirectory."
    }
}

function Invoke-ParseCheck {
    $node = Get-Command -Name 'node' -CommandType Application -ErrorAction SilentlyContinue
    if ($null -eq $node) {
        Write-Warning 'node is not installed: skipping the tree-sitter PowerShell parse check (CI runs it).'
        return
    }
    $tool = Join-Path $RepoRoot 'tools/ps-parse'
    Invoke-Native -FilePath 'npm' -ArgumentList @('ci', '--prefix', $tool, '--ignore-scripts', '--no-audit', '--no-fund')
    Invoke-Native -FilePath 'node' -ArgumentList @((Join-Path $tool 'parse.js'), $RepoRoot)
}

function Invoke-PesterTests {
    if ($SkipPester) {
        Write-Warning 'Pester tests skipped (-SkipPester).'
        return
    }
    # In this PowerShell (Windows PowerShell 5.1 or pwsh): the children the tests start are the same edition.
    # Pester comes from NuGet at the version pinned in tools/pester/PesterDownload.csproj, as in bash build.sh test.
    & (Join-Path $RepoRoot 'tools/pester/Invoke-PesterSuite.ps1')
}

function Invoke-TestTask {
    Invoke-BuildTask
    Invoke-ParseCheck
    $arguments = @('test', $Solution, '--configuration', $Configuration, '--no-build', '--nologo', '--results-directory', $ResultsDirectory, '--logger', 'trx')
    if ($TestFilter) {
        $arguments += @('--filter', $TestFilter)
    }
    Invoke-Native -FilePath 'dotnet' -ArgumentList $arguments
    Invoke-PesterTests
}

function Invoke-PackageTask {
    Invoke-BuildTask
    $version = Get-ModuleVersion
    $manifest = Test-ModuleManifest -Path (Join-Path $ModuleDirectory 'PkiRevocation.psd1')
    if ([string]$manifest.Version -ne $version) {
        throw "The packaged manifest says $($manifest.Version), the source says $version."
    }

    $packageRoot = Join-Path $RepoRoot 'out/package'
    $target = Join-Path $packageRoot "PkiRevocation/$version"
    if (Test-Path -LiteralPath $packageRoot) {
        Remove-Item -LiteralPath $packageRoot -Recurse -Force
    }
    $null = New-Item -ItemType Directory -Path $target -Force
    Copy-Item -Path (Join-Path $ModuleDirectory '*') -Destination $target -Recurse

    $zip = Join-Path $RepoRoot "out/PkiRevocation-$version.zip"
    if (Test-Path -LiteralPath $zip) {
        Remove-Item -LiteralPath $zip -Force
    }
    Compress-Archive -Path (Join-Path $packageRoot 'PkiRevocation') -DestinationPath $zip
    Write-Host "Packaged $target and $zip" -ForegroundColor Green
}

foreach ($name in $Task) {
    Write-Host "=== $name ($Configuration, PowerShell $($PSVersionTable.PSVersion) $($PSVersionTable.PSEdition))" -ForegroundColor Green
    switch ($name) {
        'Build' { Invoke-BuildTask }
        'Test' { Invoke-TestTask }
        'Package' { Invoke-PackageTask }
    }
}
