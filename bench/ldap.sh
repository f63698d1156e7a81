#!/usr/bin/env bash
# Directory sync (docs/ldap.md): alone by `bench/ldap.sh [BUILD]` (a
# release build), or `make bench-ldap`.
#  - starts slapd (bench/ldap_slapd.mjs) with 10,000 people (loaded by
#    slapadd) and an LDAP group of 1,000 mapped to a Parvis group, and a
#    private stack pointed at it with StartTLS and the test CA;
#  - the first sync (10,000 accounts created), then N syncs with no change,
#    each asked by « Synchroniser maintenant » (POST /admin/ldap/sync) and
#    timed by the run itself (duration_ms: the paged search, the
#    comparison, the writes), and N previews (POST /admin/ldap/preview,
#    timed by curl: the worker does the same reading and comparing);
#  - with the load average and the cores the virtual machine's host took
#    meanwhile (/proc/stat's steal).
# Target (issue #18): a sync of 10,000 people with no change ≤ 10 s.
# Writes its table between the bench:ldap markers of bench/RESULTS.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
PEOPLE=${BENCH_LDAP_PEOPLE:-10000}
N=${BENCH_LDAP_N:-5}
cd "$ROOT"
stack=$(mktemp -d /tmp/parvis-bench-ldap.XXXXXX)
slapd_pid=
cleanup() {
  [ -n "$slapd_pid" ] && kill "$slapd_pid" 2>/dev/null || true
  tests/stack.sh stop "$stack" >/dev/null 2>&1 || true
  rm -rf "$stack"
}
trap cleanup EXIT
mkdir -p "$stack/tmp"
t0=$(date +%s.%N)
TMPDIR=$stack/tmp node bench/ldap_slapd.mjs "$PEOPLE" >"$stack/slapd.json" 2>"$stack/slapd.err" &
slapd_pid=$!
for _ in $(seq 1 600); do [ -s "$stack/slapd.json" ] && break; kill -0 "$slapd_pid" 2>/dev/null || { cat "$stack/slapd.err" >&2; exit 1; }; sleep 0.1; done
[ -s "$stack/slapd.json" ] || { echo "bench: slapd did not start" >&2; exit 1; }
load=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
echo "bench: slapd with $PEOPLE people up in ${load} s" >&2
tests/stack.sh start "$stack" "$BUILD" >/dev/null
set -a; . "$stack/env"; set +a
db() { mariadb --no-defaults --socket="$PARVIS_VAR/run/mysqld.sock" -N -B parvis -e "$1"; }
j() { node -e "process.stdout.write(String(JSON.parse(require('fs').readFileSync('$stack/slapd.json','utf8'))['$1']))"; }

jar="$stack/cookies"
curl -s -c "$jar" -o "$stack/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$PARVIS_ADMIN_EMAIL\",\"password\":\"$PARVIS_ADMIN_PASSWORD\"}" "$PARVIS_URL/api/v1/session"
csrf=$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$stack/login")
api() { curl -s -b "$jar" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" "$@"; }
group=$(api -d '{"name":"Personnel (annuaire)","visibility":"private"}' "$PARVIS_URL/api/v1/groups" | sed -n 's/^{"id":\([0-9]*\).*/\1/p')
[ -n "$group" ] || group=$(db "SELECT id FROM \`groups\` WHERE name = 'Personnel (annuaire)'")
api -X PUT -o "$stack/put" -w '%{http_code}\n' -d "{\"uri\":\"$(j url)\",\"starttls\":true,\"ca_file\":\"$(j caFile)\",
  \"bind_dn\":\"$(j bindDn)\",\"password\":\"$(j bindPassword)\",\"base_dn\":\"$(j base)\",\"max_disable_percent\":10,
  \"groups\":[{\"dn\":\"$(j groupDn)\",\"group_id\":$group}]}" "$PARVIS_URL/api/v1/admin/ldap" | grep -q 200 \
  || { echo "bench: settings refused: $(cat "$stack/put")" >&2; exit 1; }

# one run asked, waited for: its JSON
sync_once() {
  local id
  id=$(api -d '{}' "$PARVIS_URL/api/v1/admin/ldap/sync" | sed -n 's/^{"id":\([0-9]*\).*/\1/p')
  [ -n "$id" ] || { echo "bench: the sync was not queued" >&2; exit 1; }
  for _ in $(seq 1 1200); do
    api "$PARVIS_URL/api/v1/admin/ldap/runs/$id" >"$stack/run"
    grep -q '"status":"\(done\|failed\|refused\)"' "$stack/run" && break
    sleep 0.1
  done
  grep -q '"status":"done"' "$stack/run" || { echo "bench: run $id: $(cat "$stack/run")" >&2; exit 1; }
  cat "$stack/run"
}
field() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }

