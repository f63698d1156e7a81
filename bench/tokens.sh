#!/usr/bin/env bash
# API tokens (docs/api_tokens.md): `bench/tokens.sh [BUILD]` (a release
# build), or `make bench-tokens`. GET /api/v1/me authenticated by an API
# token (Authorization: Bearer) against the same with the session cookie,
# and nginx's static file, with wrk (64 connections, the median of RUNS
# runs), each as a share of the static file; with the host's load average
# and the cores its host took (/proc/stat's steal) during the runs.
# Target (issue #18): the token at the same share of the static file as
# the cookie. nginx's per-token limit is raised for the bench (it would
# answer 429 otherwise: tested in tests/api/tokens.test.mjs).
# Writes its table between the bench:tokens markers of bench/RESULTS.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
DURATION=${BENCH_DURATION:-5s}
RUNS=${BENCH_RUNS:-3}
CONNS=64
cd "$ROOT"
. bench/wrk.sh
stack=$(mktemp -d /tmp/parvis-bench.XXXXXX)
trap 'tests/stack.sh stop "$stack" >/dev/null 2>&1 || true; rm -rf "$stack"' EXIT
export PARVIS_TOKEN_RATE=60000000r/m PARVIS_TOKEN_BURST=1000000
tests/stack.sh start "$stack" "$BUILD" >/dev/null
set -a; . "$stack/env"; set +a

# the administrator's session and a read token of theirs
curl -s -c "$stack/jar" -o "$stack/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$PARVIS_ADMIN_EMAIL\",\"password\":\"$PARVIS_ADMIN_PASSWORD\"}" "$PARVIS_URL/api/v1/session"
csrf=$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$stack/login")
curl -s -b "$stack/jar" -o "$stack/token" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
  -d '{"name":"bench","scopes":["read"]}' "$PARVIS_URL/api/v1/me/tokens"
token=$(sed -n 's/.*"token":"\(pvt_[^"]*\)".*/\1/p' "$stack/token")
[ -n "$token" ] || { echo "bench: no token: $(cat "$stack/token")" >&2; exit 1; }
cookie=$(sed -n 's/.*\tparvis_session\t\(.*\)$/parvis_session=\1/p' "$stack/jar")
# both answer the same person
for h in "Cookie: $cookie" "Authorization: Bearer $token"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "$h" "$PARVIS_URL/api/v1/me")
  [ "$code" = 200 ] || { echo "bench: GET /me with ${h%%:*} answered $code" >&2; exit 1; }
done

stolen() { awk '/^cpu / { printf "%.2f", $9 / 100 }' /proc/stat; }
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
s0=$(stolen); t0=$(date +%s.%N)
run static "$CONNS" /img/logo.svg
run cookie "$CONNS" /api/v1/me "Cookie: $cookie"
run token "$CONNS" /api/v1/me "Authorization: Bearer $token"
steal=$(awk -v a="$s0" -v b="$(stolen)" -v t0="$t0" -v t1="$(date +%s.%N)" 'BEGIN { printf "%.2f", (b - a) / (t1 - t0) }')
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
rows=""
for n in static cookie token; do
  case $n in static) label="static file (nginx)";; cookie) label="GET /me, session cookie";;
             token) label="GET /me, API token (Bearer)";; esac
  share=$(awk -v a="${RPS[$n/$CONNS]}" -v b="${RPS[static/$CONNS]}" 'BEGIN { printf "%.0f%%", 100 * a / b }')
  rows+="| $label | $CONNS | ${RPS[$n/$CONNS]} | ${P50[$n/$CONNS]} | ${P99[$n/$CONNS]} | $share |"$'\n'
done
ratio=$(awk -v a="${RPS[token/$CONNS]}" -v b="${RPS[cookie/$CONNS]}" 'BEGIN { printf "%.2f", a / b }')
table=$(
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, default workers, wrk -t2 -c$CONNS, median of $RUNS runs of $DURATION each; load average before $load_before, after $load_after; the host took $steal cores meanwhile (steal). Token / cookie requests/s: $ratio."
  echo
  echo "| request | connections | requests/s | p50 ms | p99 ms | share of static |"
  echo "|---|---:|---:|---:|---:|---:|"
  printf '%s' "$rows"
)
bench/table.sh bench:tokens "$table"
