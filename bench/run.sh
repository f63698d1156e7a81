#!/usr/bin/env bash
# make bench: wrk against a private stack (release build) on this machine.
# Measures nginx's static file (the ceiling), GET /api/v1/health and an
# authenticated GET /api/v1/me at 32 and 128 connections, and writes the
# table to bench/RESULTS.md (the text around the table is kept).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
DURATION=${BENCH_DURATION:-5s}
RUNS=${BENCH_RUNS:-3}
cd "$ROOT"
. bench/wrk.sh

# One configuration: a fresh private stack, then the table rows.
measure() {   # workers ("" for the default)
  # measure runs in its own subshell: its trap stops its own stack
  stack=$(mktemp -d /tmp/parvis-bench.XXXXXX)
  trap 'tests/stack.sh stop "$stack" >/dev/null 2>&1 || true' EXIT
  PARVIS_WORKERS=$1 tests/stack.sh start "$stack" "$BUILD" >/dev/null
  set -a; . "$stack/env"; set +a
  local workers; workers=$(PARVIS_WORKERS=$1 "$BUILD/parvis-ctl" config workers)
  local resp cookie
  resp=$(curl -s -i -H 'Content-Type: application/json' \
    -d "{\"email\":\"$PARVIS_ADMIN_EMAIL\",\"password\":\"$PARVIS_ADMIN_PASSWORD\"}" "$PARVIS_URL/api/v1/session")
  cookie=$(printf '%s' "$resp" | sed -n 's/^[Ss]et-[Cc]ookie: \(parvis_session=[^;]*\).*/\1/p' | tr -d '\r')
  [ -n "$cookie" ] || { echo "bench: sign-in failed" >&2; exit 1; }
  for c in 32 128; do
    run static "$c" /img/logo.svg
    run health "$c" /api/v1/health
    run me "$c" /api/v1/me "Cookie: $cookie"
  done
  # the yardstick: the bare responder in place of parvis-fcgi, same socket
  local master; master=$(cat "$PARVIS_VAR/run/fcgi.pid")
  kill -TERM "$master"
  while kill -0 "$master" 2>/dev/null; do sleep 0.1; done
  setsid "$BUILD/bare-responder" "$PARVIS_VAR/run/fcgi.sock" "$workers" &
  local bare=$!
  sleep 0.5
  for c in 32 128; do run bare "$c" /api/v1/bare; done
  kill -TERM -- -"$bare" 2>/dev/null || true
  tests/stack.sh stop "$stack" >/dev/null
  for c in 32 128; do
    for n in static bare health me; do
      local share label
      share=$(awk -v a="${RPS[$n/$c]}" -v b="${RPS[static/$c]}" 'BEGIN { printf "%.0f%%", 100 * a / b }')
      case $n in static) label="static file (nginx)";; bare) label="bare libfcgi responder (yardstick)";; health) label="GET /api/v1/health";; me) label="GET /api/v1/me (signed in)";; esac
      echo "| $workers | $label | $c | ${RPS[$n/$c]} | ${P50[$n/$c]} | ${P99[$n/$c]} | $share |"
    done
  done
}

rows_default=$(measure "")
rows_more=$(measure 16)

table=$(
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), wrk -t2, median of $RUNS runs of $DURATION each, on the same machine (wrk takes its share of the two cores)."
  echo
  echo "| FastCGI workers | request | connections | requests/s | p50 ms | p99 ms | share of static |"
  echo "|---:|---|---:|---:|---:|---:|---:|"
  echo "$rows_default"
  echo "$rows_more"
)
bench/table.sh bench "$table"
