#!/bin/sh
# The cost of a photo (docs/viewer.md): bench/avatars.c on this machine,
# with its load. Usage: bench/avatars.sh BUILD_DIR [RUNS]
set -eu
build=${1:-build/release}
runs=${2:-7}
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$build/bench/avatars_bench" "$runs"
