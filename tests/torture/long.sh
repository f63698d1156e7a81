#!/usr/bin/env bash
# make torture: the long crash torture (tests/torture/crash.mjs) on a stack
# of its own: TORTURE_CYCLES (300) processes killed at random under a write
# load, then every check. Prints the figures bench/RESULTS.md keeps.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build/test}
DIR=$(mktemp -d /tmp/parvis-torture.XXXXXX)
cleanup() { [ ! -d "$DIR" ] || "$ROOT/tests/stack.sh" stop "$DIR" >/dev/null 2>&1 || true; }
trap cleanup EXIT
"$ROOT/tests/stack.sh" start "$DIR" "$BUILD" || exit 1
set -a; . "$DIR/env"; set +a
cd "$ROOT/tests"
node torture/crash.mjs --cycles "${TORTURE_CYCLES:-300}" | tee "$DIR/torture.log"
rc=${PIPESTATUS[0]}
mkdir -p "$ROOT/build"
cp "$DIR/torture.log" "$ROOT/build/torture.log"
echo "torture: the log is build/torture.log"
# its database and blobs take gigabytes: kept only when something failed
cleanup
if [ "$rc" -eq 0 ]; then rm -rf "$DIR"; else echo "torture: the stack is kept in $DIR"; fi
exit "$rc"
