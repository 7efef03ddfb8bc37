#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Every PowerShell file of the repository parses with PowerShell's own parser, in the PowerShell running the tests
# (the pinned pwsh 7.6 here; Windows PowerShell 5.1 and pwsh in the Windows workflow, which catches syntax 5.1 lacks).
# The tree-sitter check (tools/ps-parse) still runs in `bash build.sh test`; this is the authoritative one.

BeforeAll {
    $script:RepoRoot = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '../..')).Path

    function Get-SyntaxError {
        # "<path>:<line>:<column>: <message>" for each parse error of the script text.
        param([Parameter(Mandatory)] [AllowEmptyString()] [string] $Text, [Parameter(Mandatory)] [string] $Name)
        $tokens = $null
        $errors = $null
        $null = [System.Management.Automation.Language.Parser]::ParseInput($Text, $Name, [ref] $tokens, [ref] $errors)
        foreach ($parseError in $errors) {
            '{0}:{1}:{2}: {3}' -f $Name, $parseError.Extent.StartLineNumber, $parseError.Extent.StartColumnNumber, $parseError.Message
        }
    }

    $skip = '[\\/](node_modules|out|bin|obj|\.git)[\\/]'
    $script:Files = @(Get-ChildItem -LiteralPath $script:RepoRoot -Recurse -File -Include '*.ps1', '*.psm1', '*.psd1' |
            Where-Object { $_.FullName.Substring($script:RepoRoot.Length) -notmatch $skip })
}

Describe 'PowerShell syntax' {
    It 'finds the repository''s PowerShell files (build.ps1, the manifest, the Pester tests)' {
        $names = @($script:Files | ForEach-Object { $_.FullName.Substring($script:RepoRoot.Length + 1) -replace '\\', '/' })
        $names | Should -Contain 'build.ps1'
        $names | Should -Contain 'PkiRevocation.psd1'
        $names | Should -Contain 'tests/Pester/PowerShellSyntax.Tests.ps1'
        $names | Should -Not -Match '^(out|tools/ps-parse/node_modules)/'
    }

    It 'parses every file without an error' {
        $errors = @(foreach ($file in $script:Files) {
                Get-SyntaxError -Text ([System.IO.File]::ReadAllText($file.FullName)) -Name $file.FullName.Substring($script:RepoRoot.Length + 1)
            })
        $errors | Should -BeNullOrEmpty
    }

    It 'reports a broken script with its name, line and column' {
        $broken = "param([string] `$Path)`n`nfunction Test-It {`n    if (`$Path) {`n        Write-Output 'x'`n}`n"
        $errors = @(Get-SyntaxError -Text $broken -Name 'broken.ps1')
        $errors | Should -Not -BeNullOrEmpty
        $errors[0] | Should -Match '^broken\.ps1:\d+:\d+: .*\S'
    }
}
