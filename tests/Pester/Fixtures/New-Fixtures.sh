#!/usr/bin/env bash
# Regenerates the certificate fixtures of the Pester tests with the openssl CLI (run here, where openssl exists;
# the results are committed so Windows runners need no openssl). Times are fixed: the tests pin -At 2026-06-01Z.
#   valid.pem        2026-01-01 .. 2027-01-01   Valid at the reference time
#   expiring.pem     2026-01-01 .. 2026-06-20   Expiring (19 days left)
#   expired.pem      2025-01-01 .. 2026-05-01   Expired
#   notyetvalid.pem  2026-07-01 .. 2027-07-01   NotYetValid
#   bundle.pem       the four above, one PEM file
#   bundle.pfx       valid.pem with its key, PKCS#12, password in pfx-password.txt (a test fixture, not a secret)
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
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[ any ]
commonName = supplied
[ leaf ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:fixture.pkirevocation.test
CNF
touch "$work/index.txt"
echo 1000 > "$work/serial"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/ca.key" -out "$work/ca.pem" \
    -subj "/CN=PkiRevocation Pester Fixture CA" -days 36500 2>/dev/null

issue() { # name start end
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/$1.key" -out "$work/$1.csr" -subj "/CN=$1.pkirevocation.test" 2>/dev/null
    openssl ca -batch -config "$work/ca.cnf" -extensions leaf -cert "$work/ca.pem" -keyfile "$work/ca.key" \
        -startdate "$2" -enddate "$3" -in "$work/$1.csr" -out "$work/$1.full" -notext 2>/dev/null
    openssl x509 -in "$work/$1.full" -out "$1.pem"
}
issue valid       260101000000Z 270101000000Z
issue expiring    260101000000Z 260620000000Z
issue expired     250101000000Z 260501000000Z
issue notyetvalid 260701000000Z 270701000000Z
cat valid.pem expiring.pem expired.pem notyetvalid.pem > bundle.pem
printf 'Pester-Fixture-1' > pfx-password.txt
openssl pkcs12 -export -in valid.pem -inkey "$work/valid.key" -out bundle.pfx -passout file:pfx-password.txt -name fixture 2>/dev/null
echo "fixtures written to $(pwd)"
