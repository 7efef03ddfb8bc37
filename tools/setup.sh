#!/usr/bin/env bash
# Set-up for the tests, run by `bash build.sh test` (and so by .ci/run): installs the Debian packages the tests need
# when they are missing, then restores the local dotnet tools (PowerShell, .config/dotnet-tools.json) and the Pester
# download (tools/pester). Needs only the .NET SDK and, to install packages, root and apt-get. Where it cannot install
# (not root, no apt-get), it stops at once, naming the missing packages and the command that installs them.
#
# For the tests of this script (tests/Pester/Setup.Tests.ps1):
#   PKIREV_SETUP_ASSUME_MISSING="pkg …"  treat these packages of the list as not installed
#   PKIREV_SETUP_CANNOT_INSTALL=1        behave as on a host without root or apt-get
#   PKIREV_SETUP_PACKAGES_ONLY=1         stop after the package check (no dotnet tool restore, no Pester download)
set -euo pipefail
cd "$(dirname "$0")/.."

# The Debian packages the tests use, one a line: `package` (installed unless dpkg has it), or `package:command`
# (installed only when that command is not on PATH, for tools that may come from elsewhere, like Node).
packages=(
  openssl            # openssl ocsp / ca / s_server: responders, CAs and TLS peers
  ca-certificates
  python3
  python3-aiosmtpd   # SMTP server for the monitor's mail
  slapd              # LDAP server (StartTLS, CRLs over LDAP)
  ldap-utils
  nodejs:node        # tools/ps-parse (tree-sitter PowerShell parse check)
  npm:npm
  openssh-server     # sshd for the PowerShell remoting tests
  chromium           # renders the monitor digest
  prometheus         # promtool checks the metrics output
  gcc:gcc            # links the NativeAOT pkirev the CLI tests publish (clang would do as well)
)

assume_missing=" ${PKIREV_SETUP_ASSUME_MISSING:-} "
missing=()
for entry in "${packages[@]}"; do
  package="${entry%%:*}"
  if [[ "$assume_missing" == *" $package "* ]]; then
    missing+=("$package")
  elif [[ "$entry" == *:* ]]; then
    command -v "${entry#*:}" >/dev/null 2>&1 || missing+=("$package")
  elif [ "$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)" != installed ]; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  if [ -n "${PKIREV_SETUP_CANNOT_INSTALL:-}" ] || [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "set-up: the tests need Debian packages that are not installed: ${missing[*]}" >&2
    echo "set-up: install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 3
  fi
  echo "set-up: installing Debian packages: ${missing[*]}"
  log=$(mktemp)
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "set-up: apt-get install ${missing[*]} failed (output above)" >&2
    rm -f "$log"
    exit 3
  fi
  rm -f "$log"
  # Daemons their Debian packages may start on install; the tests run their own on free ports. Stopped only when
  # installed here, never one that was already serving this host.
  declare -A service_of=([openssh-server]=ssh [prometheus]=prometheus)
  for package in "${missing[@]}"; do
    if [ -n "${service_of[$package]:-}" ] && command -v service >/dev/null 2>&1; then
      service "${service_of[$package]}" stop >/dev/null 2>&1 || true
    fi
  done
fi
# The Debian slapd package may start a system instance; the tests run their own on free ports.
if command -v service >/dev/null 2>&1; then service slapd stop >/dev/null 2>&1 || true; fi

[ -n "${PKIREV_SETUP_PACKAGES_ONLY:-}" ] && exit 0

# PowerShell (the pinned dotnet tool) and Pester 5 (a NuGet package; there is no PowerShell Gallery here).
dotnet tool restore >/dev/null || { echo "set-up: dotnet tool restore failed" >&2; exit 3; }
dotnet msbuild tools/pester/PesterDownload.csproj -restore -t:Locate -nologo -v:quiet >/dev/null \
  || { echo "set-up: the Pester download (tools/pester/PesterDownload.csproj) failed" >&2; exit 3; }
