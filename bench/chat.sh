#!/usr/bin/env bash
# make bench-chat: the chat's figures (issue #13), each part on a private
# stack of its own, one after the other (they would load the same two
# cores):
#   live     send → shown in 50 open EventSource clients (bench/chat_live.sh)
#   load     1,000 people chatting while wrk loads the feed (bench/chat_load.sh)
#   history  a history page and the message search at 10,000,000 stored
#            messages, the fill and the indexing timed (bench/chat_history.sh)
# PART=live|load|history (make bench-chat PART=live) runs one; the scale of
# each is set by its BENCH_CHAT_* variables (see each script's head).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
PART=${2:-all}
case $PART in
  all) parts="live load history" ;;
  live|load|history) parts=$PART ;;
  *) echo "usage: bench/chat.sh BUILD_DIR [live|load|history|all]" >&2; exit 2 ;;
esac
for p in $parts; do
  echo "bench: chat, $p" >&2
  "$ROOT/bench/chat_$p.sh" "$BUILD"
done
