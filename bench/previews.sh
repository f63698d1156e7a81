#!/usr/bin/env bash
# The previews' figures (docs/previews.md): alone by `bench/previews.sh
# [BUILD]` (a release build), or `make bench-previews`. Makes, as
# parvis-previewer does (preview_make: the limited child, libvips, poppler,
# cairo, ffmpegthumbnailer), RUNS times each: the thumbnails of a
# 24-megapixel JPEG (target ≤ 300 ms), the first page of a 100-page PDF
# (target ≤ 500 ms), page 50 of it on demand, a text file's first lines, a
# 1080p video's poster frame; the medians of the wall and CPU times, each
# child's peak memory (wait4's ru_maxrss) against its limit, and the
# host's load. The machine may be shared: the figures are indicative.
# Writes its table between the bench:previews markers of bench/RESULTS.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
RUNS=${BENCH_PREVIEWS_RUNS:-5}
cd "$ROOT"
bin="$BUILD/bench/previews_bench"
[ -x "$bin" ] || { echo "bench: $bin missing (make bench-previews builds it)" >&2; exit 1; }
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
read -r _ _ _ _ _ _ _ steal0 _ < <(grep '^cpu ' /proc/stat)
t0=$(date +%s)
out=$("$bin" "$RUNS")
t1=$(date +%s)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
read -r _ _ _ _ _ _ _ steal1 _ < <(grep '^cpu ' /proc/stat)
echo "$out" >&2
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
col() { echo "$out" | awk -v w="$1" -v c="$2" '$1 == w { print $c }' | median; }
peak() { echo "$out" | awk -v w="$1" '$1 == w && $4 > m { m = $4 } END { printf "%d", m / 1024 }'; }
fails() { echo "$out" | awk -v w="$1" '$1 == w && $5 != "ok"' | wc -l; }
verdict() { [ "$1" -le "$2" ] && echo "yes" || echo "**no**"; }
jpeg=$(col jpeg24 2); jpeg_cpu=$(col jpeg24 3); jpeg_small=$(col jpeg24 6)
pdf=$(col pdf100 2); pdf_cpu=$(col pdf100 3)
page=$(col pdfpage50 2); page_cpu=$(col pdfpage50 3)
text=$(col text 2); text_cpu=$(col text 3)
video=$(col video 2); video_cpu=$(col video 3)
jbytes=$(echo "$out" | awk '$1 == "jpeg_bytes" { printf "%.1f", $2 / 1048576 }')
steal=$(awk -v s="$((steal1 - steal0))" -v t="$((t1 - t0))" -v n="$(nproc)" \
  'BEGIN { printf "%.0f", (t > 0 ? 100 * s / (t * 100 * n) : 0) }')
failed=$(( $(fails jpeg24) + $(fails pdf100) + $(fails pdfpage50) + $(fails text) + $(fails video) ))
table=$(
  echo "Measured $(date -u +%F) on $(nproc) cores (a shared machine: indicative; load average before: $load_before,"
  echo "after: $load_after; the host took ${steal}% of the cores meanwhile), release build, through preview_make as"
  echo "parvis-previewer makes each preview: a limited child per conversion (libvips started once before the forks), the two"
  echo "thumbnails (256 and 1600 px boxes, WebP; an image's small one first, from the file). Medians of $RUNS runs; $failed runs failed."
  echo
  echo "| what | wall ms | target | met | CPU ms (the children's) | peak memory of a child (limit 1024 MiB) |"
  echo "|---|---:|---:|---|---:|---:|"
  echo "| a 24-megapixel JPEG (6000 × 4000, $jbytes MiB): its thumbnail (256 px) written, served from then on | $jpeg_small | ≤ 300 | $(verdict "$jpeg_small" 300) | | |"
  echo "| the same JPEG: both thumbnails, the large one (1600 px) after | $jpeg | | | $jpeg_cpu | $(peak jpeg24) MiB |"
  echo "| a 100-page PDF: its first page, both thumbnails | $pdf | ≤ 500 | $(verdict "$pdf" 500) | $pdf_cpu | $(peak pdf100) MiB |"
  echo "| the same PDF's page 50, on demand (1600 px) | $page | | | $page_cpu | $(peak pdfpage50) MiB |"
  echo "| a text file (400 lines of C): its first 48 lines drawn | $text | | | $text_cpu | $(peak text) MiB |"
  echo "| a 10 s 1080p video: a poster frame (ffmpegthumbnailer, then vips) | $video | | | $video_cpu | $(peak video) MiB |"
  echo
  echo "Wall time is what it took on this host at the load above (two cores shared with the host's other work);"
  echo "CPU time is what it costs an idle core. Office documents are converted to PDF by LibreOffice first"
  echo "(previewer/office.c): their figures are the office conversion's own (bench/office.sh)."
)
echo "$table"
bench/table.sh bench:previews "$table"
