#!/usr/bin/env bash
# bench/ocsp — one command:   bash bench/ocsp/run.sh [--n 2000] [--multi 1] [--loop-sample N] [--raw-connections 8]
#
# Publishes pkirev as it ships (the NativeAOT binary for this machine), lays out the module (Release) and builds the
# bench driver, generates a CA and N certificates, starts OpenSSL's OCSP responder on 127.0.0.1 and prints certs/s for:
# pkirev ocsp; pkirev ocsp --batch; pkirev ocsp --json; Test-OcspStatus in the pinned pwsh; a loop running
# `openssl ocsp` per certificate; the responder's raw capacity (one pre-built request sent N times, 8 connections).
# Then the ratios against the targets (>= 10x the loop, >= 0.9x raw capacity, >= 5x raw capacity with --batch,
# Test-OcspStatus >= 0.8x pkirev).
#
# Honest caveats: OpenSSL's responder is single-threaded (one connection at a time) unless --multi N forks N
# processes; the responder, pkirev and the loop share this machine's cores; pkirev's time includes its process start.
set -euo pipefail
cd "$(dirname "$0")/../.."
# pkirev as it ships: the README's publish, NativeAOT for this machine's runtime (see the project file).
dotnet publish src/PkiRevocation.Cli -nologo -v quiet -o out/bench/pkirev >/dev/null
# The module as it is packaged (Release), laid out into out/PkiRevocation; pwsh is the pinned dotnet tool.
dotnet build src/PkiRevocation -c Release -nologo -v quiet >/dev/null
dotnet tool restore >/dev/null
dotnet build bench/ocsp/OcspBench.csproj -c Release -nologo -v quiet -o out/bench/driver >/dev/null
exec dotnet out/bench/driver/OcspBench.dll --pkirev out/bench/pkirev/pkirev --module out/PkiRevocation/PkiRevocation.psd1 "$@"
