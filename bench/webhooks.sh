#!/usr/bin/env bash
# Outgoing webhooks (docs/webhooks.md): alone by `bench/webhooks.sh [BUILD]`
# (a release build), or `make bench-webhooks`.
#  - starts a private stack and a receiver on loopback (node's http
#    module, answering 200 at once, noting when each delivery arrived);
#    allows it (the setting outgoing_allow);
#  - throughput: N deliveries (ping bodies of a real event's size, 4
#    subscriptions) written at once into webhook_deliveries, then timed
#    from the first arrival to the last: deliveries per second through the
#    notifier's webhooks child (signature, net_guard, a fresh connection
#    each, the log and the delivery's state written per attempt);
#  - delay: P posts created one at a time through the API in a group with a
#    subscription; for each, the time from the API's answer (the commit) to
#    the delivery's arrival at the receiver (the notifier's events child
#    writes the delivery with the event, pokes the sender). p50 / p99;
#  - the load average when it began and the cores the host took (steal).
# The machine may be shared: the figures are indicative.
# Writes its table between the bench:webhooks markers of bench/RESULTS.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
N=${BENCH_WEBHOOKS_N:-2000}
P=${BENCH_WEBHOOKS_POSTS:-100}
cd "$ROOT"
stack=$(mktemp -d /tmp/parvis-bench-webhooks.XXXXXX)
receiver_pid=
cleanup() {
  [ -z "$receiver_pid" ] || kill "$receiver_pid" 2>/dev/null || true
  [ "${BENCH_WEBHOOKS_KEEP:-0}" = 1 ] || { tests/stack.sh stop "$stack" >/dev/null 2>&1 || true; rm -rf "$stack"; }
}
trap cleanup EXIT
tests/stack.sh start "$stack" "$BUILD" >/dev/null
set -a; . "$stack/env"; set +a
db() { mariadb --no-defaults --socket="$PARVIS_VAR/run/mysqld.sock" -N -B parvis -e "$1"; }

# the receiver: one line per delivery (arrival ms, event, post id or -)
cat > "$stack/receiver.mjs" <<'EOF'
import http from 'node:http';
import { appendFileSync, writeFileSync } from 'node:fs';
const out = process.argv[2];
const server = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (c) => { raw += c; });
  req.on('end', () => {
    const b = JSON.parse(raw);
    appendFileSync(out, `${Date.now()} ${b.event} ${b.data?.post?.id ?? '-'}\n`);
    res.writeHead(200); res.end('ok');
  });
});
server.listen(0, '127.0.0.1', () => writeFileSync(`${out}.port`, String(server.address().port)));
EOF
: > "$stack/arrivals"
node "$stack/receiver.mjs" "$stack/arrivals" & receiver_pid=$!
for _ in $(seq 1 100); do [ -s "$stack/arrivals.port" ] && break; sleep 0.1; done   # lint-allow: sleep (the receiver listening)
port=$(cat "$stack/arrivals.port")
db "REPLACE INTO settings (k, v) VALUES ('outgoing_allow', '127.0.0.1')"

jar="$stack/cookies"
curl -s -c "$jar" -o "$stack/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$PARVIS_ADMIN_EMAIL\",\"password\":\"$PARVIS_ADMIN_PASSWORD\"}" "$PARVIS_URL/api/v1/session"
csrf=$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$stack/login")
api() {   # method path [json] → body
  curl -s -b "$jar" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" -X "$1" ${3:+-d "$3"} "$PARVIS_URL/api/v1$2"
}
group=$(api POST /groups '{"name":"Bench webhooks","visibility":"public"}' | sed -n 's/^{"id":\([0-9]*\).*/\1/p')
[ -n "$group" ] || { echo "bench: no group" >&2; exit 1; }
hooks=()
for i in 1 2 3 4; do
  id=$(api POST /webhooks "{\"url\":\"http://127.0.0.1:$port/h$i\",\"events\":[\"post.created\"],\"group_id\":$group}" \
       | sed -n 's/^{"id":\([0-9]*\).*/\1/p')
  [ -n "$id" ] || { echo "bench: no subscription" >&2; exit 1; }
  hooks+=("$id")
