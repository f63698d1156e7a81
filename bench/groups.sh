#!/usr/bin/env bash
# make bench (second part): the group directory and a group page for a
# person who belongs to 50 groups, with 500 and then 5,000 groups in the
# platform, at 64 connections, each as a share of nginx's static file.
# Writes its table between the bench:groups markers of bench/RESULTS.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
DURATION=${BENCH_DURATION:-5s}
RUNS=${BENCH_RUNS:-3}
CONNS=64
cd "$ROOT"
. bench/wrk.sh

stack=$(mktemp -d /tmp/parvis-bench.XXXXXX)
trap 'tests/stack.sh stop "$stack" >/dev/null 2>&1 || true' EXIT
tests/stack.sh start "$stack" "$BUILD" >/dev/null
set -a; . "$stack/env"; set +a
db() { mariadb --no-defaults --socket="$PARVIS_VAR/run/mysqld.sock" -N -B parvis -e "$1"; }

# The person: a plain user (the administrator's password, copied) in 50
# groups; 300 colleagues, each in about a sixtieth of the groups.
db "INSERT INTO users (email, display_name, password_hash)
    SELECT 'person@bench.test', 'La Personne', password_hash FROM users WHERE email = '$PARVIS_ADMIN_EMAIL'"
db "INSERT INTO users (email, display_name, password_hash, department, site)
    SELECT CONCAT('agent', seq, '@bench.test'), CONCAT('Agent ', seq), 'x', 'Service', 'Site'
    FROM seq_1_to_300"
me=$(db "SELECT id FROM users WHERE email = 'person@bench.test'")
admin=$(db "SELECT id FROM users WHERE email = '$PARVIS_ADMIN_EMAIL'")
curl -s -H 'Content-Type: application/json' -c "$stack/person.jar" \
  -d "{\"email\":\"person@bench.test\",\"password\":\"$PARVIS_ADMIN_PASSWORD\"}" "$PARVIS_URL/api/v1/session" >/dev/null
# seeds groups from+1 .. to: a tenth secret, three tenths private; the
# person is in every hundredth (50 of 5,000; 5 of 500, topped up below)
seed() {   # from to
  db "INSERT INTO \`groups\` (name, description, visibility, created_by)
      SELECT CONCAT('Groupe ', LPAD(seq, 5, '0')), CONCAT('Le groupe numéro ', seq),
             ELT(1 + seq % 10, 'secret', 'private', 'private', 'private', 'public', 'public',
                 'public', 'public', 'public', 'public'), $admin
      FROM seq_$(($1 + 1))_to_$2"
  db "INSERT IGNORE INTO group_members (group_id, user_id, role)
      SELECT g.id, u.id, IF(u.id % 5 = 0, 'manager', 'member') FROM \`groups\` g
      JOIN users u ON u.email LIKE 'agent%@bench.test' AND (u.id + g.id) % 60 = 0
      WHERE g.name > CONCAT('Groupe ', LPAD($1, 5, '0'))"
}
person_groups() {   # the person is in exactly 50 groups
  db "DELETE FROM group_members WHERE user_id = $me"
  db "INSERT INTO group_members (group_id, user_id, role)
      SELECT id, $me, 'member' FROM \`groups\` ORDER BY (id * 7919) % 5003 LIMIT 50"
  db "UPDATE \`groups\` g SET member_count = (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id)"
}

rows=""
measure_at() {   # label
  local page; page=$(db "SELECT group_id FROM group_members WHERE user_id = $me ORDER BY group_id LIMIT 1")
  local cookie; cookie=$(sed -n 's/.*\tparvis_session\t\(.*\)$/parvis_session=\1/p' "$stack/person.jar")
  run static "$CONNS" /img/logo.svg
  run directory "$CONNS" /api/v1/groups "Cookie: $cookie"
  run mine "$CONNS" '/api/v1/groups?mine=1' "Cookie: $cookie"
  run page "$CONNS" "/api/v1/groups/$page" "Cookie: $cookie"
  for n in static directory mine page; do
    local label share
    case $n in static) label="static file (nginx)";; directory) label="GET /groups (directory, first page)";;
               mine) label="GET /groups?mine=1 (my 50 groups, first page)";; page) label="GET /groups/{id} (group page)";; esac
    share=$(awk -v a="${RPS[$n/$CONNS]}" -v b="${RPS[static/$CONNS]}" 'BEGIN { printf "%.0f%%", 100 * a / b }')
    rows+="| $1 | $label | $CONNS | ${RPS[$n/$CONNS]} | ${P50[$n/$CONNS]} | ${P99[$n/$CONNS]} | $share |"$'\n'
  done
}

seed 0 500; person_groups
echo "bench: $(db 'SELECT COUNT(*) FROM `groups`') groups, $(db 'SELECT COUNT(*) FROM group_members') memberships" >&2
measure_at 500
seed 500 5000; person_groups
echo "bench: $(db 'SELECT COUNT(*) FROM `groups`') groups, $(db 'SELECT COUNT(*) FROM group_members') memberships" >&2
measure_at 5000

table=$(
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, default workers, wrk -t2 -c$CONNS, median of $RUNS runs of $DURATION each; the person is a plain user in 50 groups (the directory skips the secret groups they are not in), 300 colleagues."
  echo
  echo "| groups in the platform | request | connections | requests/s | p50 ms | p99 ms | share of static |"
  echo "|---:|---|---:|---:|---:|---:|---:|"
  printf '%s' "$rows"
)
bench/table.sh bench:groups "$table"
