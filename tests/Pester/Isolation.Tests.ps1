#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Dependency isolation in real PowerShell: another module has already loaded an older BouncyCastle.Cryptography (2.4.0)
# and an older MimeKit (4.18.0) into the session when ours is imported. Test-OcspStatus (BouncyCastle) and
# Send-CertificateMonitorTestMail (MailKit/MimeKit) must still work, each through OUR copies from Dependencies/, and the
# other module's copies must stay what that module loaded. Real peers: `openssl ocsp` and aiosmtpd on 127.0.0.1.
# The older packages come from the same NuGet download as Pester (tools/pester/PesterDownload.csproj).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/PackagedModule.ps1')
    . (Join-Path $PSScriptRoot 'Support/TestPeers.ps1')

    $nugetRoot = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $script:OtherBouncyCastle = Join-Path $nugetRoot 'bouncycastle.cryptography/2.4.0/lib/netstandard2.0/BouncyCastle.Cryptography.dll'
    $script:OtherMimeKit = Join-Path $nugetRoot 'mimekit/4.18.0/lib/netstandard2.0/MimeKit.dll'
    foreach ($path in $script:OtherBouncyCastle, $script:OtherMimeKit) {
        if (-not (Test-Path -LiteralPath $path)) { throw "Missing ${path}: run tools/setup.sh (it restores tools/pester/PesterDownload.csproj)." }
    }
    $script:NotHereReason = if ($PSVersionTable.PSEdition -eq 'Desktop') {
        'Windows PowerShell 5.1 has one AppDomain and no load contexts: the module resolves its own versions there (ModuleLoadingTests)'
    }

    if (-not $script:NotHereReason) {
        $work = Join-Path $TestDrive 'isolation'
        $script:Pki = New-TestOcspPki -Directory (Join-Path $work 'pki')
        $script:Responder = Start-TestOcspResponder -Pki $script:Pki -Directory $work
        $script:Smtp = Start-SmtpSink -Directory $work

        $script:Run = Invoke-PackagedModule -NoImport -ArgumentList $script:ModuleManifest, $script:OtherBouncyCastle, $script:OtherMimeKit, $script:Pki.Good, $script:Pki.Ca, $script:Responder.Url, $script:Smtp.Port, (Join-Path $work 'home') -ScriptBlock {
            param($Manifest, $OtherBouncyCastle, $OtherMimeKit, $Good, $Ca, $ResponderUrl, $SmtpPort, $HomeDirectory)
            # The other module: loads its copies into the default context and uses them.
            Add-Type -LiteralPath $OtherBouncyCastle, $OtherMimeKit
            $otherDigest = [Org.BouncyCastle.Crypto.Digests.Sha256Digest]::new().AlgorithmName
            $otherMessage = [MimeKit.MimeMessage]::new()
            $otherMessage.Subject = 'from the other module'

            $env:PKIREVOCATION_HOME = $HomeDirectory
            Import-Module -Name $Manifest -ErrorAction Stop
            $ocsp = Test-OcspStatus -Certificate ([System.Security.Cryptography.X509Certificates.X509Certificate2]::new($Good)) -Issuer ([System.Security.Cryptography.X509Certificates.X509Certificate2]::new($Ca)) -ResponderUri $ResponderUrl
            Set-CertificateMonitor -EmailTo 'admin@example.test' -From 'monitor@example.test' -SmtpServer '127.0.0.1' -SmtpPort $SmtpPort -SmtpSecurity None
            $mail = Send-CertificateMonitorTestMail

            $loaded = foreach ($assembly in [System.AppDomain]::CurrentDomain.GetAssemblies()) {
                $name = $assembly.GetName()
                if ($name.Name -notin 'BouncyCastle.Cryptography', 'MimeKit', 'MailKit') { continue }
                [pscustomobject]@{
                    Name     = $name.Name
                    Version  = [System.Diagnostics.FileVersionInfo]::GetVersionInfo($assembly.Location).FileVersion
                    Location = $assembly.Location
                    Context  = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($assembly).Name
                }
            }
            [pscustomobject]@{
                OtherDigest     = $otherDigest
                OtherSubject    = $otherMessage.Subject
                OcspStatus      = [string]$ocsp.Status
                OcspReason      = [string]$ocsp.FailureReason
                MailAccepted    = $mail.Accepted
                MailReply       = [string]$mail.ServerResponse
                Loaded          = @($loaded)
            }
        }
    }
}

