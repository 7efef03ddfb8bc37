#!/usr/bin/env bash
# bench/crl/run.sh — the CRL benchmark, one command:  bash bench/crl/run.sh
#
# 1. Makes (once, kept in bench/crl/out/) a 1,000,000-entry CRL with a real OpenSSL CA: `openssl ca -gencrl` over a
#    CA database holding 1,000,000 revoked certificates with 128-bit serials and a reason code (~49 MB DER).
# 2. Times `openssl crl -inform DER -noout -CAfile ca.pem` on it (parse + verify) with /usr/bin/time (wall, peak RSS).
# 3. Runs the pkirev engine on the same file in the same run: parse + verify + index, peak memory, 100,000 lookups.
# 4. Prints the ratios against the targets (<= 1/5 of OpenSSL's time, peak <= 2x the file, <= 1 us per lookup).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/out"
entries="${ENTRIES:-1000000}"
mkdir -p "$out"
cd "$out"

if [ ! -f crl.der ] || [ "$(cat entries 2>/dev/null)" != "$entries" ]; then
  echo "Generating a $entries-entry CRL with openssl ca -gencrl ..."
  rm -rf newcerts && mkdir newcerts && : > index.txt && echo 1000 > serial && echo 01 > crlnumber
  cat > ca.cnf <<'CNF'
[ca]
default_ca = CA_default
[CA_default]
dir = .
database = $dir/index.txt
new_certs_dir = $dir/newcerts
certificate = $dir/ca.pem
private_key = $dir/ca.key
serial = $dir/serial
crlnumber = $dir/crlnumber
default_md = sha256
policy = policy_any
unique_subject = no
crl_extensions = crl_ext
[policy_any]
commonName = supplied
[req]
distinguished_name = dn
[dn]
[v3_ca]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[crl_ext]
authorityKeyIdentifier = keyid
CNF
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -subj "/CN=PkiRevocation Bench CA" -days 3650 -extensions v3_ca -config ca.cnf 2>/dev/null
  # The CA database: revoked entries with 16-byte serials (what CAs issue today) and reason keyCompromise.
  python3 - "$entries" <<'PY'
import random, sys
n = int(sys.argv[1]); rnd = random.Random(20301)
with open("index.txt", "w") as db, open("serials.txt", "w") as lookups:
    listed = []
    for i in range(n):
        serial = "%032X" % (rnd.getrandbits(127) | (1 << 120))
        listed.append(serial)
        db.write("R\t350101000000Z\t300101000000Z,keyCompromise\t%s\tunknown\t/CN=ee%d\n" % (serial, i))
    for i in range(100000):  # half listed, half not
        lookups.write((rnd.choice(listed) if i % 2 == 0 else "%032X" % (rnd.getrandbits(127) | (1 << 120))) + "\n")
PY
  openssl ca -config ca.cnf -gencrl -crl_lastupdate 20300601000000Z -crl_nextupdate 20300608000000Z -out crl.pem 2>/dev/null
  openssl crl -in crl.pem -outform DER -out crl.der
  echo "$entries" > entries
fi

size=$(stat -c %s crl.der)
echo "CRL: $entries entries, $size bytes (made with openssl ca -gencrl, RSA-2048/SHA-256)"
echo
/usr/bin/time -o openssl.time -f "%e %M" openssl crl -in crl.der -inform DER -noout -CAfile ca.pem >/dev/null 2>&1
openssl_line=$(tail -1 openssl.time)
openssl_s=${openssl_line% *}; openssl_kb=${openssl_line#* }
echo "openssl crl -noout -CAfile: ${openssl_s} s, peak RSS $((openssl_kb / 1024)) MB (whole process)"

dotnet build "$here/PkiRevocation.Bench.Crl.csproj" -c Release -v quiet -nologo >/dev/null
bench_dll="$here/bin/Release/net10.0/PkiRevocation.Bench.Crl.dll"
result=$(/usr/bin/time -o pkirev.time -f "time %e %M" dotnet "$bench_dll" crl.der ca.pem serials.txt)
result="$result
$(tail -1 pkirev.time)"
echo "$result" | grep '^pkirev  '
pkirev_ms=$(echo "$result" | awk '/^pkirev-ms/ {print $2}')
lookup_ns=$(echo "$result" | awk '/^pkirev-lookup-ns/ {print $2}')
proc_line=$(echo "$result" | awk '/^time / {print $2, $3}')
proc_s=${proc_line% *}; proc_kb=${proc_line#* }
echo "pkirev  whole process      ${proc_s} s incl. .NET start-up and the 100,000 lookups, peak RSS $((proc_kb / 1024)) MB"
echo
crl_bytes=$(echo "$result" | awk '/^pkirev-crl-bytes/ {print $2}')
peak_bytes=$(echo "$result" | awk '/^pkirev-peak-bytes/ {print $2}')
awk -v p="$pkirev_ms" -v o="$openssl_s" -v kb="$((peak_bytes / 1024))" -v okb="$openssl_kb" -v crl="$crl_bytes" -v size="$size" -v ns="$lookup_ns" 'BEGIN {
  printf "time ratio   pkirev parse+verify+index / openssl crl = %.3f  (target <= 0.200)\n", (p / 1000) / o
  printf "memory ratio peak for the CRL / file = %.2f   (target <= 2.00; whole pkirev process after indexing %.2f, openssl %.2f)\n", crl / size, (kb * 1024) / size, (okb * 1024) / size
  printf "lookup       %d ns per lookup (target <= 1000 ns)\n", ns
}'
