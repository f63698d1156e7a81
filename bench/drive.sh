#!/usr/bin/env bash
# make bench (fourth part), alone by `make bench-drive`: the drive.
#  - a 1 GiB file uploaded and downloaded, each timed against `cp` of the
#    same file on the same disk (both followed by a sync of the copy), and
#    the largest resident size of any FastCGI worker meanwhile;
#  - 200 small files uploaded by 16 clients at once;
#  - the first page of a folder of 10,000 files, at 2 and 16 connections.
# Writes its table between the bench:drive markers of bench/RESULTS.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
DURATION=${BENCH_DURATION:-5s}
RUNS=${BENCH_RUNS:-3}
SIZE_MB=${BENCH_DRIVE_MB:-1024}
cd "$ROOT"
. bench/wrk.sh

stack=$(mktemp -d /tmp/parvis-bench.XXXXXX)
trap 'tests/stack.sh stop "$stack" >/dev/null 2>&1 || true; rm -f "$stack"/big "$stack"/copy "$stack"/down' EXIT
tests/stack.sh start "$stack" "$BUILD" >/dev/null
set -a; . "$stack/env"; set +a
db() { mariadb --no-defaults --socket="$PARVIS_VAR/run/mysqld.sock" -N -B parvis -e "$1"; }

csrf=$(curl -s -c "$stack/jar" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$PARVIS_ADMIN_EMAIL\",\"password\":\"$PARVIS_ADMIN_PASSWORD\"}" "$PARVIS_URL/api/v1/session" | jq -r .csrf_token)
COOKIE=$(sed -n 's/.*\tparvis_session\t\(.*\)$/parvis_session=\1/p' "$stack/jar")
api() { curl -s -b "$stack/jar" -H "X-CSRF-Token: $csrf" "$@"; }
root=$(api "$PARVIS_URL/api/v1/drive" | jq -r .root_folder_id)
db "UPDATE drives SET quota_bytes = 0"                          # no quota in the way
now() { date +%s.%N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100 * a / b }'; }
mbps() { awk -v s="$SIZE_MB" -v t="$1" 'BEGIN { printf "%.0f", s / t }'; }

# the largest resident size of the workers while a command runs, in MiB
peak_rss() {   # command...
  local out="$stack/rss" pid
  : >"$out"
  ( while :; do ps -o rss= --ppid "$(cat "$PARVIS_VAR/run/fcgi.pid")" >>"$out" 2>/dev/null; sleep 0.1; done ) &
  pid=$!
  "$@"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  sort -n "$out" | tail -1 | awk '{ printf "%.0f", $1 / 1024 }'
}

echo "bench: writing a $SIZE_MB MiB file" >&2
head -c "${SIZE_MB}M" /dev/urandom >"$stack/big"
sync
idle=$(ps -o rss= --ppid "$(cat "$PARVIS_VAR/run/fcgi.pid")" | sort -n | tail -1 | awk '{ printf "%.0f", $1 / 1024 }')
t0=$(now); cp "$stack/big" "$stack/copy"; sync "$stack/copy"; t_cp=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { print b - a }')
rm -f "$stack/copy"
up() { api -o /dev/null -w '%{http_code}' -T "$stack/big" "$PARVIS_URL/api/v1/folders/$root/files/big.bin" >"$stack/code"; }
t0=$(now); rss_up=$(peak_rss up); t_up=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { print b - a }')
[ "$(cat "$stack/code")" = 201 ] || { echo "bench: upload answered $(cat "$stack/code")" >&2; exit 1; }
file=$(api "$PARVIS_URL/api/v1/folders/$root?sort=name" | jq -r '.files[] | select(.name == "big.bin") | .id')
down() { api -o "$stack/down" "$PARVIS_URL/api/v1/files/$file/content?download=1"; sync "$stack/down"; }
t0=$(now); rss_down=$(peak_rss down); t_down=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { print b - a }')
cmp -s "$stack/big" "$stack/down" || { echo "bench: the download differs" >&2; exit 1; }
echo "bench: cp $t_cp s, upload $t_up s, download $t_down s" >&2

