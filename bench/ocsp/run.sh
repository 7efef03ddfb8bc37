#!/usr/bin/env bash
# bench/ocsp — one command:   bash bench/ocsp/run.sh [--n 2000] [--multi 1] [--loop-sample N] [--raw-connections 8]
#
# Publishes pkirev (Release, ReadyToRun for this machine) and builds the bench driver, generates a CA and N certificates, starts OpenSSL's OCSP responder
# on 127.0.0.1 and prints certs/s for: pkirev ocsp; a loop running `openssl ocsp` per certificate; the responder's
# raw capacity (one pre-built request sent N times, 8 connections); pkirev ocsp --batch. Then the ratios against
# the targets (>= 10x the loop, >= 0.9x raw capacity, >= 5x raw capacity with --batch).
#
# Honest caveats: OpenSSL's responder is single-threaded (one connection at a time) unless --multi N forks N
# processes; the responder, pkirev and the loop share this machine's cores; pkirev's time includes its process start.
set -euo pipefail
cd "$(dirname "$0")/../.."
# pkirev as it ships: published for this machine's runtime (ReadyToRun, see the project file).
dotnet publish src/PkiRevocation.Cli -c Release --use-current-runtime --self-contained false -nologo -v quiet -o out/bench/pkirev >/dev/null
dotnet build bench/ocsp/OcspBench.csproj -c Release -nologo -v quiet -o out/bench/driver >/dev/null
exec dotnet out/bench/driver/OcspBench.dll --pkirev out/bench/pkirev/pkirev.dll "$@"
