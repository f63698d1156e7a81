#!/usr/bin/env bash
# make bench (third part): the home feed and the portal for a person in 30
# groups, with 100,000 and then 1,000,000 posts in the platform (10,000
# accounts, 500 groups, three comments per post, reactions), at 64
# connections, each as a share of nginx's static file. The data is
# deterministic and loaded by bulk INSERT ... SELECT from MariaDB's
# sequence tables. Writes its table between the bench:feed markers.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
DURATION=${BENCH_DURATION:-5s}
RUNS=${BENCH_RUNS:-3}
SMALL=${BENCH_FEED_SMALL:-100000}
LARGE=${BENCH_FEED_LARGE:-1000000}
CONNS=64
cd "$ROOT"
. bench/wrk.sh

stack=$(mktemp -d /tmp/parvis-bench.XXXXXX)
trap 'tests/stack.sh stop "$stack" >/dev/null 2>&1 || true' EXIT
tests/stack.sh start "$stack" "$BUILD" >/dev/null
set -a; . "$stack/env"; set +a
db() { mariadb --no-defaults --socket="$PARVIS_VAR/run/mysqld.sock" -N -B parvis -e "$1"; }
t0=$(date +%s)

. bench/platform.sh
load_people

COOKIE=""
rows=""
measure_at() {   # label
  local n; n=$(db "SELECT COUNT(*) FROM posts")
  echo "bench: $n posts, $(db 'SELECT COUNT(*) FROM comments') comments, loaded in $(( $(date +%s) - t0 )) s" >&2
  # warm-up, not measured: MariaDB's buffer pool after the bulk load, and
  # the workers' caches (the figures are for a running platform)
  wrk -t2 -c"$CONNS" -d2s -H "Cookie: $COOKIE" "$PARVIS_URL/api/v1/feed" >/dev/null
  wrk -t2 -c"$CONNS" -d2s -H "Cookie: $COOKIE" "$PARVIS_URL/api/v1/portal" >/dev/null
  run static "$CONNS" /img/logo.svg
  run feed "$CONNS" /api/v1/feed "Cookie: $COOKIE"
  run portal "$CONNS" /api/v1/portal "Cookie: $COOKIE"
  for k in static feed portal; do
    local label share
    case $k in static) label="static file (nginx)";; feed) label="GET /feed (20 posts, person in 30 groups)";;
               portal) label="GET /portal";; esac
    share=$(awk -v a="${RPS[$k/$CONNS]}" -v b="${RPS[static/$CONNS]}" 'BEGIN { printf "%.0f%%", 100 * a / b }')
    rows+="| $1 | $label | $CONNS | ${RPS[$k/$CONNS]} | ${P50[$k/$CONNS]} | ${P99[$k/$CONNS]} | $share |"$'\n'
  done
}

load_posts 0 "$SMALL" "$LARGE"
db "ANALYZE TABLE posts, comments, reactions, group_members" >/dev/null
curl -s -c "$stack/person.jar" -H 'Content-Type: application/json' \
  -d "{\"email\":\"agent1@bench.test\",\"password\":\"$PARVIS_ADMIN_PASSWORD\"}" "$PARVIS_URL/api/v1/session" >/dev/null
COOKIE=$(sed -n 's/.*\tparvis_session\t\(.*\)$/parvis_session=\1/p' "$stack/person.jar")
[ -n "$COOKIE" ] || { echo "bench: sign-in failed" >&2; exit 1; }
if [ -n "${BENCH_FEED_KEEP:-}" ]; then   # for profiling: keep the stack with the small data set
  trap - EXIT
  echo "bench: stack kept in $stack (cookie in $stack/person.jar)" >&2
  exit 0
fi
measure_at "$SMALL"
load_posts "$SMALL" "$LARGE" "$LARGE"
db "ANALYZE TABLE posts, comments, reactions" >/dev/null
measure_at "$LARGE"

table=$(
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, default workers, wrk -t2 -c$CONNS, median of $RUNS runs of $DURATION each; 10,000 accounts, 500 groups, three comments and a reaction per post; the person is in 30 groups."
  echo
  echo "| posts in the platform | request | connections | requests/s | p50 ms | p99 ms | share of static |"
  echo "|---:|---|---:|---:|---:|---:|---:|"
  printf '%s' "$rows"
)
bench/table.sh bench:feed "$table"
