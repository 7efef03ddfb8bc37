# Runs in a CHILD PowerShell process started by Invoke-PackagedModule (PackagedModule.ps1): imports the packaged
# module from out/PkiRevocation, runs the test's script block with its arguments, and writes what came back
# (output objects, and each error as ErrorId/Category/Target/Message) to a Clixml file for the parent to read.
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $BodyFile,
    [Parameter(Mandatory)] [string] $ArgumentsFile,
    [Parameter(Mandatory)] [string] $ResultFile,
    [switch] $NoImport
)

$ProgressPreference = 'SilentlyContinue'
$ErrorActionPreference = 'Continue'
if (-not $NoImport) { Import-Module -Name $ModuleManifest -ErrorAction Stop }

$body = [scriptblock]::Create([System.IO.File]::ReadAllText($BodyFile))
# The parent wrote { Arguments = <the argument array> }; the array arrives as an ArrayList, one element per argument.
$arguments = [object[]](Import-Clixml -Path $ArgumentsFile).Arguments
$all = @(& $body @arguments 2>&1)

$result = [pscustomobject]@{
    Output = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
    Errors = @(
        $all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object {
            [pscustomobject]@{
                ErrorId  = $_.FullyQualifiedErrorId
                Category = [string]$_.CategoryInfo.Category
                Target   = [string]$_.TargetObject
                Message  = $_.Exception.Message
            }
        }
    )
    Edition = $PSVersionTable.PSEdition
}
Export-Clixml -InputObject $result -Path $ResultFile -Depth 5
