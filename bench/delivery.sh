#!/usr/bin/env bash
# The browser application's delivery (docs/delivery.md, issue #16): alone by
# `bench/delivery.sh [BUILD]` (a release build), or `make bench-delivery`.
# Accueil's DOMContentLoaded on a simulated slow 4G phone (150 ms RTT,
# 1.6 Mbit/s down, 750 kbit/s up, CPU 4× slower: bench/delivery.mjs),
# first visit and return visit, medians of BENCH_DELIVERY_RUNS (5):
#  - before: the same binaries serving the tree of BENCH_DELIVERY_BEFORE
#    (default: the commit before web/build.mjs came: 52 unbundled modules,
#    nothing compressed, no cache headers);
#  - after: this tree (bundled, split, hashed, precompressed, cached).
# Targets: ≤ 1.5 s first visit, ≤ 0.5 s return visit.
# Writes its table between the bench:delivery markers of bench/RESULTS.md,
# and the installable application's (the return visit with the service
# worker) between the bench:delivery-pwa markers. BENCH_DELIVERY_BEFORE=none:
# this tree only (the second table alone).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build/release}" && pwd)
cd "$ROOT"
added=$(git log --diff-filter=A --format=%H -- web/build.mjs | tail -n 1)
BEFORE=${BENCH_DELIVERY_BEFORE:-${added:+$added^}}
[ -n "$BEFORE" ] || { echo "bench: no commit to compare with (BENCH_DELIVERY_BEFORE)" >&2; exit 1; }
[ "$BEFORE" = none ] && BEFORE=""
only_after=${BENCH_DELIVERY_BEFORE:-}
work=$(mktemp -d /tmp/parvis-bench-delivery.XXXXXX)
cleanup() {
  [ -f "$work/before/env" ] && "$work/tree/tests/stack.sh" stop "$work/before" >/dev/null 2>&1 || true
  [ -f "$work/after/env" ] && tests/stack.sh stop "$work/after" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

measure() {   # STACK_DIR → one JSON line
  (set -a; . "$1/env"; set +a; node bench/delivery.mjs)
}

if [ "$only_after" != none ]; then
  mkdir -p "$work/tree"
  git archive "$BEFORE" | tar -x -C "$work/tree"
  "$work/tree/tests/stack.sh" start "$work/before" "$BUILD" >/dev/null
  before=$(measure "$work/before")
  "$work/tree/tests/stack.sh" stop "$work/before" >/dev/null; rm -f "$work/before/env"
  echo "before ($(git rev-parse --short "$BEFORE")): $before"
fi
tests/stack.sh start "$work/after" "$BUILD" >/dev/null
after=$(measure "$work/after")
echo "after: $after"

row() {   # LABEL JSON VISIT
  node -e '
    const [label, json, visit] = process.argv.slice(1);
    const r = JSON.parse(json)[visit];
    const s = (ms) => (ms / 1000).toFixed(2) + " s";
    console.log(`| ${label} | ${s(r.html)} | ${s(r.dcl)} | ${s(r.shown)} | ${r.requests} | ${r.kb} KB |`);
  ' "$@"
}
load=$(cut -d' ' -f1-3 /proc/loadavg)
pwa="Measured $(date -u +%Y-%m-%d) on $(nproc) cores (a shared machine: indicative), release build, Debian's Chromium
through CDP: 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up, CPU 4× slower (the throttling applies to the page's
requests; those the service worker makes for it, the API's, are not slowed); signed in as an administrator,
viewport 412×800; medians of $(node -e "console.log(JSON.parse(process.argv[1]).runs)" "$after") runs. The return visit: another tab, once the
service worker is active. Requests: what the page got from the network (the worker's cache apart); KB: the bytes
the page's events show (none for what the worker fetched: tests/e2e/budget.test.mjs counts those from nginx's log).
Load average when the measures ended: $load.

| Accueil, with the service worker | index.html in | DOMContentLoaded | shown | requests | transferred |
|---|---:|---:|---:|---:|---:|
$(row "first visit (target ≤ 1.5 s)" "$after" first)
$(row "return visit (target ≤ 0.5 s)" "$after" again)"
bench/table.sh bench:delivery-pwa "$pwa"
[ "$only_after" = none ] && exit 0
table="Measured $(date -u +%Y-%m-%d) on $(nproc) cores (a shared machine: indicative), release build, Debian's
Chromium through CDP: 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up, CPU 4× slower; signed in as an
administrator, viewport 412×800; medians of $(node -e "console.log(JSON.parse(process.argv[1]).runs)" "$after") runs.
« Before » is the same build serving the tree of $(git rev-parse --short "$BEFORE") (the modules one by one, uncompressed,
no cache headers). « Shown »: Accueil's sections drawn (its API answers included). Requests and KB: what went
over the network (the API's included). Load average when the measures ended: $load.

| Accueil | index.html in | DOMContentLoaded | shown | requests | transferred |
|---|---:|---:|---:|---:|---:|
$(row "before, first visit" "$before" first)
$(row "before, return visit" "$before" again)
$(row "after, first visit (target ≤ 1.5 s)" "$after" first)
$(row "after, return visit (target ≤ 0.5 s)" "$after" again)"
bench/table.sh bench:delivery "$table"
