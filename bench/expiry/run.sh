#!/usr/bin/env bash
# bench/expiry — one command:   bash bench/expiry/run.sh [--runs 3]
#
# Makes the inputs (bench/expiry/make-corpus.sh: a 100,000-certificate PEM bundle of 20 distinct certificates, ~56 MB,
# and a folder of 10,000 distinct one-certificate files), publishes pkirev as it ships, builds the module (Release,
# into out/bench/module), and prints for each line the best wall time of --runs runs (the slow peers run once), the
# CPU time, the peak resident memory (/usr/bin/time -v) and the ratio against `openssl storeutl` on the same input in
# the same run. Every line reads the certificates and decides expiry at 2027-06-01T00:00:00Z with a 30-day window.
# Get-CertificateExpiry is timed twice on the bundle: as a whole pwsh process (start, Import-Module, the pipeline) and
# in a session that has already started and imported the module (the pipeline only, timed around it with a Stopwatch,
# best of three in one session, as bench/ocsp times Test-OcspStatus): the cmdlet's own throughput.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=3
while [ $# -gt 0 ]; do case "$1" in --runs) runs="$2"; shift 2 ;; *) echo "usage: run.sh [--runs N]" >&2; exit 2 ;; esac; done

export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
bash bench/expiry/make-corpus.sh
corpus="$PWD/bench/expiry/out"
bundle="$corpus/bundle.pem"
folder="$corpus/folder"
at="2027-06-01T00:00:00Z"
dotnet publish src/PkiRevocation.Cli -nologo -v quiet -o out/bench/pkirev >/dev/null
dotnet build src/PkiRevocation -c Release -nologo -v quiet -p:ModuleOutDir="$PWD/out/bench/module/PkiRevocation/" >/dev/null
dotnet tool restore >/dev/null
pkirev="$PWD/out/bench/pkirev/pkirev"
module="$PWD/out/bench/module/PkiRevocation/PkiRevocation.psd1"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export PKIREVOCATION_HOME="$home"
"$pkirev" monitor set --source "$bundle" --notification-start-days 30 --enabled true >/dev/null

bundle_bytes=$(stat -c %s "$bundle")
declare -A wall cpu rss
# measure NAME TIMES COMMAND...: best wall time of TIMES runs (its CPU and peak RSS with it); output to /dev/null.
measure() {
  local name="$1" times="$2"; shift 2
  local best="" t
  for _ in $(seq "$times"); do
    t=$(mktemp)
    /usr/bin/time -v -o "$t" "$@" >/dev/null 2>"$t.err" || true
    local e u s m
    e=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); v=0; for(i=1;i<=n;i++) v=v*60+p[i]; print v}' "$t")
    u=$(awk -F': ' '/User time/ {print $2}' "$t"); s=$(awk -F': ' '/System time/ {print $2}' "$t")
    m=$(awk -F': ' '/Maximum resident/ {print $2}' "$t")
    if [ -z "$best" ] || awk -v a="$e" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best="$e"; wall[$name]="$e"; cpu[$name]=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }'); rss[$name]="$m"
    fi
    rm -f "$t" "$t.err"
  done
}

ps_expiry="Import-Module '$module'; (Get-CertificateExpiry -Path '\$P' -WithinDays 30 -At '$at' | Measure-Object).Count"
# In one session: Import-Module first, then the same pipeline three times, each timed around the pipeline alone (wall
# from a Stopwatch, CPU from the process's TotalProcessorTime, background JIT and GC threads included). Prints one
# "wall cpu count" line per run; every run must find the same number of certificates.
in_session="$home/in-session.ps1"
cat > "$in_session" <<'PS1'
param([string] $Module, [string] $Path, [string] $At)
$ErrorActionPreference = 'Stop'
Import-Module $Module
$process = [System.Diagnostics.Process]::GetCurrentProcess()
$counts = foreach ($run in 1..3) {
    $process.Refresh()
    $cpu = $process.TotalProcessorTime
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $count = (Get-CertificateExpiry -Path $Path -WithinDays 30 -At $At | Measure-Object).Count
    $watch.Stop()
    $process.Refresh()
    Write-Host ([string]::Format([cultureinfo]::InvariantCulture, '{0:0.000} {1:0.000} {2}', $watch.Elapsed.TotalSeconds, ($process.TotalProcessorTime - $cpu).TotalSeconds, $count))
    $count
}
if (@($counts | Sort-Object -Unique).Count -ne 1) { throw "the runs found different numbers of certificates: $counts" }
PS1

ps_plain="\$c = [System.Security.Cryptography.X509Certificates.X509Certificate2Collection]::new(); \$c.ImportFromPemFile('\$P'); \$end = [datetime]'$at'; (\$c | Where-Object { \$_.NotAfter.ToUniversalTime() -le \$end.AddDays(30) } | Measure-Object).Count"

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)   bundle: $bundle_bytes bytes, 100000 certificates; folder: 10000 files"
measure "openssl storeutl (bundle)" 1 openssl storeutl -noout -certs "$bundle"
measure "pkirev expiry (bundle)" "$runs" "$pkirev" expiry --path "$bundle" --within-days 30 --at "$at"
measure "pkirev expiry --json (bundle)" "$runs" "$pkirev" expiry --path "$bundle" --within-days 30 --at "$at" --json
measure "pkirev monitor run --what-if (bundle)" "$runs" "$pkirev" monitor run --what-if --force --at "$at"
measure "pwsh start only" "$runs" dotnet pwsh -NoProfile -NonInteractive -Command "exit 0"
measure "Get-CertificateExpiry (bundle)" "$runs" dotnet pwsh -NoProfile -NonInteractive -Command "${ps_expiry//\$P/$bundle}"
session_time=$(mktemp)
/usr/bin/time -v -o "$session_time" dotnet pwsh -NoProfile -NonInteractive -File "$in_session" -Module "$module" -Path "$bundle" -At "$at" \
  >"$session_time.runs" 2>&1 || { cat "$session_time.runs" >&2; exit 1; }
