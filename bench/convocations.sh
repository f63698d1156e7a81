#!/usr/bin/env bash
# Convocations (docs/convocations.md): alone by `bench/convocations.sh
# [BUILD]` (a release build), or `make bench-convocations`.
#  - a private stack; a manager (through the API) of a group of 500 active
#    members (499 added with SQL), a document in its drive;
#  - RUNS times (3): POST /groups/{id}/convocations to all of them (curl),
#    then waits until each of the 500 receipts is queued (its e-mail in
#    mail_queue) and the 499 bells are written (the sender's own is not);
#  - « fully queued » is measured by the server's own clocks: the last
#    receipt's queued_at minus the convocation's created_at (the worker's
#    transaction), plus the POST's own time before it.
# Target (issue #15): a convocation to 500 recipients fully queued
# (notifications and e-mails) in ≤ 2 s. The machine may be shared: the
# figures are indicative. Writes its table between the bench:convocations
# markers of bench/RESULTS.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
RUNS=${BENCH_CONVOCATIONS_RUNS:-3}
cd "$ROOT"
stack=$(mktemp -d /tmp/parvis-bench-convocations.XXXXXX)
[ "${BENCH_CONVOCATIONS_KEEP:-0}" = 1 ] || trap 'tests/stack.sh stop "$stack" >/dev/null 2>&1 || true; rm -rf "$stack"' EXIT
tests/stack.sh start "$stack" "$BUILD" >/dev/null
set -a; . "$stack/env"; set +a
db() { mariadb --no-defaults --socket="$PARVIS_VAR/run/mysqld.sock" -N -B parvis -e "$1"; }
api() {   # method path [json]: the body; the cookie jar and CSRF token of the manager
  curl -s -b "$jar" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" -X "$1" ${3:+-d "$3"} "$PARVIS_URL/api/v1$2"
}

# the manager, through the API (a real password), and the group
jar="$stack/admin"
curl -s -c "$jar" -o "$stack/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$PARVIS_ADMIN_EMAIL\",\"password\":\"$PARVIS_ADMIN_PASSWORD\"}" "$PARVIS_URL/api/v1/session"
csrf=$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$stack/login")
password='bench convocations correct horse battery'
api POST /users "{\"email\":\"maire@bench.test\",\"display_name\":\"Maire Bench\",\"password\":\"$password\"}" >/dev/null
jar="$stack/manager"
curl -s -c "$jar" -o "$stack/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"maire@bench.test\",\"password\":\"$password\"}" "$PARVIS_URL/api/v1/session"
csrf=$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$stack/login")
gid=$(api POST /groups '{"name":"Conseil municipal (bench)","visibility":"private"}' | sed -n 's/^{"id":\([0-9]*\).*/\1/p')
[ -n "$gid" ] || { echo "bench: the group was not created" >&2; exit 1; }
db "INSERT INTO users (email, display_name, password_hash) SELECT CONCAT('elu', seq, '@bench.test'), CONCAT('Élu ', seq), 'x' FROM seq_1_to_499"
db "INSERT INTO group_members (group_id, user_id) SELECT $gid, id FROM users WHERE email LIKE 'elu%@bench.test'"
db "UPDATE \`groups\` SET member_count = 500 WHERE id = $gid"
db "ANALYZE TABLE users, group_members, \`groups\`" >/dev/null
root=$(api GET "/groups/$gid/drive" | sed -n 's/.*"root_folder_id":\([0-9]*\).*/\1/p')
file=$(curl -s -b "$jar" -H "X-CSRF-Token: $csrf" -X PUT --data-binary 'budget' "$PARVIS_URL/api/v1/folders/$root/files/budget.pdf" \
       | sed -n 's/^{"id":\([0-9]*\).*/\1/p')

: > "$stack/rows"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for run in $(seq 1 "$RUNS"); do
  body="{\"event\":{\"title\":\"Conseil municipal n° $run\",\"start\":\"2027-12-1${run}T18:00:00+01:00\",\"place\":\"Salle du conseil\"},
         \"agenda\":\"1. Budget\\n2. Travaux\\n3. Questions diverses\",\"attachments\":[$file],\"reminders\":[3]}"
  out=$(curl -s -b "$jar" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" -w '\n%{http_code} %{time_total}' \
        -d "$body" "$PARVIS_URL/api/v1/groups/$gid/convocations")
  status=$(tail -1 <<<"$out"); code=${status%% *}; post_s=${status##* }
  [ "$code" = 201 ] || { echo "bench: the convocation answered $out" >&2; exit 1; }
  id=$(head -1 <<<"$out" | sed -n 's/^{"id":\([0-9]*\).*/\1/p')
  post=$(head -1 <<<"$out" | sed -n 's/.*"post_id":\([0-9]*\).*/\1/p')
  for _ in $(seq 1 600); do
    done_=$(db "SELECT COUNT(*) FROM convocation_receipts WHERE convocation_id = $id AND queued_at IS NOT NULL")
    bells=$(db "SELECT COUNT(*) FROM notifications WHERE kind = 'convocation' AND post_id = $post")
    [ "$done_" = 500 ] && [ "$bells" = 499 ] && break
    sleep 0.1   # lint-allow: sleep (polling the queue)
  done
  [ "$done_" = 500 ] || { echo "bench: only $done_ receipts queued" >&2; exit 1; }
  mails=$(db "SELECT COUNT(*) FROM mail_queue WHERE id IN (SELECT mail_id FROM convocation_receipts WHERE convocation_id = $id)")
  queued=$(db "SELECT TIMESTAMPDIFF(MICROSECOND, c.created_at, MAX(r.queued_at)) / 1000 FROM convocations c
               JOIN convocation_receipts r ON r.convocation_id = c.id WHERE c.id = $id")
  awk -v run="$run" -v post="$post_s" -v q="$queued" -v m="$mails" -v b="$bells" 'BEGIN {
        printf "| %d | %.0f | %.0f | %.0f | %d | %d | ≤ 2000 ms |\n", run, post * 1000, q, post * 1000 + q, m, b }' >> "$stack/rows"
done

table=$(
  echo "Measured $(date -u +%F) on $(nproc) cores (a shared machine: indicative), release build: a convocation to a group of"
  echo "500 active members (the manager included), one document, sent with curl; the e-mails and bells written by the"
  echo "notifier (the relay is not part of it: the mail sender sends afterwards). Load average when the runs began: $load_before."
  echo
  echo "| run | POST ms | queued after the commit, ms | fully queued, ms | mails | bells | target |"
  echo "|---:|---:|---:|---:|---:|---:|---|"
  cat "$stack/rows"
)
echo "$table"
bench/table.sh bench:convocations "$table"
if [ "${BENCH_CONVOCATIONS_KEEP:-0}" = 1 ]; then echo "bench: the stack is left running in $stack" >&2; fi