# 200 small files (10 KiB, all different), 16 at a time
mkdir -p "$stack/small"
for i in $(seq 1 200); do head -c 10240 /dev/urandom >"$stack/small/f$i"; done
small() {
  ls "$stack/small" | xargs -P 16 -I{} curl -s -o /dev/null -w '%{http_code}\n' -b "$stack/jar" -H "X-CSRF-Token: $csrf" \
    -T "$stack/small/{}" "$PARVIS_URL/api/v1/folders/$root/files/{}" >"$stack/codes"
}
t0=$(now); small; t_small=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { print b - a }')
[ "$(grep -c '^201$' "$stack/codes")" = 200 ] || { echo "bench: small uploads: $(sort "$stack/codes" | uniq -c)" >&2; exit 1; }

# a folder of 10,000 files, made in bulk (one blob shared: the listing
# reads rows, not bytes)
folder=$(api -H 'Content-Type: application/json' -d "{\"parent_id\":$root,\"name\":\"dix mille\"}" "$PARVIS_URL/api/v1/folders" | jq -r .id)
sha=$(db "SELECT sha256 FROM file_versions LIMIT 1")
drive=$(db "SELECT drive_id FROM drive_nodes WHERE id = $folder")
db "INSERT INTO drive_nodes (drive_id, parent_id, kind, name, version, size, mime, created_by, updated_by, updated_at)
    SELECT $drive, $folder, 'file', CONCAT('document ', LPAD(seq, 5, '0'), '.pdf'), 1, 10240 + seq, 'application/pdf', 1, 1,
           UTC_TIMESTAMP(3) - INTERVAL seq MINUTE FROM seq_1_to_10000"
db "INSERT INTO file_versions (node_id, version, sha256, size, mime, created_by)
    SELECT id, 1, '$sha', size, mime, 1 FROM drive_nodes WHERE parent_id = $folder"
db "ANALYZE TABLE drive_nodes, file_versions" >/dev/null
wrk -t2 -c2 -d2s -H "Cookie: $COOKIE" "$PARVIS_URL/api/v1/folders/$folder" >/dev/null   # warm-up
for c in 2 16; do
  run list "$c" "/api/v1/folders/$folder" "Cookie: $COOKIE"
  run list_date "$c" "/api/v1/folders/$folder?sort=date" "Cookie: $COOKIE"
done

table=$(
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, default workers, the stack and its clients sharing them; a $SIZE_MB MiB file of random bytes on the disk of var/."
  echo
  echo "| what | time | throughput | share of \`cp\` | largest worker (idle: ${idle} MiB) |"
  echo "|---|---:|---:|---:|---:|"
  echo "| \`cp\` and sync, same disk | $(printf '%.2f' "$t_cp") s | $(mbps "$t_cp") MiB/s | 100% | |"
  echo "| upload (PUT, nginx to a temporary file, hashed, typed, fsync, renamed) | $(printf '%.2f' "$t_up") s | $(mbps "$t_up") MiB/s | $(ratio "$t_cp" "$t_up") | ${rss_up} MiB |"
  echo "| download (X-Accel-Redirect, sendfile) to a file, sync | $(printf '%.2f' "$t_down") s | $(mbps "$t_down") MiB/s | $(ratio "$t_cp" "$t_down") | ${rss_down} MiB |"
  echo "| 200 files of 10 KiB, 16 at a time | $(printf '%.2f' "$t_small") s | $(awk -v t="$t_small" 'BEGIN { printf "%.0f", 200 / t }') files/s | | |"
  echo
  echo "| folder of 10,000 files, first page (100) | connections | requests/s | p50 ms | p99 ms |"
  echo "|---|---:|---:|---:|---:|"
  for c in 2 16; do
    echo "| by name | $c | ${RPS[list/$c]} | ${P50[list/$c]} | ${P99[list/$c]} |"
    echo "| newest first | $c | ${RPS[list_date/$c]} | ${P50[list_date/$c]} | ${P99[list_date/$c]} |"
  done
)
bench/table.sh bench:drive "$table"
