#!/usr/bin/env bash
# Events (docs/events.md): alone by `bench/events.sh [BUILD]` (a release
# build), or `make bench-events`.
#  - fills a private stack with SQL: a person in 50 groups holding 20,000
#    events over a year (one in ten weekly, ten times; one in twenty
#    all-day), a few answers;
#  - times, with curl, « Mon agenda » (GET /events, a month: the default
#    view) as the browser asks it (?fields=summary: each event's summary)
#    and with the whole event objects, and the subscription of 2,000
#    events (GET /calendar/<token>.ics): p50 and p99 of N requests each
#    (200, 200 and 50), and the cores the virtual machine's host took
#    meanwhile (/proc/stat's steal).
# Targets (issue #15): the agenda p99 ≤ 20 ms, the subscription ≤ 100 ms.
# The machine may be shared: the figures are indicative.
# Writes its table between the bench:events markers of bench/RESULTS.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
N=${BENCH_EVENTS_N:-200}
NFEED=${BENCH_EVENTS_NFEED:-50}
WARM=${BENCH_EVENTS_WARM:-20}
cd "$ROOT"
stack=$(mktemp -d /tmp/parvis-bench-events.XXXXXX)
[ "${BENCH_EVENTS_KEEP:-0}" = 1 ] || trap 'tests/stack.sh stop "$stack" >/dev/null 2>&1 || true; rm -rf "$stack"' EXIT
tests/stack.sh start "$stack" "$BUILD" >/dev/null
set -a; . "$stack/env"; set +a
db() { mariadb --no-defaults --socket="$PARVIS_VAR/run/mysqld.sock" -N -B parvis -e "$1"; }

# the person, through the API (a real password)
jar="$stack/cookies"
curl -s -c "$jar" -o "$stack/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$PARVIS_ADMIN_EMAIL\",\"password\":\"$PARVIS_ADMIN_PASSWORD\"}" "$PARVIS_URL/api/v1/session"
csrf=$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$stack/login")
password='bench events correct horse battery'
curl -s -b "$jar" -o "$stack/user" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
  -d "{\"email\":\"agenda@bench.test\",\"display_name\":\"Agenda Bench\",\"password\":\"$password\"}" \
  "$PARVIS_URL/api/v1/users"
me=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$stack/user" | head -1)
[ -n "$me" ] || { echo "bench: the person was not created: $(cat "$stack/user")" >&2; exit 1; }

t0=$(date +%s.%N)
db "INSERT INTO users (email, display_name, password_hash) SELECT CONCAT('membre', seq, '@bench.test'), CONCAT('Membre ', seq), 'x' FROM seq_1_to_500"
u0=$(db "SELECT MIN(id) FROM users WHERE email LIKE 'membre%@bench.test'")
db "INSERT INTO \`groups\` (name, description, visibility, created_by)
    SELECT CONCAT('Groupe agenda ', LPAD(seq, 2, '0')), '', ELT(1 + seq % 3, 'private', 'public', 'secret'), $me FROM seq_1_to_50"
g0=$(db "SELECT MIN(id) FROM \`groups\` WHERE name LIKE 'Groupe agenda %'")
db "INSERT INTO group_members (group_id, user_id, role) SELECT id, $me, 'member' FROM \`groups\` WHERE name LIKE 'Groupe agenda %'"
db "INSERT IGNORE INTO group_members (group_id, user_id) SELECT $g0 + (u.seq * 7 + k.seq) % 50, $u0 + u.seq FROM seq_0_to_499 u JOIN seq_0_to_9 k"
db "UPDATE \`groups\` g SET member_count = (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id)"
# 20,000 events over a year around today: 10:00 Paris each (winter: 09:00 UTC)
db "INSERT INTO events (group_id, organizer_id, title, description, description_html, all_day, tz, start_at, end_at,
                        start_date, end_date, last_end_at, rrule, place, capacity, yes_count)
    SELECT $g0 + seq % 50, $u0 + seq % 500, CONCAT('Réunion ', seq), CONCAT('Ordre du jour de la réunion ', seq),
           CONCAT('<p>Ordre du jour de la réunion ', seq, '</p>'), seq % 20 = 0, 'Europe/Paris',
           s, s + INTERVAL 90 MINUTE,
           IF(seq % 20 = 0, DATE(s), NULL), IF(seq % 20 = 0, DATE(s) + INTERVAL 1 DAY, NULL),
           IF(seq % 10 = 0, s + INTERVAL 63 DAY + INTERVAL 90 MINUTE, s + INTERVAL 90 MINUTE),
           IF(seq % 10 = 0, 'FREQ=WEEKLY;COUNT=10', NULL), IF(seq % 3 = 0, 'Salle du conseil', NULL),
           IF(seq % 7 = 0, 30, NULL), seq % 5
    FROM (SELECT seq, TIMESTAMP(UTC_DATE() - INTERVAL 180 DAY + INTERVAL (seq * 365 DIV 20000) DAY, '09:00:00') AS s
          FROM seq_1_to_20000) x"
