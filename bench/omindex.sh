#!/usr/bin/env bash
# make bench (sixth part), alone by `make bench-omindex`: the indexing of
# real documents, against omindex (Debian's xapian-omega) on the same files.
#  - the corpus: Debian's reference manual in French and English (HTML
#    chapters, PDFs, text.gz), the Debian Administrator's Handbook's fr-FR
#    and en-US HTML when the machine has it (debian-handbook), and
#    ../shared/corpus/real when it exists;
#  - Parvis: a fresh private stack; the files uploaded through the API
#    while the indexer is stopped (SIGSTOP, not timed), then timed from the
#    indexer's resumption to its last commit, once the index_queue is empty
#    (each row goes only once its document is committed);
#  - omindex: the same files in a plain directory, a fresh database, timed
#    from start to exit (pdftotext, from poppler-utils, reads its PDFs);
#  - each side BENCH_RUNS times (3), the median kept; documents/s, MB/s, and the
#    ratio of the speeds (Parvis / omindex: 1.0 or more is the target).
# Writes its table between the bench:omindex markers of bench/RESULTS.md
# (BENCH_OMINDEX_TABLE=0: printed only). BENCH_PERF=FILE: a perf profile
# of the whole machine during Parvis's first run.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
RUNS=${BENCH_RUNS:-3}
REAL=${PARVIS_REAL_CORPUS:-$ROOT/../shared/corpus/real}
cd "$ROOT"
command -v omindex >/dev/null || { echo "bench: omindex missing (xapian-omega, scripts/deps.sh)" >&2; exit 1; }
[ -d /usr/share/debian-reference ] || { echo "bench: debian-reference-fr/-en missing (scripts/deps.sh)" >&2; exit 1; }
command -v pdftotext >/dev/null || echo "bench: no pdftotext (poppler-utils): omindex will skip the PDFs" >&2

