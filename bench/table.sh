#!/usr/bin/env bash
# bench/table.sh MARKER TABLE: puts TABLE between <!-- MARKER:start --> and
# <!-- MARKER:end --> in bench/RESULTS.md (appended when the markers are
# missing); the text around the markers is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
marker=$1 table=$2 results=bench/RESULTS.md
if [ -f "$results" ] && grep -q "<!-- $marker:start -->" "$results"; then
  awk -v t="$table" -v s="<!-- $marker:start -->" -v e="<!-- $marker:end -->" \
    '$0 == s { print; print t; skip = 1; next } $0 == e { skip = 0 } !skip' "$results" >"$results.new"
  mv "$results.new" "$results"
else
  printf '\n<!-- %s:start -->\n%s\n<!-- %s:end -->\n' "$marker" "$table" "$marker" >>"$results"
fi
echo "bench: written to $results"
