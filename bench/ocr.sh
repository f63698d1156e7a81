#!/usr/bin/env bash
# OCR's cost (docs/search_text.md): alone by `bench/ocr.sh [BUILD]` (a
# release build), or `make bench-ocr`. Reads, as the indexer does (the
# limited child, Tesseract fra+eng, one thread), an A4 page of French text
# scanned at 300 dpi as a one-page PDF, a PDF of PAGES such pages and a PNG,
# RUNS times each: the medians, the cost of a page (the difference between
# the two PDFs), of starting Tesseract (the rest of the one-page PDF), the
# words found, the child's peak memory, and the host's load.
# The machine may be shared: the figures are indicative.
# Writes its table between the bench:ocr markers of bench/RESULTS.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
PAGES=${BENCH_OCR_PAGES:-5}
RUNS=${BENCH_OCR_RUNS:-3}
cd "$ROOT"
bin="$BUILD/bench/ocr_bench"
[ -x "$bin" ] || { echo "bench: $bin missing (make bench-ocr builds it)" >&2; exit 1; }
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
read -r _ _ _ _ _ _ _ steal0 _ < <(grep '^cpu ' /proc/stat)
t0=$(date +%s)
out=$("$bin" "$PAGES" "$RUNS")
t1=$(date +%s)
read -r _ _ _ _ _ _ _ steal1 _ < <(grep '^cpu ' /proc/stat)
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
one=$(echo "$out" | awk '$1 == "pdf" && $2 == 1 { print $3 }' | median)
many=$(echo "$out" | awk -v p="$PAGES" '$1 == "pdf" && $2 == p { print $3 }' | median)
png=$(echo "$out" | awk '$1 == "png" { print $3 }' | median)
one_cpu=$(echo "$out" | awk '$1 == "pdf" && $2 == 1 { print $6 }' | median)
many_cpu=$(echo "$out" | awk -v p="$PAGES" '$1 == "pdf" && $2 == p { print $6 }' | median)
png_cpu=$(echo "$out" | awk '$1 == "png" { print $6 }' | median)
page_cpu=$(( (many_cpu - one_cpu) / (PAGES - 1) ))
start_cpu=$(( one_cpu - page_cpu ))
[ "$start_cpu" -ge 0 ] || start_cpu=0
pages60=$(( page_cpu > 0 ? 60000 / page_cpu : 0 ))
ppm_cpu=$(awk -v p="$page_cpu" 'BEGIN { printf "%.0f", (p > 0 ? 60000 / p : 0) }')
words=$(echo "$out" | awk '$1 == "pdf" && $2 == 1 { print $4 "/" $5; exit }')
rss=$(echo "$out" | awk '$1 == "rss" { print int($2 / 1024) }')
per_page=$(( (many - one) / (PAGES - 1) ))
start=$(( one - per_page ))
[ "$start" -ge 0 ] || start=0
ppm=$(awk -v p="$per_page" 'BEGIN { printf "%.0f", (p > 0 ? 60000 / p : 0) }')
steal=$(awk -v s="$((steal1 - steal0))" -v t="$((t1 - t0))" -v n="$(nproc)" \
  'BEGIN { printf "%.0f", (t > 0 ? 100 * s / (t * 100 * n) : 0) }')
table=$(
  echo "Measured $(date -u +%F) on $(nproc) cores (a shared machine: indicative; load average before: $load_before,"
  echo "the host took ${steal}% of the cores meanwhile), release build: an A4 page of 18 lines of French text (11 pt) scanned"
  echo "at 300 dpi (a PDF of images only, and a PNG), read through extract_file as the indexer reads it: the limited"
  echo "child, poppler's rendering in gray, Tesseract 5 with the French and English models, one thread. Medians of $RUNS runs."
  echo
  echo "| what | wall ms | CPU ms (the child's) |"
  echo "|---|---:|---:|"
  echo "| a one-page scanned PDF (Tesseract's start included) | $one | $one_cpu |"
  echo "| a $PAGES-page scanned PDF | $many | $many_cpu |"
  echo "| **a page** (the difference, per page) | **$per_page** ($ppm pages a minute) | **$page_cpu** ($ppm_cpu pages a minute of one core) |"
  echo "| starting Tesseract, its models loaded (per file) | $start | $start_cpu |"
  echo "| a PNG of the same page | $png | $png_cpu |"
  echo
  echo "Words of 4 letters or more found in the one-page PDF: $words. The child's peak memory: $rss MiB"
  echo "(its limit: 768 MiB). CPU time is what a page costs an idle core; the wall time is what it took on this"
  echo "host at the load above. OCR's 60 s a file then reads about $pages60 pages on an idle core."
)
echo "$table"
bench/table.sh bench:ocr "$table"
