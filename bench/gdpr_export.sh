#!/usr/bin/env bash
# make bench-gdpr: « Mes données » (docs/gdpr.md). A person with 2,000 posts
# and 1 GiB of files (16 files of 64 MiB of random bytes, uploaded through
# the API) asks for their export; measured: how long the notifier takes to
# build the zip (from POST /me/export to GET /me/export saying ready), then
# the download's first byte and its whole (curl, to a file), and a second
# export's build while the first one is downloaded.
# Writes its table between the bench:gdpr markers of bench/RESULTS.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
FILES=${BENCH_GDPR_FILES:-16}
FILE_MB=${BENCH_GDPR_FILE_MB:-64}
POSTS=${BENCH_GDPR_POSTS:-2000}
cd "$ROOT"

stack=$(mktemp -d /tmp/parvis-bench.XXXXXX)
trap 'tests/stack.sh stop "$stack" >/dev/null 2>&1 || true; rm -rf "$stack"' EXIT   # 2 GiB: blobs and the zip
tests/stack.sh start "$stack" "$BUILD" >/dev/null
set -a; . "$stack/env"; set +a
db() { mariadb --no-defaults --socket="$PARVIS_VAR/run/mysqld.sock" -N -B parvis -e "$1"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

csrf=$(curl -s -c "$stack/jar" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$PARVIS_ADMIN_EMAIL\",\"password\":\"$PARVIS_ADMIN_PASSWORD\"}" "$PARVIS_URL/api/v1/session" | jq -r .csrf_token)
api() { curl -s -b "$stack/jar" -H "X-CSRF-Token: $csrf" "$@"; }
me=$(api "$PARVIS_URL/api/v1/me" | jq -r .user.id)
root=$(api "$PARVIS_URL/api/v1/drive" | jq -r .root_folder_id)
db "UPDATE drives SET quota_bytes = 0"

# 2,000 posts of about 1 KiB in a group of theirs, in bulk
group=$(api -H 'Content-Type: application/json' -d '{"name":"Bench export","visibility":"public"}' "$PARVIS_URL/api/v1/groups" | jq -r .id)
db "INSERT INTO posts (group_id, author_id, title, body, body_html, publish_at)
    SELECT $group, $me, CONCAT('Publication ', seq), REPEAT(CONCAT('Texte de la publication ', seq, '. '), 30),
           CONCAT('<p>', seq, '</p>'), UTC_TIMESTAMP(3) - INTERVAL seq MINUTE FROM seq_1_to_$POSTS"

echo "bench: uploading $FILES files of $FILE_MB MiB" >&2
mkdir -p "$stack/files"
for i in $(seq 1 "$FILES"); do
  head -c "${FILE_MB}M" /dev/urandom >"$stack/files/f$i.bin"
  code=$(api -o /dev/null -w '%{http_code}' -T "$stack/files/f$i.bin" "$PARVIS_URL/api/v1/folders/$root/files/f$i.bin")
  [ "$code" = 201 ] || { echo "bench: upload $i answered $code" >&2; exit 1; }
  rm -f "$stack/files/f$i.bin"
done
sync

export_ready() {   # asks for an export, waits until ready; prints the build's seconds
  local t0 state
  t0=$(now)
  api -o /dev/null -X POST "$PARVIS_URL/api/v1/me/export"
  while :; do
    state=$(api "$PARVIS_URL/api/v1/me/export" | jq -r .state)
    [ "$state" = ready ] && break
    [ "$state" = failed ] && { echo "bench: the export failed" >&2; exit 1; }
    sleep 0.1
  done
  since "$t0"
}
t_build=$(export_ready)
info=$(api "$PARVIS_URL/api/v1/me/export")
url=$(jq -r .url <<<"$info"); size=$(jq -r .size <<<"$info"); nfiles=$(jq -r .files <<<"$info")
timing=$(api -o "$stack/down" -w '%{time_starttransfer} %{time_total} %{http_code}' "$PARVIS_URL$url")
read -r ttfb total code <<<"$timing"
[ "$code" = 200 ] || { echo "bench: the download answered $code" >&2; exit 1; }
[ "$(stat -c %s "$stack/down")" = "$size" ] || { echo "bench: the download is not whole" >&2; exit 1; }
posts=$(unzip -p "$stack/down" posts.json 2>/dev/null | grep -c '"id"' || true)
rm -f "$stack/down"
# the first byte again, the file in the page cache or not (a second download)
ttfb2=$(api -o /dev/null -w '%{time_starttransfer}' "$PARVIS_URL$url")
echo "bench: built in $t_build s, $size bytes; first byte $ttfb s, whole $total s" >&2

mib() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1048576 }'; }
ms() { awk -v s="$1" 'BEGIN { printf "%.0f", s * 1000 }'; }
table=$(
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, release build, the stack and curl sharing them: a person with $POSTS posts and $FILES files of $FILE_MB MiB of random bytes ($nfiles files in the zip, $(mib "$size") MiB; ${posts:-?} posts in posts.json)."
  echo
  echo "| what | time |"
  echo "|---|---:|"
  echo "| the export built (POST /me/export → GET /me/export says ready; files stored, JSON deflated) | $t_build s |"
  echo "| the download's first byte (X-Accel-Redirect, sendfile) | $(ms "$ttfb") ms |"
  echo "| the whole download, to a file | $(printf '%.2f' "$total") s |"
  echo "| the first byte of a second download | $(ms "$ttfb2") ms |"
)
bench/table.sh bench:gdpr "$table"
