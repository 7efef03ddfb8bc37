#!/usr/bin/env bash
# Makes bench/expiry's inputs with openssl, into bench/expiry/out/ (ignored by git):
#   out/distinct.pem   20 distinct certificates (18 EC P-256, 2 RSA-2048; expired, expiring, valid, not yet valid,
#                      UTCTime and GeneralizedTime)
#   out/bundle.pem     those 20 repeated to 100,000 certificates (~56 MB)
#   out/folder/        10,000 files, one certificate each, every one distinct (one CA signed them all)
# Reference time for every run: 2027-06-01T00:00:00Z (bench/expiry/run.sh passes it), so the statuses are fixed.
set -euo pipefail
out="${1:-$(dirname "$0")/out}"
mkdir -p "$out"
cd "$out"
[ -f bundle.pem ] && [ -f folder/.complete ] && exit 0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# notBefore / notAfter per certificate (UTC, as openssl ca writes them): around 2027-06-01.
dates=(
  "20200101000000Z 20210101000000Z"   # expired
  "20250601000000Z 20270515000000Z"   # expired two weeks before
  "20260601000000Z 20270610120000Z"   # expiring in 9 days
  "20260701000000Z 20270620000000Z"   # expiring
  "20261001000000Z 20270630235959Z"   # expiring on the window's last day
  "20270701000000Z 20280701000000Z"   # not yet valid
  "20240101000000Z 20340101000000Z"   # valid
  "20250101000000Z 20300101000000Z"
  "20250301000000Z 20290301000000Z"
  "20260101000000Z 20280101000000Z"
  "20260201000000Z 20271201000000Z"
  "20200101000000Z 20491231235959Z"   # last UTCTime second
  "20200101000000Z 20500101000000Z"   # GeneralizedTime from 2050
  "20200101000000Z 99991231235959Z"   # RFC 5280's "no well-defined expiration"
  "20250101000000Z 20270801000000Z"
  "20250101000000Z 20270901000000Z"
  "20250101000000Z 20271001000000Z"
  "20250101000000Z 20281001000000Z"
  "20250101000000Z 20291001000000Z"
  "20250101000000Z 20310101000000Z"
)
cat > "$work/ca.cnf" <<CNF
[ ca ]
default_ca = bench
[ bench ]
dir = $work
database = $work/index.txt
new_certs_dir = $work/issued
serial = $work/serial
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
email_in_dn = no
[ anything ]
commonName = supplied
organizationName = optional
[ leaf ]
basicConstraints = CA:FALSE
CNF
mkdir -p "$work/issued"
: > "$work/index.txt"
echo 1000 > "$work/serial"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/ca.key" -out "$work/ca.pem" \
  -subj "/CN=Bench CA" -days 3650 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/ec.key" 2>/dev/null
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/rsa.key" 2>/dev/null

: > distinct.pem
for i in "${!dates[@]}"; do
  read -r start end <<<"${dates[$i]}"
  key="$work/ec.key"; [ $((i % 10)) -eq 9 ] && key="$work/rsa.key"
  openssl req -new -key "$key" -subj "/CN=host$i.example" -out "$work/leaf.csr" 2>/dev/null
  openssl ca -batch -config "$work/ca.cnf" -cert "$work/ca.pem" -keyfile "$work/ca.key" -extensions leaf \
    -startdate "$start" -enddate "$end" -notext -in "$work/leaf.csr" -out "$work/leaf$i.pem" 2>/dev/null
  cat "$work/leaf$i.pem" >> distinct.pem
done

# 100,000 = 20 x 5,000: doubling copies, then trimmed to exactly 5,000 copies.
cp distinct.pem "$work/b"
for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do cat "$work/b" "$work/b" > "$work/b2"; mv "$work/b2" "$work/b"; done  # 4096 copies
head -c $(( $(stat -c %s distinct.pem) * 5000 )) <(cat "$work/b" "$work/b") > bundle.pem

# The folder: 10,000 distinct certificates (own serial and signature each) from one CSR, signed in one openssl run.
rm -rf folder; mkdir -p folder
openssl req -new -key "$work/ec.key" -subj "/CN=folder.example" -out "$work/f.csr" 2>/dev/null
for _ in $(seq 10000); do echo "$work/f.csr"; done > "$work/csrs"
openssl ca -batch -config "$work/ca.cnf" -cert "$work/ca.pem" -keyfile "$work/ca.key" -extensions leaf \
  -startdate 20260101000000Z -enddate 20270615000000Z -notext -outdir folder -infiles $(cat "$work/csrs") > /dev/null 2>&1
n=$(find folder -name '*.pem' | wc -l)
[ "$n" -eq 10000 ] || { echo "expected 10000 folder certificates, made $n" >&2; exit 1; }
touch folder/.complete
