#!/usr/bin/env bash
# make bench-backup: the time and size of a backup and of a restore of a
# platform the size of the feed's benchmark (10,000 accounts, 500 groups,
# BENCH_BACKUP_POSTS posts with three comments and a reaction each) with
# drive files (BENCH_BACKUP_FILES files of 1 MiB and one of 256 MiB), then
# how long the restored copy's indexer takes to rebuild the search index
# (at most BENCH_BACKUP_REINDEX_LIMIT seconds). Writes its table between
# the bench:backup markers of bench/RESULTS.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build/release}" && pwd)
POSTS=${BENCH_BACKUP_POSTS:-1000000}
FILES=${BENCH_BACKUP_FILES:-100}
REINDEX_LIMIT=${BENCH_BACKUP_REINDEX_LIMIT:-1800}
cd "$ROOT"

# under build/, not /tmp: MariaDB's temporary tables go there too (TMPDIR),
# out of reach of whatever cleans /tmp
mkdir -p "${BENCH_TMP:-$ROOT/build/bench-tmp}"
export TMPDIR=$(cd "${BENCH_TMP:-$ROOT/build/bench-tmp}" && pwd)
stack=$(mktemp -d "$TMPDIR/parvis-bench-backup.XXXXXX")
trap 'tests/stack.sh stop "$stack/restored" >/dev/null 2>&1 || true; tests/stack.sh stop "$stack" >/dev/null 2>&1 || true; rm -rf "$stack"' EXIT
tests/stack.sh start "$stack" "$BUILD" >/dev/null
set -a; . "$stack/env"; set +a
db() { mariadb --no-defaults --socket="$PARVIS_VAR/run/mysqld.sock" -N -B parvis -e "$1"; }
secs() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
t0=$(date +%s.%N)

# the feed benchmark's platform (bench/platform.sh)
. bench/platform.sh
load_people
for ((from = 0; from < POSTS; from += 250000)); do
  load_posts "$from" $(( from + 250000 < POSTS ? from + 250000 : POSTS )) "$POSTS"
done
# drive files through the API (nginx, hashing, fsync), random bytes
csrf=$(curl -s -c "$stack/jar" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$PARVIS_ADMIN_EMAIL\",\"password\":\"$PARVIS_ADMIN_PASSWORD\"}" "$PARVIS_URL/api/v1/session" | jq -r .csrf_token)
root=$(curl -s -b "$stack/jar" "$PARVIS_URL/api/v1/drive" | jq -r .root_folder_id)
upload() {   # file name
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' -b "$stack/jar" -H "X-CSRF-Token: $csrf" -T "$1" "$PARVIS_URL/api/v1/folders/$root/files/$2")
  [ "$code" = 201 ] || { echo "bench: upload of $2: $code" >&2; exit 1; }
}
for i in $(seq 1 "$FILES"); do
  head -c 1048576 /dev/urandom >"$stack/f.bin"
  upload "$stack/f.bin" "fichier-$i.bin"
done
head -c $((256 * 1048576)) /dev/urandom >"$stack/big.bin"
upload "$stack/big.bin" "gros-fichier.bin"
rm -f "$stack/f.bin" "$stack/big.bin"
posts=$(db "SELECT COUNT(*) FROM posts"); comments=$(db "SELECT COUNT(*) FROM comments")
echo "bench: $posts posts, $comments comments, $((FILES + 1)) files loaded in $(secs "$t0") s" >&2
until [ "$(db 'SELECT COUNT(*) FROM index_queue')" = 0 ]; do sleep 1; done
datadir=$(du -sm "$PARVIS_VAR/db" | cut -f1)

# the backup, while the platform runs
t=$(date +%s.%N)
scripts/parvis backup "$stack/backup" "$BUILD" >&2
backup_s=$(secs "$t")
dump_mb=$(awk '{ printf "%.0f", $1 / 1048576 }' <<<"$(stat -c %s "$stack/backup/db.sql.gz")")
blobs_mb=$(find "$stack/backup/blobs" -type f -printf '%s\n' | awk '{ n += $1 } END { printf "%.0f", n / 1048576 }')

# the restore into a new var/, then the copy started and its index rebuilt
t=$(date +%s.%N)
PARVIS_VAR="$stack/restored/var" scripts/parvis restore "$stack/backup" "$BUILD" >&2
restore_s=$(secs "$t")
t=$(date +%s.%N)
tests/stack.sh start "$stack/restored" "$BUILD" >/dev/null
url=$(sed -n 's/^PARVIS_URL=//p' "$stack/restored/env")
start_s=$(secs "$t")
rq() { mariadb --no-defaults --socket="$stack/restored/var/run/mysqld.sock" -N -B parvis -e "$1"; }
queued=$(rq 'SELECT COUNT(*) FROM index_queue')
reindex="not finished in ${REINDEX_LIMIT} s"
while (( $(awk -v a="$t" -v b="$(date +%s.%N)" 'BEGIN { print int(b - a) }') < REINDEX_LIMIT )); do
  if [ "$(rq 'SELECT COUNT(*) FROM index_queue')" = 0 ]; then reindex="$(secs "$t") s"; break; fi
  sleep 2
done
docs=$(curl -s "$url/api/v1/health" | jq -r .index.documents)
case $reindex in not*) reindex="$reindex, $(awk -v d="$docs" -v t="$REINDEX_LIMIT" 'BEGIN { printf "%.0f", d / t }') documents/s" ;; esac
echo "bench: backup $backup_s s, restore $restore_s s, start $start_s s, index rebuilt: $reindex ($docs documents)" >&2

table=$(
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, release build: $posts posts, $comments comments, 10,000 accounts, 500 groups, $((FILES + 1)) drive files ($FILES of 1 MiB, one of 256 MiB); MariaDB's data directory ${datadir} MB."
  echo
  echo "| step | time | size |"
  echo "|---|---:|---:|"
  echo "| \`make backup\` while the platform runs (dump, blobs, secret) | $backup_s s | dump ${dump_mb} MB (gzip), blobs ${blobs_mb} MB |"
  echo "| \`make restore\` into an empty var/ (blobs checked, database loaded, reindex queued) | $restore_s s | |"
  echo "| the copy started | $start_s s | |"
  echo "| its search index rebuilt ($queued entities queued, $docs documents) | $reindex | |"
)
bench/table.sh bench:backup "$table"
