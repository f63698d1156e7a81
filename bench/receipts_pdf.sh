#!/usr/bin/env bash
# The PDF « Accusés de réception » of a convocation (lib/receipts_pdf.c,
# docs/convocations_ui.md): alone by `bench/receipts_pdf.sh [BUILD]` (a
# release build), or `make bench-receipts-pdf`. Times, in one process,
# the first document of 500 recipients (fontconfig and cairo cold: a
# worker's first PDF) then 20 more (warm): p50, p99, max. Target: ≤ 1 s.
# The machine may be shared: the figures are indicative.
# Writes its table between the bench:receipts_pdf markers of bench/RESULTS.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
RUNS=${BENCH_RECEIPTS_RUNS:-20}
cd "$ROOT"
bin="$BUILD/bench/receipts_pdf_bench"
[ -x "$bin" ] || { echo "bench: $bin missing (make bench-receipts-pdf builds it)" >&2; exit 1; }
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
out=$("$bin" "$RUNS" 500)
first=$(echo "$out" | awk '$1 == "first" { print $2 }')
read -r p50 p99 max < <(echo "$out" | awk '$1 == "warm" { print $2, $3, $4 }')
bytes=$(echo "$out" | awk '$1 == "bytes" { print $2 }')
pages=$(echo "$out" | awk '$1 == "pages" { print $2 }')
ok() { awk -v v="$1" 'BEGIN { print (v <= 1000 ? "yes" : "NO") }'; }
table=$(
  echo "Measured $(date -u +%F) on $(nproc) cores (a shared machine: indicative), release build: the PDF"
  echo "« Accusés de réception » of 500 recipients ($pages pages, $((bytes / 1024)) KiB), made in memory by one"
  echo "process (no database, no HTTP: the request adds its query and the transfer). Load average before: $load_before."
  echo
  echo "| document | n | p50 ms | p99 ms | max ms | target ≤ 1 s |"
  echo "|---|---:|---:|---:|---:|---|"
  echo "| first of the process (fontconfig, cairo cold) | 1 | $first | $first | $first | $(ok "$first") |"
  echo "| the next ones (warm) | $RUNS | $p50 | $p99 | $max | $(ok "$max") |"
)
echo "$table"
bench/table.sh bench:receipts_pdf "$table"