session_runs=$(grep -E '^[0-9.]+ [0-9.]+ [0-9]+$' "$session_time.runs")
[ "$(wc -l <<<"$session_runs")" = 3 ] || { echo "in-session Get-CertificateExpiry said:" >&2; cat "$session_time.runs" >&2; exit 1; }
best_run=$(sort -n <<<"$session_runs" | head -1)
first_run=$(head -1 <<<"$session_runs")
name="Get-CertificateExpiry in session (bundle)"
wall[$name]=$(cut -d' ' -f1 <<<"$best_run"); cpu[$name]=$(cut -d' ' -f2 <<<"$best_run")
rss[$name]=$(awk -F': ' '/Maximum resident/ {print $2}' "$session_time")   # the whole session's peak (three runs)
name="Get-CertificateExpiry in session, 1st run"
wall[$name]=$(cut -d' ' -f1 <<<"$first_run"); cpu[$name]=$(cut -d' ' -f2 <<<"$first_run"); rss[$name]=${rss[Get-CertificateExpiry in session (bundle)]}
echo "Get-CertificateExpiry in session, three runs (wall s, CPU s, certificates found): $(tr '\n' ';' <<<"$session_runs")"
rm -f "$session_time" "$session_time.runs"
measure "plain PowerShell script (bundle)" 1 dotnet pwsh -NoProfile -NonInteractive -Command "${ps_plain//\$P/$bundle}"
measure "openssl storeutl -r (folder)" 1 openssl storeutl -noout -certs -r "$folder"
measure "pkirev expiry (folder)" "$runs" "$pkirev" expiry --path "$folder" --within-days 30 --at "$at"
measure "Get-CertificateExpiry (folder)" "$runs" dotnet pwsh -NoProfile -NonInteractive -Command "${ps_expiry//\$P/$folder}"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

printf '\n%-42s %9s %8s %10s %10s %10s\n' "line" "wall s" "CPU s" "peak MB" "÷ openssl" "(CPU)"
for name in "openssl storeutl (bundle)" "pkirev expiry (bundle)" "pkirev expiry --json (bundle)" "pkirev monitor run --what-if (bundle)" \
            "pwsh start only" "Get-CertificateExpiry (bundle)" "Get-CertificateExpiry in session (bundle)" "Get-CertificateExpiry in session, 1st run" \
            "plain PowerShell script (bundle)" \
            "openssl storeutl -r (folder)" "pkirev expiry (folder)" "Get-CertificateExpiry (folder)"; do
  peer="openssl storeutl (bundle)"; case "$name" in *folder*) peer="openssl storeutl -r (folder)" ;; esac
  printf '%-42s %9.2f %8.2f %10.1f %9.3fx %9.3fx\n' "$name" "${wall[$name]}" "${cpu[$name]}" "$(awk -v k="${rss[$name]}" 'BEGIN { print k / 1024 }')" \
    "$(awk -v a="${wall[$name]}" -v b="${wall[$peer]}" 'BEGIN { print a / b }')" "$(awk -v a="${cpu[$name]}" -v b="${cpu[$peer]}" 'BEGIN { print a / b }')"
done

verdict() { awk -v a="$2" -v b="$3" -v t="$4" -v n="$1" 'BEGIN { r = a / b; printf "%-58s %.3f (target %s %s) %s\n", n, r, "<=", t, (r <= t ? "met" : "NOT MET") }'; }
echo
verdict "pkirev expiry ÷ openssl storeutl (wall)" "${wall[pkirev expiry (bundle)]}" "${wall[openssl storeutl (bundle)]}" 0.1
verdict "Get-CertificateExpiry, whole process ÷ openssl (wall)" "${wall[Get-CertificateExpiry (bundle)]}" "${wall[openssl storeutl (bundle)]}" 0.2
verdict "Get-CertificateExpiry in session ÷ openssl (wall, best)" "${wall[Get-CertificateExpiry in session (bundle)]}" "${wall[openssl storeutl (bundle)]}" 0.2
verdict "Get-CertificateExpiry in session ÷ openssl (wall, first)" "${wall[Get-CertificateExpiry in session, 1st run]}" "${wall[openssl storeutl (bundle)]}" 0.2
verdict "monitor run --what-if ÷ openssl storeutl (wall)" "${wall[pkirev monitor run --what-if (bundle)]}" "${wall[openssl storeutl (bundle)]}" 0.2
verdict "pkirev expiry peak memory ÷ bundle size" "$((${rss[pkirev expiry (bundle)]} * 1024))" "$bundle_bytes" 2
verdict "Get-CertificateExpiry process peak memory ÷ bundle size" "$((${rss[Get-CertificateExpiry (bundle)]} * 1024))" "$bundle_bytes" 2
