#!/usr/bin/env bash
# make bench-coverage: the share of the words of real files each tool finds,
# per format: Parvis's readers (build/<mode>/tests/test_extract, the very
# extract_file the indexer calls), Recoll (Debian's recollcmd:
# recollindex and its helpers) and omindex (xapian-omega), on the same
# files: ../shared/corpus/real when it is there (documents from Apache
# Tika's, python-docx's, python-pptx's and pdf.js's test suites) and
# tests/fixtures' office files. bench/coverage.py compares (its comment says
# how words are counted). Writes its table between the bench:coverage
# markers of bench/RESULTS.md (BENCH_COVERAGE_TABLE=0: printed only).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/test}
REAL=${PARVIS_REAL_CORPUS:-$ROOT/../shared/corpus/real}
cd "$ROOT"
for t in recollindex omindex xapian-delve; do
  command -v $t >/dev/null || { echo "bench: $t missing (recollcmd, xapian-omega, xapian-tools)" >&2; exit 1; }
done
[ -x "$BUILD/tests/test_extract" ] || { echo "bench: $BUILD/tests/test_extract missing (make MODE=... units)" >&2; exit 1; }

work=$(mktemp -d /tmp/parvis-bench-coverage.XXXXXX)
[ -n "${BENCH_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
corpus=$work/corpus
mkdir -p "$corpus"
if [ -d "$REAL" ]; then
  # flattened: each file's path within real/, "/" written " - "
  (cd "$REAL" && find . -type f ! -name MANIFEST.tsv ! -name '.*' -print0) |
    while IFS= read -r -d '' f; do f=${f#./}; cp "$REAL/$f" "$corpus/${f//\// - }"; done
fi
for f in tests/fixtures/*.doc tests/fixtures/*.xls tests/fixtures/*.xlsx tests/fixtures/*.ods tests/fixtures/*.docx tests/fixtures/*.odt; do
  cp "$f" "$corpus/fixtures - $(basename "$f")"
done
gunzip -c tests/fixtures/slides.ppt.gz >"$corpus/fixtures - slides.ppt"
docs=$(find "$corpus" -type f | wc -l)
echo "bench: $docs files ($(du -sh "$corpus" | cut -f1))" >&2

# Parvis: every file through extract_file
"$BUILD/tests/test_extract" "$corpus"/* >"$work/parvis.txt" 2>/dev/null

# one file per document of a Xapian database: its url (and ipath), its terms
dump() {   # db dir
  local db=$1 out=$2 last id
  mkdir -p "$out"
  last=$(xapian-delve "$db" | awk -F' = ' '/highest document id/ { print $2 }')
  for id in $(seq 1 "$last"); do
    url=$(xapian-delve -r "$id" -d "$db" 2>/dev/null | sed -n 's/^url=//p' | head -1) || continue
    [ -n "$url" ] || continue
    { echo "$url"; xapian-delve -r "$id" -1 "$db" 2>/dev/null | tail -n +2; } >"$out/$id"
  done
}

# Recoll: its default configuration, the corpus its only top directory
mkdir -p "$work/recoll"
printf 'topdirs = %s\nloglevel = 1\n' "$corpus" >"$work/recoll/recoll.conf"
start=$(date +%s.%N)
# its Python helpers need Debian's python3 (not another one first on PATH)
PATH=/usr/bin:/bin:$PATH recollindex -c "$work/recoll" -z >"$work/recoll.log" 2>&1 || true
echo "bench: recollindex $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s" >&2
[ -s "$work/recoll/missing" ] && { echo "bench: Recoll's missing helpers:" >&2; cat "$work/recoll/missing" >&2; }
dump "$work/recoll/xapiandb" "$work/recoll-terms"

# omindex: its defaults, pdftotext for the PDFs
omindex --db "$work/omega" --url / "$corpus" >"$work/omindex.log" 2>&1 || true
dump "$work/omega" "$work/omindex-terms"

table=$(/usr/bin/python3 bench/coverage.py "$corpus" "$work/parvis.txt" "$work/recoll-terms" "$work/omindex-terms" "$work/lacks.md")
load=$(cut -d' ' -f1 /proc/loadavg)
echo "$table"
if [ "${BENCH_COVERAGE_TABLE:-1}" != 0 ]; then
  recoll_version=$(dpkg-query -W -f='${Version}' recollcmd 2>/dev/null || echo '?')
  omega_version=$(dpkg-query -W -f='${Version}' xapian-omega 2>/dev/null || echo '?')
  block=$(printf '%s\n\n%s\n\nEvery word of the reference Parvis did not find, per format and file, with the tool that found it:\n\n%s\n' \
    "$table" "$docs files; Recoll $recoll_version (recollcmd), omindex $omega_version; $(date -u +%Y-%m-%d), load $load." "$(cat "$work/lacks.md")")
  /usr/bin/python3 - "$block" <<'PY'
import re, sys
p = "bench/RESULTS.md"
s = open(p, encoding="utf-8").read()
block = "<!-- bench:coverage -->\n" + sys.argv[1] + "\n<!-- /bench:coverage -->"
s = re.sub(r"<!-- bench:coverage -->.*?<!-- /bench:coverage -->", lambda m: block, s, flags=re.S)
open(p, "w", encoding="utf-8").write(s)
PY
fi