db "INSERT INTO event_answers (event_id, user_id, answer) SELECT id, $me, ELT(1 + id % 3, 'yes', 'no', 'maybe')
    FROM events WHERE id % 4 = 0"
db "ANALYZE TABLE events, event_answers, event_invitees, group_members, \`groups\`, users" >/dev/null
load=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
echo "bench: loaded in ${load} s" >&2

pj="$stack/me"
curl -s -c "$pj" -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"email\":\"agenda@bench.test\",\"password\":\"$password\"}" "$PARVIS_URL/api/v1/session"
feed=$(curl -s -b "$pj" "$PARVIS_URL/api/v1/me/calendar-token" | sed -n 's/.*"url":"\([^"]*\)".*/\1/p')
feed_path=${feed#*/api/v1}
from=$(date -u +%F); to=$(date -u -d '31 days' +%F)
items=$(curl -s -b "$pj" "$PARVIS_URL/api/v1/events?from=$from&to=$to" | grep -o '"event":' | wc -l)
size_full=$(curl -s -b "$pj" -o /dev/null -w '%{size_download}' "$PARVIS_URL/api/v1/events?from=$from&to=$to")
size_summary=$(curl -s -b "$pj" -o /dev/null -w '%{size_download}' "$PARVIS_URL/api/v1/events?from=$from&to=$to&fields=summary")
vevents=$(curl -s "$PARVIS_URL/api/v1$feed_path" | grep -c '^BEGIN:VEVENT' || true)

: > "$stack/rows"
stolen() { awk '/^cpu / { printf "%.2f", $9 / 100 }' /proc/stat; }
now() { date +%s.%N; }
measure() {   # label path n [cookie jar] target
  local times=() t args=(-s -o /dev/null) s0 t0
  s0=$(stolen); t0=$(now)
  [ -n "${4:-}" ] && args+=(-b "$4")
  # warm: every worker has answered it (each keeps its own events cache,
  # fcgi/events/events_cache.c), as on a server that has been serving
  for _ in $(seq 1 "$WARM"); do curl "${args[@]}" "$PARVIS_URL/api/v1$2"; done
  for _ in $(seq 1 "$3"); do
    t=$(curl "${args[@]}" -w '%{http_code} %{time_total}' "$PARVIS_URL/api/v1$2")
    [ "${t%% *}" = 200 ] || { echo "bench: $2 answered ${t%% *}" >&2; exit 1; }
    times+=("${t##* }")
  done
  local steal
  steal=$(awk -v a="$s0" -v b="$(stolen)" -v t0="$t0" -v t1="$(now)" 'BEGIN { printf "%.2f", (b - a) / (t1 - t0) }')
  printf '%s\n' "${times[@]}" | sort -n | awk -v label="$1" -v target="$5" -v steal="$steal" '
    { v[NR] = $1 * 1000 }
    END { p50 = v[int((NR + 1) / 2)]; i = int(NR * 0.99 + 0.999); if (i > NR) i = NR;
          printf "| %s | %d | %.1f | %.1f | %s | %s |\n", label, NR, p50, v[i], target, steal }' >> "$stack/rows"
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
measure "« Mon agenda », a month ($items occurrences) as the browser asks it (fields=summary, $((size_summary / 1024)) KiB)" "/events?from=$from&to=$to&fields=summary" "$N" "$pj" "≤ 20 ms"
measure "… the whole event objects ($((size_full / 1024)) KiB)" "/events?from=$from&to=$to" "$N" "$pj" "≤ 20 ms"
measure "subscription .ics ($vevents events, no session)" "$feed_path" "$NFEED" "" "≤ 100 ms"

table=$(
  echo "Measured $(date -u +%F) on $(nproc) cores (a shared machine: indicative), release build, curl from the same machine,"
  echo "one request at a time after $WARM to warm up (every worker's cache filled): a person in 50 groups holding 20,000 events over a year"
  echo "(one in ten weekly ×10, one in twenty all-day); loaded in ${load} s. Load average when the measures began: $load_before."
  echo
  echo "| request | n | p50 ms | p99 ms | target (p99) | steal (cores) |"
  echo "|---|---:|---:|---:|---|---:|"
  cat "$stack/rows"
)
echo "$table"
bench/table.sh bench:events "$table"
if [ "${BENCH_EVENTS_KEEP:-0}" = 1 ]; then echo "bench: the stack is left running in $stack" >&2; fi
