#!/usr/bin/env bash
# Boots (or stops) a complete private Parvis for the tests: its own
# directory, a free port, its own MariaDB, indexer, workers and nginx.
#   tests/stack.sh start DIR [BUILD_DIR]   writes DIR/env (PARVIS_URL, ...)
#   tests/stack.sh stop DIR
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: tests/stack.sh start|stop DIR [BUILD_DIR]" >&2; exit 2; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
export PARVIS_VAR=$dir/var

case "$cmd" in
  start)
    build=${3:-$ROOT/build/test}
    port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    export PARVIS_PORT=$port
    export PARVIS_ADMIN_EMAIL=admin@parvis.test
    export PARVIS_ADMIN_PASSWORD=admin-password-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')
    # the tests sign in far more often than a person: nginx's per-address
    # limit is raised; the workers' own per-account and per-address counters
    # keep their defaults and are tested
    export PARVIS_LOGIN_RATE=6000r/m PARVIS_LOGIN_BURST=1000
    # and they search far faster than a person (a search every 50 ms while
    # they wait for the indexer): nginx's per-person search limit is raised
    # likewise; nginx_rate_limits.test.mjs reads it and goes past it
    export PARVIS_SEARCH_RATE=${PARVIS_SEARCH_RATE:-1200r/m} PARVIS_SEARCH_BURST=${PARVIS_SEARCH_BURST:-300}
    # a mail refused for a while (451) is tried again within seconds, not
    # after a minute (tests/api/mail.test.mjs)
    export PARVIS_MAIL_RETRY_SECONDS=${PARVIS_MAIL_RETRY_SECONDS:-1}
    # a chat notification still unread is mailed after 4 seconds, not 15
    # minutes, and the chat's retention runs every 2 seconds, not every
    # hour (tests/api/chat_notifications.test.mjs)
    export PARVIS_CHAT_MAIL_DELAY_SECONDS=${PARVIS_CHAT_MAIL_DELAY_SECONDS:-4}
    export PARVIS_CHAT_RETENTION_SECONDS=${PARVIS_CHAT_RETENTION_SECONDS:-2}
    # accounts whose end passed are disabled within 2 seconds, not a minute
    # (tests/api/guests.test.mjs)
    export PARVIS_ACCOUNT_EXPIRY_SECONDS=${PARVIS_ACCOUNT_EXPIRY_SECONDS:-2}
    # the priorities (lib/priority.h) one and two steps down, not 5 and 10:
    # two stacks, a browser and the test runners share two cores, where a
    # background ten steps down would wait behind Chromium; the order is
    # the same, and tests/api/chat_lane.test.mjs checks it (set but empty:
    # the production's defaults, as the chat's benchmark wants)
    export PARVIS_WORKERS_NICE=${PARVIS_WORKERS_NICE-1} PARVIS_BACKGROUND_NICE=${PARVIS_BACKGROUND_NICE-2}
    # a small cache: several stacks may run at once on a small machine
    # (set but empty: the production's default, as a benchmark wants)
    export PARVIS_DB_BUFFER_POOL=${PARVIS_DB_BUFFER_POOL-256M}
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    "$ROOT/scripts/parvis" start "$build" >"$dir/start.log" 2>&1 || { cat "$dir/start.log" >&2; exit 1; }
    cat >"$dir/env" <<ENV
PARVIS_URL=http://127.0.0.1:$port
PARVIS_PORT=$port
PARVIS_VAR=$PARVIS_VAR
PARVIS_ADMIN_EMAIL=$PARVIS_ADMIN_EMAIL
PARVIS_ADMIN_PASSWORD=$PARVIS_ADMIN_PASSWORD
PARVIS_BUILD=$build
PARVIS_CHAT_MAIL_DELAY_SECONDS=$PARVIS_CHAT_MAIL_DELAY_SECONDS
PARVIS_WORKERS_NICE=$PARVIS_WORKERS_NICE
PARVIS_BACKGROUND_NICE=$PARVIS_BACKGROUND_NICE
ENV
    echo "stack up at http://127.0.0.1:$port (env in $dir/env)"
    ;;
  stop)
    "$ROOT/scripts/parvis" stop >/dev/null
    ;;
  *) echo "usage: tests/stack.sh start|stop DIR [BUILD_DIR]" >&2; exit 2 ;;
esac
