#!/usr/bin/env bash
# Regenerates the revocation fixtures of the Pester tests (Test-CertificateRevocation) with the openssl CLI (3.0+:
# -crl_lastupdate/-crl_nextupdate). The results are committed so Windows runners need no openssl. Times are fixed;
# the tests pin -At 2026-06-01Z (inside the CRL's validity) and 2026-07-01Z (after its nextUpdate).
#   ca.pem         CN=PkiRevocation Pester Revocation CA, serial 0100, self-signed, 2026-01-01 .. 2036-01-01
#   good.pem       serial 2001, 2026-01-01 .. 2027-01-01, not on the CRL
#   revoked.pem    serial 2002, 2026-01-01 .. 2027-01-01, on the CRL: revoked 2026-05-15Z, keyCompromise
#   ca.crl         DER CRL of ca.pem, CRL number 1, thisUpdate 2026-05-25Z, nextUpdate 2026-06-08Z
#   other-ca.pem   CN=PkiRevocation Pester Other CA: a CA whose key signed neither the leaves nor the CRL
# The leaves carry no AIA and no CRL distribution point, so every check is offline (the CRL is given with -Crl).
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/ca.cnf" <<CNF
[ ca ]
default_ca = fixture
[ fixture ]
dir = $work
database = $work/index.txt
new_certs_dir = $work
serial = $work/serial
crlnumber = $work/crlnumber
default_md = sha256
default_crl_days = 14
policy = any
unique_subject = no
copy_extensions = none
[ any ]
commonName = supplied
[ root ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ leaf ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
authorityKeyIdentifier = keyid
subjectKeyIdentifier = hash
[ crl ]
authorityKeyIdentifier = keyid
CNF
touch "$work/index.txt"
echo 0100 > "$work/serial"
echo 01 > "$work/crlnumber"

root() { # name subject
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/$1.key" -out "$work/$1.csr" -subj "$2" 2>/dev/null
    openssl ca -batch -selfsign -config "$work/ca.cnf" -extensions root -keyfile "$work/$1.key" \
        -startdate 260101000000Z -enddate 360101000000Z -in "$work/$1.csr" -out "$work/$1.full" -notext 2>/dev/null
    openssl x509 -in "$work/$1.full" -out "$1.pem"
}
root ca "/CN=PkiRevocation Pester Revocation CA"
root other-ca "/CN=PkiRevocation Pester Other CA"
# The roots have serials 0100 and 0101; the leaves get 2001 and 2002 from a fresh index and serial file.
: > "$work/index.txt"
echo 2001 > "$work/serial"

issue() { # name
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/$1.key" -out "$work/$1.csr" -subj "/CN=$1.revocation.pkirevocation.test" 2>/dev/null
    openssl ca -batch -config "$work/ca.cnf" -extensions leaf -cert ca.pem -keyfile "$work/ca.key" \
        -startdate 260101000000Z -enddate 270101000000Z -in "$work/$1.csr" -out "$work/$1.full" -notext 2>/dev/null
    openssl x509 -in "$work/$1.full" -out "$1.pem"
}
issue good
issue revoked
# Revoke serial 2002 at a pinned time (openssl ca -revoke would stamp the current time).
awk -F '\t' 'BEGIN { OFS = "\t" } $4 == "2002" { $1 = "R"; $3 = "260515000000Z,keyCompromise" } { print }' "$work/index.txt" > "$work/index.new"
mv "$work/index.new" "$work/index.txt"
openssl ca -gencrl -config "$work/ca.cnf" -crlexts crl -cert ca.pem -keyfile "$work/ca.key" \
    -crl_lastupdate 260525000000Z -crl_nextupdate 260608000000Z -out "$work/ca.crl.pem" 2>/dev/null
openssl crl -in "$work/ca.crl.pem" -outform DER -out ca.crl
echo "revocation fixtures written to $(pwd)"