done
stolen() { awk '/^cpu / { printf "%.2f", $9 / 100 }' /proc/stat; }
now() { date +%s.%N; }
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- throughput ----
body=$(printf '{"id":"%032d","event":"ping","created":"2026-12-03T10:00:00Z","data":{"post":{"body":"%0900d"}}}' 0 0)
s0=$(stolen); t0=$(now)
db "INSERT INTO webhook_deliveries (uid, webhook_id, event, body)
    SELECT LPAD(HEX(seq), 32, '0'), ELT(1 + seq % 4, ${hooks[0]}, ${hooks[1]}, ${hooks[2]}, ${hooks[3]}), 'ping', '$body'
    FROM seq_1_to_$N"
for _ in $(seq 1 1200); do
  [ "$(wc -l < "$stack/arrivals")" -ge "$N" ] && break
  sleep 0.1   # lint-allow: sleep (waiting for the deliveries)
done
got=$(wc -l < "$stack/arrivals")
[ "$got" -ge "$N" ] || { echo "bench: only $got of $N deliveries arrived" >&2; exit 1; }
steal=$(awk -v a="$s0" -v b="$(stolen)" -v t0="$t0" -v t1="$(now)" 'BEGIN { printf "%.2f", (b - a) / (t1 - t0) }')
rate=$(awk 'NR == 1 { first = $1 } { last = $1 } END { printf "%.0f", (NR - 1) * 1000 / (last - first) }' "$stack/arrivals")
failed=$(db "SELECT COUNT(*) FROM webhook_deliveries WHERE state <> 'delivered'")
row1="| deliveries per second to a local receiver ($N deliveries, 4 subscriptions, one fresh connection each) | $rate /s | $failed not delivered | $steal |"

# ---- delay from the change to the delivery ----
: > "$stack/arrivals"
: > "$stack/created"
s0=$(stolen); t0=$(now)
for i in $(seq 1 "$P"); do
  r=$(api POST "/groups/$group/posts" "{\"body\":\"Publication $i du banc\"}")
  echo "$(date +%s%3N) $(printf '%s' "$r" | sed -n 's/^{"id":\([0-9]*\).*/\1/p')" >> "$stack/created"
  sleep 0.05   # lint-allow: sleep (one change at a time, as people make them)
done
want=$((P * 4))
for _ in $(seq 1 600); do
  [ "$(wc -l < "$stack/arrivals")" -ge "$want" ] && break
  sleep 0.1   # lint-allow: sleep (waiting for the deliveries)
done
steal2=$(awk -v a="$s0" -v b="$(stolen)" -v t0="$t0" -v t1="$(now)" 'BEGIN { printf "%.2f", (b - a) / (t1 - t0) }')
delays=$(awk 'NR == FNR { at[$2] = $1; next } $2 == "post.created" && ($3 in at) { print $1 - at[$3] }' \
         "$stack/created" "$stack/arrivals" | sort -n)
n=$(printf '%s\n' "$delays" | grep -c . || true)
[ "$n" -ge 1 ] || { echo "bench: no delay measured" >&2; exit 1; }
row2=$(printf '%s\n' "$delays" | awk -v want="$want" -v steal="$steal2" '
  { v[NR] = $1 }
  END { p50 = v[int((NR + 1) / 2)]; i = int(NR * 0.99 + 0.999); if (i > NR) i = NR;
        printf "| delay from a post created (the API'"'"'s answer) to its delivery, %d deliveries of %d posts × 4 subscriptions | p50 %d ms | p99 %d ms | %s |", NR, want / 4, p50, v[i], steal }')

table=$(
  echo "Measured $(date -u +%F) on $(nproc) cores (a shared machine: indicative), release build, receiver and curl on the same"
  echo "machine. Load average when the measures began: $load_before."
  echo
  echo "| measure | result | | steal (cores) |"
  echo "|---|---:|---:|---:|"
  echo "$row1"
  echo "$row2"
)
echo "$table"
bench/table.sh bench:webhooks "$table"
if [ "${BENCH_WEBHOOKS_KEEP:-0}" = 1 ]; then echo "bench: the stack is left running in $stack" >&2; fi
