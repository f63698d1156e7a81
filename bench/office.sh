#!/usr/bin/env bash
# Office documents to PDF (previewer/office.c, docs/previews.md): alone by
# `bench/office.sh [BUILD]` (a release build), or `make bench-office`.
# Makes a 20-page docx once (LibreOffice converts a long text file), then
# converts it as the previewer does (office_to_pdf through test_office's
# command-line mode: the limited child, no network, the kept profile):
# with a new profile (the first conversion after a limit or on a new
# machine), RUNS times with the kept one, and RUNS times an almost empty
# docx (what LibreOffice's start costs with nothing to lay out). Medians;
# LibreOffice's start as office_to_pdf measures it (fork to its first open
# of the document); the child's peak memory (ru_maxrss); the host's load.
# The machine may be shared: the figures are indicative.
# Writes its table between the bench:office markers of bench/RESULTS.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
RUNS=${BENCH_OFFICE_RUNS:-3}
FRESH=${BENCH_OFFICE_FRESH:-2}
PARAS=${BENCH_OFFICE_PARAGRAPHS:-56}
cd "$ROOT"
bin="$BUILD/tests/test_office"
[ -x "$bin" ] || { echo "bench: $bin missing (make bench-office builds it)" >&2; exit 1; }
T=$(mktemp -d "${TMPDIR:-/tmp}/bench-office.XXXXXX")
trap 'rm -rf "$T"' EXIT
export TMPDIR=$T                     # test_office's work directory: $T/test_office_work

# the documents: about 20 A4 pages of paragraphs, and one line
awk -v n="$PARAS" 'BEGIN {
  srand(17)
  split("réunion budget comité projet calendrier équipe rapport décision charte bénévoles formation partenaires " \
        "subvention assemblée locaux communication adhérents trésorerie planning évaluation", w, " ")
  for (p = 1; p <= n; p++) {
    line = sprintf("%d. ", p)
    for (k = 0; k < 170; k++) line = line w[int(rand() * 20) + 1] (k % 12 == 11 ? ". " : " ")
    print line
    print ""
  }
}' >"$T/rapport.txt"
echo "Ordre du jour." >"$T/vide.txt"
soffice --headless --norestore --nologo --nolockcheck "-env:UserInstallation=file://$T/make-profile" \
  --convert-to 'docx:MS Word 2007 XML' --outdir "$T" "$T/rapport.txt" "$T/vide.txt" </dev/null >/dev/null 2>&1
[ -s "$T/rapport.docx" ] && [ -s "$T/vide.docx" ] || { echo "bench: LibreOffice did not make the documents" >&2; exit 1; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
read -r _ _ _ _ _ _ _ steal0 _ < <(grep '^cpu ' /proc/stat)
t0=$(date +%s)
out=""
one() { # label file
  local line
  line=$(nice -n 0 "$bin" "$2" | tail -n 1)
  case "$line" in *rc=0*) ;; *) echo "bench: $2 not converted: $line" >&2; exit 1 ;; esac
  out+="$1 $(echo "$line" | sed -E 's/.*total_ms=([0-9]+).*start_ms=([0-9]+).*maxrss_kb=([0-9]+).*cpu_ms=([0-9]+).*/\1 \2 \3 \4/')"$'\n'
}
for _ in $(seq "$FRESH"); do rm -rf "$T/test_office_work/office/profile"; one fresh "$T/rapport.docx"; done
for _ in $(seq "$RUNS"); do one kept "$T/rapport.docx"; done
for _ in $(seq "$RUNS"); do one empty "$T/vide.docx"; done
t1=$(date +%s)
read -r _ _ _ _ _ _ _ steal1 _ < <(grep '^cpu ' /proc/stat)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
pages=$(pdfinfo "$T/rapport.docx.pdf" | awk '/^Pages:/ { print $2 }')

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
col() { echo "$out" | awk -v l="$1" -v c="$2" '$1 == l { print $c }' | median; }
kept=$(col kept 2) kept_start=$(col kept 3) kept_rss=$(col kept 4) kept_cpu=$(col kept 5)
fresh=$(col fresh 2) fresh_start=$(col fresh 3) fresh_cpu=$(col fresh 5)
empty=$(col empty 2) empty_start=$(col empty 3) empty_rss=$(col empty 4) empty_cpu=$(col empty 5)
rss_max=$(echo "$out" | awk 'NF == 5 && $4 > m { m = $4 } END { print int(m / 1024) }')
share=$(( kept > 0 ? 100 * kept_start / kept : 0 ))
ok=$([ "$kept" -le 5000 ] && echo yes || echo no)
steal=$(awk -v s="$((steal1 - steal0))" -v t="$((t1 - t0))" -v n="$(nproc)" \
  'BEGIN { printf "%.0f", (t > 0 ? 100 * s / (t * 100 * n) : 0) }')
table=$(
  echo "Measured $(date -u +%F) on $(nproc) cores (a shared machine: indicative; load average before: $load_before,"
  echo "after: $load_after; the host took ${steal}% of the cores meanwhile), release build, $(soffice --version | cut -d' ' -f1-2):"
  echo "office_to_pdf as the previewer calls it (the limited child: its own process group, no network, CPU and"
  echo "memory limits, soffice.bin started directly). A docx of $pages pages made by LibreOffice from $PARAS paragraphs"
  echo "of text, and one of a single line. Medians; « start » is LibreOffice's, as office_to_pdf reports it (from"
  echo "the fork to LibreOffice's first open of the document, seen by inotify)."
  echo
  echo "| conversion | wall ms | of which LibreOffice's start | CPU ms (the child's) | peak memory (ru_maxrss) |"
  echo "|---|---:|---:|---:|---:|"
  echo "| **the $pages-page docx, kept profile** (median of $RUNS) | **$kept** | $kept_start ($share%) | $kept_cpu | $((kept_rss / 1024)) MiB |"
  echo "| the $pages-page docx, new profile (median of $FRESH: the first conversion, or after a limit) | $fresh | $fresh_start | $fresh_cpu | |"
  echo "| a one-line docx, kept profile (median of $RUNS) | $empty | $empty_start | $empty_cpu | $((empty_rss / 1024)) MiB |"
  echo
  echo "Target: the $pages-page docx to PDF ≤ 5 s: $ok (wall time on this host at the load above; the CPU time"
  echo "is what it costs an idle machine, LibreOffice's threads added up). The largest child's peak: $rss_max MiB (its limit: 2048 MiB of"
  echo "address space). A new profile cost $((fresh - kept)) ms of wall time and $((fresh_cpu - kept_cpu)) ms of CPU more than the"
  echo "kept one (soffice.bin makes it, then asks to be started again). The previewer then renders the PDF's"
  echo "first page (bench/previews.sh)."
)
echo "$table"
bench/table.sh bench:office "$table"
