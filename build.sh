#!/usr/bin/env bash
# The same tasks as build.ps1, for hosts without PowerShell (CI here, Linux admins); needs only the .NET SDK.
#   bash build.sh build    build everything and lay out out/PkiRevocation/
#   bash build.sh test     set-up (tools/setup.sh: Debian packages the tests need, the PowerShell dotnet tool, Pester),
#                          build, the PowerShell parse check, every xunit suite, then the Pester tests in the pinned
#                          pwsh; fails when any of them fails, or when Pester runs no test
set -euo pipefail
cd "$(dirname "$0")"
task="${1:-build}"
case "$task" in
  build)
    dotnet build PkiRevocation.sln -nologo -v quiet
    ;;
  test)
    bash tools/setup.sh
    dotnet build PkiRevocation.sln -nologo -v quiet
    failed=()
    (cd tools/ps-parse && npm ci --silent --no-audit --no-fund >/dev/null && node parse.js ../..) || failed+=("parse check")
    # The xunit output is kept so that its failures can be repeated at the end: CI shows only the tail of the run.
    xunit_log=$(mktemp)
    dotnet test PkiRevocation.sln --no-build -nologo 2>&1 | tee "$xunit_log" || failed+=(xunit)
    dotnet pwsh -NoProfile -NonInteractive -File tools/pester/Invoke-PesterSuite.ps1 || failed+=(Pester)
    if grep -q '^  Failed ' "$xunit_log"; then
      echo "xunit failures (repeated from above):"
      # Each failure: the "  Failed <test> [time]" line, its error message and the first lines of its stack trace.
      awk '/^  Failed / { n = 14 } n > 0 { print; n-- }' "$xunit_log"
    fi
    rm -f "$xunit_log"
    if [ "${#failed[@]}" -gt 0 ]; then
      echo "build.sh test: failed: ${failed[*]}" >&2
      exit 1
    fi
    ;;
  *)
    echo "usage: build.sh build|test" >&2
    exit 2
    ;;
esac
