#!/usr/bin/env bash
# make bench-chat PART=live: « send → shown » in a group conversation of
# BENCH_CHAT_CLIENTS + 1 people (50 open clients by default), each reader
# with an EventSource on their own channel (GET /api/v1/live), one sender
# posting BENCH_CHAT_RATE messages a second for BENCH_CHAT_SECONDS seconds
# (2 a second for 60 s). Latency of every (message, client) pair, the
# events lost. Writes its table between the bench:chat-live markers.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
CLIENTS=${BENCH_CHAT_CLIENTS:-50}
export BENCH_CHAT_RATE=${BENCH_CHAT_RATE:-2} BENCH_CHAT_SECONDS=${BENCH_CHAT_SECONDS:-60}
cd "$ROOT"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
. bench/chat_common.sh

chat_stack_start "$BUILD"
chat_people $((CLIENTS + 1))
chat_sessions "$first" $((first + CLIENTS))
sender=$first
others=$(seq -s, $((first + 1)) $((first + CLIENTS)))

# the conversation, made by the sender through the API
cookie=$(node -e 'import("./bench/chat_sse.mjs").then((m) => console.log(m.cookieOf(process.argv[1])))' "$sender")
csrf=$(curl -s -H "Cookie: $cookie" "$PARVIS_URL/api/v1/me" | jq -r .csrf_token)
conv=$(curl -s -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  -d "{\"participants\":[$others],\"name\":\"Service technique\"}" "$PARVIS_URL/api/v1/conversations" | jq -r .id)
[ -n "$conv" ] && [ "$conv" != null ] || { echo "bench: the conversation was not made" >&2; exit 1; }

json=$(node bench/chat_live.mjs "$conv" "$sender" ${others//,/ })
echo "bench: $json" >&2
f() { chat_f "$@"; }
[ "$(f failed)" = 0 ] || { echo "bench: $(f failed) messages refused" >&2; exit 1; }
table=$(
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, the release build, the clients on the same machine: one group conversation of $((CLIENTS + 1)) people, $CLIENTS of them with an EventSource open (GET /api/v1/live, their own channel; two client processes), the other sending $BENCH_CHAT_RATE messages a second for $BENCH_CHAT_SECONDS s through the API."
  echo
  echo "| measure | figure | target |"
  echo "|---|---:|---|"
  echo "| POST sent → \`chat.message\` received, $(f clients) clients × $(f messages) messages ($(f received) receipts) | p50 $(f p50_ms) ms, p95 $(f p95_ms) ms, p99 $(f p99_ms) ms, max $(f max_ms) ms | p95 ≤ 150 ms |"
  echo "| events lost (a client that never received a message) | $(f missing) (duplicates $(f duplicates), reconnections $(f reconnects)) | 0 |"
  echo "| the POST itself (answered 201) | p50 $(f post_p50_ms) ms, p95 $(f post_p95_ms) ms, p99 $(f post_p99_ms) ms | |"
)
bench/table.sh bench:chat-live "$table"
