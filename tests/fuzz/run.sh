#!/usr/bin/env bash
# Runs every fuzz target for FUZZ_SECONDS (10 by default: make test) from
# its seeds (tests/fuzz/seeds/<target>, copied: libFuzzer adds to its
# corpus). Prints "fuzz NAME: ok" or "fuzz NAME: FAILED" per target and
# exits non-zero on a failure (the crashing input is kept in build/fuzz).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SECONDS_EACH=${FUZZ_SECONDS:-10}
status=0
for bin in "$ROOT"/build/fuzz/fuzz_*; do
  [ -x "$bin" ] || continue
  name=$(basename "$bin" | sed 's/^fuzz_//')
  corpus=$(mktemp -d /tmp/parvis-fuzz-corpus.XXXXXX)
  cp -r "$ROOT/tests/fuzz/seeds/$name/." "$corpus/" 2>/dev/null || true
  if (cd "$ROOT/build/fuzz" && "$bin" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=20 \
        -print_final_stats=1 "$corpus" >"$ROOT/build/fuzz/$name.log" 2>&1); then
    echo "fuzz $name: ok ($(grep -m1 -oE 'stat::number_of_executed_units: *[0-9]+' "$ROOT/build/fuzz/$name.log" | grep -oE '[0-9]+$') runs in ${SECONDS_EACH}s)"
  else
    echo "fuzz $name: FAILED (build/fuzz/$name.log)"
    tail -n 30 "$ROOT/build/fuzz/$name.log"
    status=1
  fi
  rm -rf "$corpus" /tmp/parvis-fuzz-index-* /tmp/parvis-fuzz-extract-*
done
exit $status
