#!/usr/bin/env bash
# The import of people (docs/imports.md): a generated CSV file of 5,000
# lines (comma-separated, UTF-8, two groups each) on a platform of 2,500
# accounts among which half the file's people already are: the preview
# (dry_run=1), the apply (2,500 created with their invitations, 2,500
# updated: a new department and two groups), then the same file again
# (all unchanged), previewed and applied. Target: each ≤ 10 s.
# Writes its table between the bench:import markers of bench/RESULTS.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
LINES=${BENCH_IMPORT_LINES:-5000}
cd "$ROOT"

stack=$(mktemp -d /tmp/parvis-bench.XXXXXX)
trap 'tests/stack.sh stop "$stack" >/dev/null 2>&1 || true; rm -rf "$stack"' EXIT
tests/stack.sh start "$stack" "$BUILD" >/dev/null
set -a; . "$stack/env"; set +a
db() { mariadb --no-defaults --socket="$PARVIS_VAR/run/mysqld.sock" -N -B parvis -e "$1"; }

# 20 groups (one by default, one with a rule on the department); the
# existing half of the file's people, in the default group
admin=$(db "SELECT id FROM users WHERE email = '$PARVIS_ADMIN_EMAIL'")
db "INSERT INTO \`groups\` (name, description, visibility, created_by, is_default)
    SELECT CONCAT('Équipe ', LPAD(seq, 2, '0')), '', 'private', $admin, seq = 1 FROM seq_1_to_20"
db "INSERT INTO group_rules (group_id, attribute, value) SELECT id, 'department', 'Voirie' FROM \`groups\` WHERE name = 'Équipe 02'"
half=$((LINES / 2))
db "INSERT INTO users (email, display_name, password_hash, department)
    SELECT CONCAT('agent', seq, '@bench.test'), CONCAT('Agent ', seq), 'x', 'Ancien' FROM seq_1_to_$half"
db "INSERT IGNORE INTO group_members (group_id, user_id, source)
    SELECT g.id, u.id, 'default' FROM \`groups\` g JOIN users u ON u.email LIKE 'agent%@bench.test' WHERE g.is_default = 1"
db "UPDATE \`groups\` g SET member_count = (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id)"

csv=$stack/people.csv
{
  echo 'email,nom,fonction,service,site,téléphone,rôle,groupes'
  seq 1 "$LINES" | awk '{ printf "agent%d@bench.test,Agent %d,Agent technique,%s,Site %d,05 55 00 %02d %02d,utilisateur,Équipe %02d|Équipe %02d\n",
                          $1, $1, ($1 % 4 ? "Voirie" : "Espaces verts"), $1 % 7, $1 % 100, $1 % 97, 3 + $1 % 9, 12 + $1 % 9 }'
} >"$csv"

jar=$stack/admin.jar
csrf=$(curl -s -H 'Content-Type: application/json' -c "$jar" \
  -d "{\"email\":\"$PARVIS_ADMIN_EMAIL\",\"password\":\"$PARVIS_ADMIN_PASSWORD\"}" "$PARVIS_URL/api/v1/session" |
  sed -n 's/.*"csrf_token": *"\([^"]*\)".*/\1/p')
# POST the file: prints "seconds create update unchanged" after checking the status
post() {   # query
  local out=$stack/answer.json
  local res; res=$(curl -s -o "$out" -w '%{http_code} %{time_total}' -b "$jar" -H "X-CSRF-Token: $csrf" \
    -H 'Content-Type: text/csv' --data-binary "@$csv" "$PARVIS_URL/api/v1/imports/people$1")
  [ "${res%% *}" = 200 ] || { echo "bench: import$1 answered ${res%% *}: $(head -c 300 "$out")" >&2; exit 1; }
  local counts; counts=$(node -e 'const a=JSON.parse(require("fs").readFileSync(process.argv[1]));
    console.log(a.create, a.update, a.unchanged, a.errors.length)' "$out")
  echo "${res#* } $counts"
}
row() {   # label "seconds create update unchanged errors"
  set -- "$1" $2
  printf '| %s | %.2f | %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4" "$5" "$6"
}
load0=$(cut -d" " -f1-3 /proc/loadavg)
r1=$(post '?dry_run=1'); r2=$(post ''); r3=$(post '?dry_run=1'); r4=$(post '')
created=$(db "SELECT COUNT(*) FROM users WHERE email LIKE 'agent%@bench.test' AND password_hash = '!'")
invitations=$(db "SELECT COUNT(*) FROM invitations WHERE user_id IS NOT NULL")
members=$(db "SELECT COUNT(*) FROM group_members m JOIN users u ON u.id = m.user_id WHERE u.email LIKE 'agent%@bench.test'")

load=$(cut -d" " -f1-3 /proc/loadavg)
table="Measured $(date -u +%Y-%m-%d) on $(nproc) cores (load average before the run: $load0; after: $load), the release build, its own stack (tests/stack.sh), curl on the same machine: a CSV file of $LINES lines ($(du -k "$csv" | cut -f1) KiB, UTF-8, commas, two groups a line) on a platform of $half accounts that are half of the file's people, 20 groups (one by default, one with a rule on the department). Target: preview and apply each ≤ 10 s.

| request | seconds | create | update | unchanged | errors |
|---|---:|---:|---:|---:|---:|
$(row 'preview (dry_run=1)' "$r1")
$(row 'apply' "$r2")
$(row 'the same file again: preview' "$r3")
$(row 'the same file again: apply (nothing changes)' "$r4")

After the apply: $created accounts created (no password until their invitation is accepted), $invitations invitations queued for the notifier, $members memberships of the file's people (default group, rule, the file's groups)."
echo "$table"
# only the standard run goes into RESULTS.md (under « Import of people »)
if [ "$LINES" = 5000 ]; then bench/table.sh bench:import "$table"; fi
