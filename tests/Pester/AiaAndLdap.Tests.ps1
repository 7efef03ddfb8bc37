# Pester 5. The certificate's own pointers as AD CS writes them: AIA caIssuers and CRL distribution points listing
# an ldap:// location (slapd holding an AD-CS-shaped CA object) before an http one (python's http.server), the issuer
# given nowhere and in no store. Needs openssl, slapd/slapadd and python3 (.ci/run installs them); the same behaviour
# is covered by xunit in tests/PkiRevocation.Engine.Tests/Revocation/AiaAndLdapTests.cs and
# tests/PkiRevocation.Cli.Tests/AiaLdapCommandTests.cs.
BeforeDiscovery {
    $script:Slapd = @('/usr/sbin/slapd', '/usr/sbin/slapadd') | Where-Object { Test-Path $_ }
    $script:NoPeers = -not (Get-Command openssl -ErrorAction SilentlyContinue) -or $script:Slapd.Count -lt 2 -or -not (Test-Path '/usr/bin/python3')
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/PkiRevocation/PkiRevocation.psd1') -Force
    $script:SavedHome = $env:PKIREVOCATION_HOME

    function Invoke-Tool([string] $Tool, [string[]] $Arguments) {
        $output = & $Tool @Arguments 2>&1
        if ($LASTEXITCODE -ne 0) { throw "$Tool $($Arguments -join ' ') failed: $output" }
    }

    . (Join-Path $PSScriptRoot 'Support/TestPeers.ps1')

    function Start-Peer([string] $Name, [string] $FilePath, [string[]] $Arguments) {
        Start-Process -FilePath $FilePath -ArgumentList ($Arguments | ForEach-Object { '"{0}"' -f $_ }) -PassThru -NoNewWindow `
            -RedirectStandardOutput (Join-Path $dir "$Name.out") -RedirectStandardError (Join-Path $dir "$Name.err")
    }

    $dir = Join-Path $TestDrive 'adcs'
    $web = Join-Path $dir 'web'
    New-Item -ItemType Directory -Path $web -Force | Out-Null
    $ldapPort = Get-FreeTcpPort
    $httpPort = Get-FreeTcpPort
    $ocspPort = Get-FreeTcpPort
    $services = 'CN=Public Key Services,CN=Services,CN=Configuration,DC=pki,DC=test'
    $cdpDn = "CN=Pester Issuing CA,CN=PKI01,CN=CDP,$services"
    $aiaDn = "CN=Pester Issuing CA,CN=AIA,$services"
    $script:CrlUrl = "ldap://127.0.0.1:$ldapPort/$($cdpDn.Replace(' ', '%20'))?certificateRevocationList?base?objectClass=cRLDistributionPoint"
    $script:CaIssuersUrl = "ldap://127.0.0.1:$ldapPort/$($aiaDn.Replace(' ', '%20'))?cACertificate?base?objectClass=certificationAuthority"
    $script:HttpCaUrl = "http://127.0.0.1:$httpPort/ca.cer"

    # The CA (an OpenSSL CA database, for the CRL and the responder) and a leaf whose AIA and CDP list ldap, then http.
    Set-Content -Path (Join-Path $dir 'index.txt') -Value $null
    Set-Content -Path (Join-Path $dir 'crlnumber') -Value '10'
    $config = Join-Path $dir 'ca.cnf'
    [System.IO.File]::WriteAllText($config, @"
[ca]
default_ca = ca_section
[ca_section]
database = $dir/index.txt
crlnumber = $dir/crlnumber
certificate = $dir/ca.pem
private_key = $dir/ca.key
default_md = sha256
default_crl_days = 7
[req]
distinguished_name = dn
[dn]
[ca_ext]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[leaf_ext]
basicConstraints = critical,CA:false
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
authorityInfoAccess = @aia
crlDistributionPoints = @cdp
[aia]
caIssuers;URI.0 = $script:CaIssuersUrl
caIssuers;URI.1 = $script:HttpCaUrl
OCSP;URI.0 = http://127.0.0.1:$ocspPort/
[cdp]
URI.0 = $script:CrlUrl
URI.1 = http://127.0.0.1:$httpPort/ca.crl
"@)
    Push-Location $dir
    try {
        Invoke-Tool openssl @('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem',
            '-subj', '/DC=test/DC=pki/CN=Pester Issuing CA', '-days', '30', '-config', $config, '-extensions', 'ca_ext')
        Invoke-Tool openssl @('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=leaf.pester.test', '-config', $config)
        Invoke-Tool openssl @('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '0x5001', '-days', '10',
            '-extfile', $config, '-extensions', 'leaf_ext', '-out', 'leaf.pem')
        Invoke-Tool openssl @('ca', '-gencrl', '-config', $config, '-out', 'ca.crl.pem')
        Invoke-Tool openssl @('crl', '-in', 'ca.crl.pem', '-outform', 'DER', '-out', 'ca.crl')
        Invoke-Tool openssl @('x509', '-in', 'ca.pem', '-outform', 'DER', '-out', (Join-Path $web 'ca.cer'))
    } finally { Pop-Location }
    $script:Leaf = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new((Join-Path $dir 'leaf.pem'))

    # slapd with the AD CS objects: CN=<CA>,CN=<host>,CN=CDP,... (the CRL) and CN=<CA>,CN=AIA,... (the CA certificate).
    $caDer = [Convert]::ToBase64String([System.IO.File]::ReadAllBytes((Join-Path $web 'ca.cer')))
    $crlDer = [Convert]::ToBase64String([System.IO.File]::ReadAllBytes((Join-Path $dir 'ca.crl')))
    $entries = @("dn: DC=pki,DC=test`nobjectClass: domain`ndc: pki")
    foreach ($container in @('CN=Configuration,DC=pki,DC=test', 'CN=Services,CN=Configuration,DC=pki,DC=test', $services, "CN=CDP,$services", "CN=PKI01,CN=CDP,$services", "CN=AIA,$services")) {
        $entries += "dn: $container`nobjectClass: applicationProcess`ncn: $($container.Substring(3, $container.IndexOf(',') - 3))"
    }
    $entries += "dn: $cdpDn`nobjectClass: cRLDistributionPoint`ncn: Pester Issuing CA`ncertificateRevocationList;binary:: $crlDer"
    $entries += "dn: $aiaDn`nobjectClass: applicationProcess`nobjectClass: certificationAuthority`ncn: Pester Issuing CA`ncACertificate;binary:: $caDer`ncertificateRevocationList;binary:: $crlDer`nauthorityRevocationList;binary:: $crlDer"
    $ldif = Join-Path $dir 'data.ldif'
    [System.IO.File]::WriteAllText($ldif, ($entries -join "`n`n") + "`n")
    New-Item -ItemType Directory -Path (Join-Path $dir 'db') | Out-Null
    $slapdConf = Join-Path $dir 'slapd.conf'
    [System.IO.File]::WriteAllText($slapdConf, @"
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
pidfile $dir/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
suffix "DC=pki,DC=test"
directory $dir/db
maxsize 67108864
"@)
    Invoke-Tool /usr/sbin/slapadd @('-f', $slapdConf, '-l', $ldif)

    $now = [datetime]::UtcNow
    [System.IO.File]::WriteAllText((Join-Path $dir 'ocsp-index.txt'), "V`t$($now.AddDays(10).ToString('yyMMddHHmmss'))Z`t`t5001`tunknown`t/CN=leaf.pester.test`n")
    $script:Peers = @(
        Start-Peer 'slapd' '/usr/sbin/slapd' @('-d', '0', '-f', $slapdConf, '-h', "ldap://127.0.0.1:$ldapPort/")
        Start-Peer 'http' '/usr/bin/python3' @('-m', 'http.server', $httpPort, '--bind', '127.0.0.1', '--directory', $web)
        Start-Peer 'ocsp' (Get-Command openssl).Source @('ocsp', '-index', (Join-Path $dir 'ocsp-index.txt'), '-port', $ocspPort, '-rsigner', (Join-Path $dir 'ca.pem'),
            '-rkey', (Join-Path $dir 'ca.key'), '-CA', (Join-Path $dir 'ca.pem'), '-ignore_err', '-nmin', '60')
    )
    Wait-Listening $ldapPort
    Wait-Http $httpPort
    Wait-Http $ocspPort
}

AfterAll {
    foreach ($peer in $script:Peers) { $peer | Stop-Process -Force -ErrorAction SilentlyContinue }
    $env:PKIREVOCATION_HOME = $script:SavedHome
}

Describe 'AIA caIssuers and LDAP distribution points' -Skip:$script:NoPeers {
    BeforeEach {
        $env:PKIREVOCATION_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
    }

    It 'Test-OcspStatus without -Issuer is Good through the issuer fetched from AIA over http, then the next input is still checked' {
        $results = @($script:Leaf, $script:Leaf | Test-OcspStatus -TimeoutSec 5)

        $results.Count | Should -Be 2
        $results[0].Status | Should -Be 'Good'
        (@($results[0].Steps) -like "Issuer 'CN=Pester Issuing CA, *' found in the certificate's AIA caIssuers $($script:HttpCaUrl) (fetched; used only as the issuer that signed this certificate, not as a trust anchor).").Count | Should -Be 1
        $results[1].Status | Should -Be 'Good'
    }

    It 'Test-OcspStatus -NoAiaFetch is Indeterminate with IssuerNotFound' {
        $result = Test-OcspStatus -Certificate $script:Leaf -NoAiaFetch -TimeoutSec 5

        $result.Status | Should -Be 'Indeterminate'
        $result.FailureReason | Should -Be 'IssuerNotFound'
    }

    It 'Test-CertificateRevocation -Method Crl decides through the ldap:// distribution point under a policy with PreferHttp off' {
        Set-RevocationPolicy AdCs -PreferHttp $false
        (Get-RevocationPolicy -Name AdCs).PreferHttp | Should -BeFalse

        $result = Test-CertificateRevocation -Certificate $script:Leaf -Policy AdCs -Method Crl -TimeoutSec 5

        $result.Status | Should -Be 'NotRevoked'
        $result.DecidedBy | Should -Be 'Crl'
        $result.Steps | Should -Contain 'CRL decided: not revoked'
        ($result.Steps -like "*found at the certificate's AIA caIssuers $($script:CaIssuersUrl) (fetched*").Count | Should -Be 1
        ($result.Steps -like "CRL: $($script:CrlUrl): LDAP 127.0.0.1:*, anonymous bind, base search of*: 1 value(s)*").Count | Should -Be 1
    }

    It 'Get-RevocationPolicy shows PreferHttp on by default' {
        (Get-RevocationPolicy -Name Default).PreferHttp | Should -BeTrue
    }
}
