#!/usr/bin/env bash
# The plain text of Markdown (lib/markdown.c, markdown_plain; docs/api.md
# « Search »): alone by `bench/plain_text.sh [BUILD]` (a release build), or
# `make bench-plain-text`. Renders 1,000 posts of about 2 KB as plain text,
# each timed alone (what the indexer adds per post, comment or message;
# what a search page adds per hit of a document indexed before the text
# was kept: 20 hits a page), and as HTML for comparison. Target: a page of
# 20 hits rendered at read time ≤ 1 ms. The machine may be shared: the
# figures are indicative.
# Writes its table between the bench:plain_text markers of bench/RESULTS.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
N=${BENCH_PLAIN_N:-1000}
SIZE=${BENCH_PLAIN_SIZE:-2000}
cd "$ROOT"
bin="$BUILD/bench/plain_text_bench"
[ -x "$bin" ] || { echo "bench: $bin missing (make bench-plain-text builds it)" >&2; exit 1; }
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
out=$("$bin" "$N" "$SIZE")
read -r pp50 pp99 pmax pmbs < <(echo "$out" | awk '$1 == "plain" { print $2, $3, $4, $5 }')
read -r hp50 hp99 hmax hmbs < <(echo "$out" | awk '$1 == "html" { print $2, $3, $4, $5 }')
page=$(awk -v v="$pp50" 'BEGIN { printf "%.2f", v * 20 / 1000 }')
ok=$(awk -v v="$page" 'BEGIN { print (v <= 1 ? "yes" : "NO") }')
table=$(
  echo "Measured $(date -u +%F) on $(nproc) cores (a shared machine: indicative), release build: $N posts of"
  echo "about $SIZE bytes of Markdown (headings, emphasis, links, images, mentions, lists, code), each rendered"
  echo "alone in one process. Load average before: $load_before."
  echo
  echo "| rendering | p50 µs | p99 µs | max µs | MB/s |"
  echo "|---|---:|---:|---:|---:|"
  echo "| plain text (markdown_plain) | $pp50 | $pp99 | $pmax | $pmbs |"
  echo "| HTML (markdown_render, for comparison) | $hp50 | $hp99 | $hmax | $hmbs |"
  echo
  echo "A search page of 20 hits from an older index (plain text rendered when read): ~$page ms"
  echo "(20 × p50; target ≤ 1 ms: $ok). The indexer pays one plain rendering per post, comment or message."
)
echo "$table"
bench/table.sh bench:plain_text "$table"