stolen() { awk '/^cpu / { printf "%.2f", $9 / 100 }' /proc/stat; }
now() { date +%s.%N; }
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
s0=$(stolen); t0=$(now)
first=$(sync_once)
created=$(echo "$first" | field created); first_ms=$(echo "$first" | field duration_ms)
steal_first=$(awk -v a="$s0" -v b="$(stolen)" -v t0="$t0" -v t1="$(now)" 'BEGIN { printf "%.2f", (b - a) / (t1 - t0) }')
[ "$created" = "$PEOPLE" ] || { echo "bench: the first sync created $created" >&2; exit 1; }
members=$(db "SELECT member_count FROM \`groups\` WHERE id = $group")
echo "bench: first sync: $created created in $first_ms ms ($members in the group)" >&2

: >"$stack/sync_ms"; : >"$stack/preview_ms"
s0=$(stolen); t0=$(now)
for _ in $(seq 1 "$N"); do
  r=$(sync_once)
  [ "$(echo "$r" | field unchanged)" = "$PEOPLE" ] || { echo "bench: not unchanged: $r" >&2; exit 1; }
  echo "$r" | field duration_ms >>"$stack/sync_ms"
done
steal_sync=$(awk -v a="$s0" -v b="$(stolen)" -v t0="$t0" -v t1="$(now)" 'BEGIN { printf "%.2f", (b - a) / (t1 - t0) }')
s0=$(stolen); t0=$(now)
for _ in $(seq 1 "$N"); do
  t=$(api -o "$stack/preview" -w '%{http_code} %{time_total}' -d '{}' "$PARVIS_URL/api/v1/admin/ldap/preview")
  [ "${t%% *}" = 200 ] || { echo "bench: preview answered $t: $(head -c 300 "$stack/preview")" >&2; exit 1; }
  awk -v s="${t##* }" 'BEGIN { printf "%d\n", s * 1000 }' >>"$stack/preview_ms"
done
steal_preview=$(awk -v a="$s0" -v b="$(stolen)" -v t0="$t0" -v t1="$(now)" 'BEGIN { printf "%.2f", (b - a) / (t1 - t0) }')
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
stats() { sort -n "$1" | awk '{ v[NR] = $1 } END { printf "%.2f | %.2f", v[int((NR + 1) / 2)] / 1000, v[NR] / 1000 }'; }

table=$(
  echo "Measured $(date -u +%F) on $(nproc) cores (a shared machine: indicative), release build: slapd on the same machine"
  echo "(mdb, a 300-entry size limit: read by pages of 200), StartTLS with the test CA, $PEOPLE people and an LDAP group of"
  echo "$((PEOPLE / 10)) mapped to a Parvis group ($members members after the first sync). Load average before: $load_before; after: $load_after."
  echo
  echo "| run | n | median s | max s | target | steal (cores) |"
  echo "|---|---:|---:|---:|---|---:|"
  echo "| first sync: $PEOPLE accounts created (by the notifier, duration_ms of the run) | 1 | $(awk -v m="$first_ms" 'BEGIN { printf "%.2f | %.2f", m / 1000, m / 1000 }') | | $steal_first |"
  echo "| sync with no change ($PEOPLE unchanged; duration_ms of the run) | $N | $(stats "$stack/sync_ms") | ≤ 10 s | $steal_sync |"
  echo "| preview with no change (POST /admin/ldap/preview, curl) | $N | $(stats "$stack/preview_ms") | | $steal_preview |"
)
echo "$table"
bench/table.sh bench:ldap "$table"
