#!/usr/bin/env bash
# The same tasks as build.ps1, for hosts without PowerShell (CI here, Linux admins).
#   bash build.sh build    build everything and lay out out/PkiRevocation/
#   bash build.sh test     build, run every xunit suite and the PowerShell parse check
set -euo pipefail
cd "$(dirname "$0")"
task="${1:-build}"
case "$task" in
  build)
    dotnet build PkiRevocation.sln -nologo -v quiet
    ;;
  test)
    dotnet build PkiRevocation.sln -nologo -v quiet
    if [ -f tools/ps-parse/package.json ]; then
      (cd tools/ps-parse && npm ci --silent --no-audit --no-fund >/dev/null && node parse.js ../..)
    fi
    dotnet test PkiRevocation.sln --no-build -nologo
    ;;
  *)
    echo "usage: build.sh build|test" >&2
    exit 2
    ;;
esac
