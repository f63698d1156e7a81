# wrk helpers shared by the bench scripts (sourced). Expects PARVIS_URL,
# DURATION and RUNS; fills RPS, P50 and P99 keyed "name/connections".
to_ms() {   # wrk prints 812.00us, 1.23ms or 2.01s
  awk -v v="$1" 'BEGIN { u = v; sub(/[0-9.]+/, "", u); n = v + 0;
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; printf "%.2f", n }'
}

declare -A RPS P50 P99
# One wrk run: "rps p50 p99" on stdout.
wrk_once() {   # conns path [header]
  local c=$1 path=$2 out
  if [ $# -ge 3 ]; then out=$(wrk -t2 -c"$c" -d"$DURATION" --latency -H "$3" "$PARVIS_URL$path")
  else out=$(wrk -t2 -c"$c" -d"$DURATION" --latency "$PARVIS_URL$path"); fi
  local errors; errors=$(printf '%s\n' "$out" | grep -E 'Non-2xx|Socket errors' || true)
  [ -z "$errors" ] || { echo "bench: $path at $c: $errors" >&2; exit 1; }
  echo "$(printf '%s\n' "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}')" \
       "$(to_ms "$(printf '%s\n' "$out" | awk '$1 == "50%" {print $2}')")" \
       "$(to_ms "$(printf '%s\n' "$out" | awk '$1 == "99%" {print $2}')")"
}

# The run with the median requests/s of RUNS runs: the two cores are shared
# with wrk, and single runs vary by a quarter.
run() {   # name conns path [header]
  local name=$1 c=$2; shift 2
  local lines="" i
  for i in $(seq 1 "$RUNS"); do lines+="$(wrk_once "$c" "$@")"$'\n'; done
  local med; med=$(printf '%s' "$lines" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
  read -r RPS[$name/$c] P50[$name/$c] P99[$name/$c] <<<"$med"
  echo "bench: $name at $c connections: ${RPS[$name/$c]} req/s, p50 ${P50[$name/$c]} ms, p99 ${P99[$name/$c]} ms (median of $RUNS)" >&2
}