work=$(mktemp -d /tmp/parvis-bench-omindex.XXXXXX)
stack=""
cleanup() {
  [ -n "$stack" ] && { tests/stack.sh stop "$stack" >/dev/null 2>&1 || true; }
  rm -rf "$work"
}
trap cleanup EXIT
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# the corpus, one folder per source
corpus=$work/corpus
mkdir -p "$corpus/debian-reference"
cp /usr/share/debian-reference/*.fr.html /usr/share/debian-reference/*.en.html \
   /usr/share/debian-reference/*.pdf /usr/share/debian-reference/*.txt.gz "$corpus/debian-reference/"
sources="Debian's reference manual fr/en (HTML, PDF, text.gz)"
for l in fr-FR en-US; do
  if [ -d "/usr/share/doc/debian-handbook/html/$l" ]; then
    mkdir -p "$corpus/handbook-$l"
    cp /usr/share/doc/debian-handbook/html/$l/*.html "$corpus/handbook-$l/"
    sources+=", the Debian Administrator's Handbook $l (HTML)"
  fi
done
if [ -d "$REAL" ]; then
  mkdir -p "$corpus/real"
  # flattened: each file's path within real/, "/" written " - "
  (cd "$REAL" && find . -type f ! -name MANIFEST.tsv ! -name '.*' -print0) |
    while IFS= read -r -d '' f; do f=${f#./}; cp "$REAL/$f" "$corpus/real/${f//\// - }"; done
  sources+=", shared/corpus/real"
fi
docs=$(find "$corpus" -type f | wc -l)
bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
echo "bench: $docs documents, $mb MB ($sources)" >&2

# ---- Parvis ----------------------------------------------------------------
parvis_run() {   # run number; appends the seconds to $work/parvis
  stack=$work/stack$1
  tests/stack.sh start "$stack" "$BUILD" >/dev/null
  set -a; . "$stack/env"; set +a
  db() { mariadb --no-defaults --socket="$PARVIS_VAR/run/mysqld.sock" -N -B parvis -e "$1"; }
  local csrf root child
  csrf=$(curl -s -c "$stack/jar" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$PARVIS_ADMIN_EMAIL\",\"password\":\"$PARVIS_ADMIN_PASSWORD\"}" "$PARVIS_URL/api/v1/session" | jq -r .csrf_token)
  root=$(curl -s -b "$stack/jar" "$PARVIS_URL/api/v1/drive" | jq -r .root_folder_id)
  db "UPDATE drives SET quota_bytes = 0"
  # the folders first, indexed (a new folder's queue row reindexes all
  # that is under it by then: made while the indexer is stopped, it would
  # index every file twice)
  : >"$stack/uploads"
  for dir in "$corpus"/*/; do
    dir=${dir%/}
    local folder
    folder=$(curl -s -b "$stack/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
      -d "$(jq -cn --argjson p "$root" --arg n "$(basename "$dir")" '{parent_id: $p, name: $n}')" \
      "$PARVIS_URL/api/v1/folders" | jq -r .id)
    for f in "$dir"/*; do
      printf '%s\0%s\0' "$f" "$PARVIS_URL/api/v1/folders/$folder/files/$(jq -rn --arg s "$(basename "$f")" '$s | @uri')"
    done >>"$stack/uploads"
  done
  until [ "$(db 'SELECT COUNT(*) FROM index_queue')" = 0 ]; do sleep 0.2; done
  # the indexer's worker stopped while the files come in
  child=$(pgrep -P "$(cat "$PARVIS_VAR/run/indexer.pid")")
  [ -n "$child" ] || { echo "bench: no indexer worker" >&2; exit 1; }
  kill -STOP "$child"
  xargs -0 -P 4 -n 2 sh -c 'curl -s -o /dev/null -w "%{http_code}\n" -b "$0" -H "X-CSRF-Token: $1" -T "$2" "$3"' \
    "$stack/jar" "$csrf" <"$stack/uploads" >"$stack/codes"
  [ "$(grep -c '^201$' "$stack/codes")" = "$docs" ] || { echo "bench: uploads: $(sort "$stack/codes" | uniq -c)" >&2; exit 1; }
  local queued t0 t
  queued=$(db "SELECT COUNT(*) FROM index_queue")
  [ "$queued" = "$docs" ] || { echo "bench: $queued rows queued, not $docs" >&2; exit 1; }
  # BENCH_PERF=FILE: the whole machine profiled meanwhile (first run)
  local perf=""
  if [ -n "${BENCH_PERF:-}" ] && [ "$1" = 1 ]; then
    perf record -a -g -o "$BENCH_PERF" >/dev/null 2>&1 & perf=$!
    sleep 1
  fi
  t0=$(now)
  kill -CONT "$child"
  # polled slowly (a client started 20 times a second costs a core's
  # tenth here); the end is the last commit: when the index's version file
  # was written
  until [ "$(db 'SELECT COUNT(*) FROM index_queue')" = 0 ]; do sleep 0.5; done
  t=$(awk -v a="$t0" -v b="$(stat -c %.9Y "$PARVIS_VAR/xapian/iamglass")" 'BEGIN { printf "%.2f", b - a }')
  [ -z "$perf" ] || { kill -INT "$perf"; wait "$perf" || true; }
  kill -0 "$child" 2>/dev/null || { echo "bench: the indexer worker died" >&2; exit 1; }
  db "SELECT n.name, f.reason FROM index_failures f JOIN drive_nodes n ON n.id = f.node_id" >"$work/parvis-failures"
  du -sm "$PARVIS_VAR/xapian" | cut -f1 >"$work/parvis-size"
  tests/stack.sh stop "$stack" >/dev/null
  stack=""
  echo "$t" >>"$work/parvis"
}

# ---- omindex ---------------------------------------------------------------
omindex_run() {
  rm -rf "$work/omega"
  local t0 t
  t0=$(now)
  omindex --db "$work/omega" --url / "$corpus" >"$work/omindex.log" 2>&1
  t=$(since "$t0")
  du -sm "$work/omega" | cut -f1 >"$work/omindex-size"
  echo "$t" >>"$work/omindex"
}

: >"$work/parvis"; : >"$work/omindex"
for i in $(seq 1 "$RUNS"); do
  load=$(cut -d' ' -f1 /proc/loadavg); echo "$load" >>"$work/loads"
  parvis_run "$i"
  omindex_run
  echo "bench: run $i (load $load): Parvis $(tail -1 "$work/parvis") s, omindex $(tail -1 "$work/omindex") s" >&2
done
tp=$(median <"$work/parvis"); to=$(median <"$work/omindex")
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.1f", n / t }'; }
ratio=$(awk -v p="$tp" -v o="$to" 'BEGIN { printf "%.2f", o / p }')
failed=$(wc -l <"$work/parvis-failures")
skipped=$(grep -c 'Skipping\|Failed' "$work/omindex.log" || true)
echo "bench: Parvis $tp s ($(rate "$docs" "$tp") documents/s, $(rate "$mb" "$tp") MB/s), omindex $to s, ratio $ratio" >&2
[ "$failed" = 0 ] || { echo "bench: Parvis could not read:" >&2; cat "$work/parvis-failures" >&2; }
[ "$skipped" = 0 ] || { echo "bench: omindex skipped:" >&2; grep 'Skipping\|Failed' "$work/omindex.log" >&2; }

table=$(
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores (load average at each run's start: $(paste -sd' ' "$work/loads"); other work shares the cores), the release build; $docs documents, $mb MB: $sources. Median of $RUNS runs each (Parvis: $(paste -sd' ' "$work/parvis") s; omindex: $(paste -sd' ' "$work/omindex") s)."
  echo
  echo "| indexer | time | documents/s | MB/s | index | not read |"
  echo "|---|---:|---:|---:|---:|---:|"
  echo "| Parvis (queue to committed, fresh index) | $tp s | $(rate "$docs" "$tp") | $(rate "$mb" "$tp") | $(cat "$work/parvis-size") MiB | $failed |"
  echo "| omindex $(omindex --version | awk '{ print $NF }') (fresh database) | $to s | $(rate "$docs" "$to") | $(rate "$mb" "$to") | $(cat "$work/omindex-size") MiB | $skipped |"
  echo "| ratio (Parvis speed / omindex speed; target 1.0 or more) | **$ratio** | | | | |"
)
if [ "${BENCH_OMINDEX_TABLE:-1}" = 0 ]; then echo "$table"; else bench/table.sh bench:omindex "$table"; fi
