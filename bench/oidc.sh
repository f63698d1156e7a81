#!/usr/bin/env bash
# Single sign-on (docs/sso.md): alone by `bench/oidc.sh [BUILD]` (a release
# build), or `make bench-oidc`. Starts a private stack and the tests' local
# OpenID provider (tests/api/oidc_provider.mjs), then times the sign-in
# round trip one browser at a time (bench/oidc.mjs): the project's part
# (GET /auth/oidc/login + GET /auth/oidc/callback, minus the provider's own
# time answering Parvis's token request) p50 and p95, for a returning person
# and for first sign-ins that create the account. Target (issue #18): the
# project's part ≤ 20 ms. The machine may be shared: the figures are
# indicative. Writes its table between the bench:oidc markers of
# bench/RESULTS.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
cd "$ROOT"
stack=$(mktemp -d /tmp/parvis-bench-oidc.XXXXXX)
[ "${BENCH_OIDC_KEEP:-0}" = 1 ] || trap 'tests/stack.sh stop "$stack" >/dev/null 2>&1 || true; rm -rf "$stack"' EXIT
tests/stack.sh start "$stack" "$BUILD" >/dev/null
set -a; . "$stack/env"; set +a
export TMPDIR=$stack/tmp
mkdir -p "$TMPDIR"
node bench/oidc.mjs "$ROOT/bench/RESULTS.md"
