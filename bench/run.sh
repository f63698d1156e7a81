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
to_ms() {   # wrk prints 812.00us, 1.23ms or 2.01s
  awk -v v="$1" 'BEGIN { u = v; sub(/[0-9.]+/, "", u); n = v + 0;
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; printf "%.2f", n }'
}

declare -A RPS P50 P99
# One wrk run: "rps p50 p99" on stdout.
wrk_once() {   # conns path [header]
  local c=$1 path=$2 out
  if [ $# -ge 3 ]; then out=$(wrk -t2 -c"$c" -d"$DURATION" --latency -H "$3" "$PARVIS_URL$path")
  else out=$(wrk -t2 -c"$c" -d"$DURATION" --latency "$PARVIS_URL$path"); fi
  local errors; errors=$(printf '%s\n' "$out" | grep -E 'Non-2xx|Socket errors' || true)
  [ -z "$errors" ] || { echo "bench: $path at $c: $errors" >&2; exit 1; }
  echo "$(printf '%s\n' "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}')" \
       "$(to_ms "$(printf '%s\n' "$out" | awk '$1 == "50%" {print $2}')")" \
       "$(to_ms "$(printf '%s\n' "$out" | awk '$1 == "99%" {print $2}')")"
}

# The run with the median requests/s of RUNS runs: the two cores are shared
# with wrk, and single runs vary by a quarter.
run() {   # name conns path [header]
  local name=$1 c=$2; shift 2
  local lines="" i
  for i in $(seq 1 "$RUNS"); do lines+="$(wrk_once "$c" "$@")"$'\n'; done
  local med; med=$(printf '%s' "$lines" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
  read -r RPS[$name/$c] P50[$name/$c] P99[$name/$c] <<<"$med"
  echo "bench: $name at $c connections: ${RPS[$name/$c]} req/s, p50 ${P50[$name/$c]} ms, p99 ${P99[$name/$c]} ms (median of $RUNS)" >&2
}

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
results=bench/RESULTS.md
if [ -f "$results" ] && grep -q '<!-- bench:start -->' "$results"; then
  awk -v t="$table" '/<!-- bench:start -->/ { print; print t; skip = 1; next }
                     /<!-- bench:end -->/ { skip = 0 } !skip' "$results" >"$results.new" && mv "$results.new" "$results"
else
  printf '# Benchmarks\n\n<!-- bench:start -->\n%s\n<!-- bench:end -->\n' "$table" >"$results"
fi
echo "bench: written to $results"
