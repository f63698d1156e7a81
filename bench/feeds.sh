#!/usr/bin/env bash
# « Veille » (docs/feeds.md): alone by `bench/feeds.sh [BUILD]` (a release
# build), or `make bench-feeds`.
#  - a private stack, and a local HTTP server (node, on loopback) serving
#    200 RSS feeds, each with its ETag and a 304 when it is sent back;
#  - 200 feeds added to four groups through the API (the administrators' allow
#    list names 127.0.0.1), read once (their first items published);
#  - then, RUNS times: every feed due at once (as after 15 minutes), and
#    the time until all 200 were polled again with nothing new (200
#    conditional GETs answered 304, their state written): from the moment
#    they are due to the last feed's state in MariaDB, which includes the
#    poller's next look for due feeds (every second); and the span from the
#    server's first 304 to its last. parvis-feeds runs up to 50 fetches at
#    once in one curl multi handle (feeds/poll.c).
# Target (issue #18): 200 feeds polled with no change in ≤ 5 s.
# The machine may be shared: the figures are indicative (load average and
# the host's steal are written beside them).
# Writes its table between the bench:feeds markers of bench/RESULTS.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
N=${BENCH_FEEDS_N:-200}
RUNS=${BENCH_FEEDS_RUNS:-3}
cd "$ROOT"
stack=$(mktemp -d /tmp/parvis-bench-feeds.XXXXXX)
server_pid=
cleanup() {
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  tests/stack.sh stop "$stack" >/dev/null 2>&1 || true
  rm -rf "$stack"
}
trap cleanup EXIT
tests/stack.sh start "$stack" "$BUILD" >/dev/null
set -a; . "$stack/env"; set +a
db() { mariadb --no-defaults --socket="$PARVIS_VAR/run/mysqld.sock" -N -B parvis -e "$1"; }
now() { date +%s.%N; }
stolen() { awk '/^cpu / { printf "%.2f", $9 / 100 }' /proc/stat; }

# the feeds' server: /f/N.xml, 5 items each, ETag "vN"; its log says when
# each 304 went out (milliseconds)
cat >"$stack/server.mjs" <<'JS'
import http from 'node:http';
import { appendFileSync } from 'node:fs';
const log = process.argv[2];
const items = (n) => Array.from({ length: 5 }, (_, i) =>
  `<item><title>Feed ${n} item ${i}</title><link>https://bench.example.org/${n}/${i}</link><guid>b-${n}-${i}</guid>` +
  `<pubDate>Tue, 01 Dec 2026 0${i}:00:00 GMT</pubDate><description>&lt;p&gt;Text ${i}&lt;/p&gt;</description></item>`).join('');
const server = http.createServer((rq, rs) => {
  const m = rq.url.match(/^\/f\/(\d+)\.xml$/);
  if (!m) { rs.writeHead(404); return rs.end(); }
  const etag = `"v${m[1]}"`;
  if (rq.headers['if-none-match'] === etag) {
    rs.writeHead(304, { ETag: etag });
    rs.end();
    appendFileSync(log, `${Date.now()}\n`);
    return;
  }
  rs.writeHead(200, { 'Content-Type': 'application/rss+xml', ETag: etag });
  rs.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Bench ${m[1]}</title><link>https://bench.example.org/</link>${items(m[1])}</channel></rss>`);
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
JS
: >"$stack/304.log"
node "$stack/server.mjs" "$stack/304.log" >"$stack/port" &
server_pid=$!
for _ in $(seq 1 100); do [ -s "$stack/port" ] && break; sleep 0.05; done
port=$(cat "$stack/port")

# the administrator: the allow list, a group, the feeds
jar="$stack/cookies"
curl -s -c "$jar" -o "$stack/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$PARVIS_ADMIN_EMAIL\",\"password\":\"$PARVIS_ADMIN_PASSWORD\"}" "$PARVIS_URL/api/v1/session"
csrf=$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$stack/login")
api() { curl -s -b "$jar" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" "$@"; }
api -X PUT -d '{"allow":"127.0.0.1"}' -o /dev/null "$PARVIS_URL/api/v1/admin/outgoing"
# 50 feeds at most per group: four groups
gids=()
for g in $(seq 1 $(((N + 49) / 50))); do
  gids+=("$(api -d "{\"name\":\"Veille bench $g\",\"visibility\":\"public\"}" "$PARVIS_URL/api/v1/groups" \
    | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')")
done
for i in $(seq 1 "$N"); do
  gid=${gids[$(((i - 1) / 50))]}
  code=$(api -o /dev/null -w '%{http_code}' -d "{\"url\":\"http://127.0.0.1:$port/f/$i.xml\"}" "$PARVIS_URL/api/v1/groups/$gid/feeds")
  [ "$code" = 201 ] || { echo "bench: feed $i answered $code" >&2; exit 1; }
done
wait_all() {   # until every feed's last state is $1 (or 60 s)
  for _ in $(seq 1 1200); do
    [ "$(db "SELECT COUNT(*) FROM feeds WHERE last_status = $1 AND last_error = ''")" = "$N" ] && return 0
    sleep 0.05
  done
  echo "bench: the feeds were not all polled: $(db "SELECT last_status, last_error, COUNT(*) FROM feeds GROUP BY 1, 2")" >&2
  exit 1
}
t0=$(now)
wait_all 200
first=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
posts=$(db "SELECT COUNT(*) FROM posts")
echo "bench: $N feeds read the first time in ${first} s ($posts posts)" >&2

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$stack/rows"
for run in $(seq 1 "$RUNS"); do
  db "UPDATE feeds SET last_status = 200"
  : >"$stack/304.log"
  s0=$(stolen)
  t0=$(now)
  db "UPDATE feeds SET next_fetch_at = UTC_TIMESTAMP()"
  wait_all 304
  t1=$(now)
  span=$(sort -n "$stack/304.log" | awk 'NR == 1 { a = $1 } { b = $1; n++ } END { printf "%d %.2f", n, (b - a) / 1000 }')
  steal=$(awk -v a="$s0" -v b="$(stolen)" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.2f", (b - a) / (t1 - t0) }')
  after=$(db "SELECT COUNT(*) FROM posts")
  [ "$after" = "$posts" ] || { echo "bench: $((after - posts)) posts published from unchanged feeds" >&2; exit 1; }
  awk -v run="$run" -v a="$t0" -v b="$t1" -v span="$span" -v steal="$steal" -v n="$N" 'BEGIN {
    split(span, s, " ");
    printf "| %d | %d | %d | %.2f | %.2f | ≤ 5 s | %s |\n", run, n, s[1], b - a, s[2], steal }' >>"$stack/rows"
done

table=$(
  echo "Measured $(date -u +%F) on $(nproc) cores (a shared machine: indicative), release build: $N feeds (four groups of 50) on a"
  echo "local node server (loopback, allowed by the administrators' list), read once (${first} s, $posts posts), then due all at once,"
  echo "$RUNS times. parvis-feeds: up to 50 conditional GETs at once in one curl multi handle. « all polled » runs from the moment"
  echo "they are due to the last feed's state written (it includes the poller's look for due feeds, every second); « 304s » from"
  echo "the server's first 304 to its last. No post published by an unchanged feed. Load average when the runs began: $load_before."
  echo
  echo "| run | feeds | 304s sent | all polled (s) | 304s span (s) | target | steal (cores) |"
  echo "|---:|---:|---:|---:|---:|---|---:|"
  cat "$stack/rows"
)
echo "$table"
bench/table.sh bench:feeds "$table"