AfterAll {
    if ($script:Responder) { Stop-TestProcess $script:Responder.Process }
    if ($script:Smtp) { Stop-TestPeer $script:Smtp.Process }
}

Describe 'Dependency isolation: an older BouncyCastle and MimeKit loaded first by another module' {
    BeforeEach {
        if ($script:NotHereReason) { Set-ItResult -Skipped -Because $script:NotHereReason }
    }

    It 'imports and runs without an error' {
        $script:Run.Errors | Should -BeNullOrEmpty
        $script:Run.Output | Should -HaveCount 1
    }

    It 'checks OCSP through its own BouncyCastle: Good from openssl ocsp' {
        $script:Run.Output[0].OcspStatus | Should -Be 'Good' -Because $script:Run.Output[0].OcspReason
    }

    It 'sends the test mail through its own MailKit and MimeKit: the server''s own reply' {
        $script:Run.Output[0].MailAccepted | Should -BeTrue
        $script:Run.Output[0].MailReply | Should -Match '^250\b'
        [System.IO.File]::ReadAllText($script:Smtp.Log) | Should -Match '(?m)^Message-ID: <'
    }

    It 'loads BouncyCastle.Cryptography twice: 2.4.0 where the other module put it, 2.7.0 from Dependencies in its private context' {
        # Every BouncyCastle 2.x carries the assembly version 2.0.0.0: only the file version tells them apart, which is
        # why the default load context would bind our engine to the other module's copy.
        $bouncyCastle = @($script:Run.Output[0].Loaded | Where-Object Name -EQ 'BouncyCastle.Cryptography' | Sort-Object Version)
        $bouncyCastle | Should -HaveCount 2
        $bouncyCastle[0].Version | Should -BeLike '2.4.0.*'
        $bouncyCastle[0].Location | Should -Be $script:OtherBouncyCastle
        $bouncyCastle[0].Context | Should -Be 'Default'
        $bouncyCastle[1].Version | Should -BeLike '2.7.0.*'
        $bouncyCastle[1].Location | Should -BeLike '*out/PkiRevocation/Dependencies/BouncyCastle.Cryptography.dll'
        $bouncyCastle[1].Context | Should -Be 'PkiRevocation.Dependencies'
    }

    It 'loads MimeKit twice: the other module''s in the default context, ours beside MailKit in the private one' {
        $mimeKit = @($script:Run.Output[0].Loaded | Where-Object Name -EQ 'MimeKit')
        $mimeKit | Should -HaveCount 2
        @($mimeKit | Where-Object Location -EQ $script:OtherMimeKit | ForEach-Object Context) | Should -Be @('Default')
        $ours = @($mimeKit | Where-Object Location -NE $script:OtherMimeKit)
        $ours[0].Location | Should -BeLike '*out/PkiRevocation/Dependencies/MimeKit.dll'
        $ours[0].Version | Should -Not -BeLike '4.18.0.*'   # MimeKit 4.18.2's file says 4.18.1.0
        $ours[0].Context | Should -Be 'PkiRevocation.Dependencies'
        $mailKit = @($script:Run.Output[0].Loaded | Where-Object Name -EQ 'MailKit')
        $mailKit | Should -HaveCount 1
        $mailKit[0].Context | Should -Be 'PkiRevocation.Dependencies'
    }

    It 'leaves the other module''s copies working for it' {
        $script:Run.Output[0].OtherDigest | Should -Be 'SHA-256'
        $script:Run.Output[0].OtherSubject | Should -Be 'from the other module'
    }
}
