#!/usr/bin/env bash
# The first sign-in's welcome (docs/welcome.md): alone by
# `bench/welcome.sh [BUILD]` (a release build), or `make bench-welcome`.
#  - fills a private stack with SQL: 5,000 people over 20 departments and
#    10 sites, 500 public groups (and 100 private) of 20 members each,
#    20,000 posts over the last 60 days;
#  - times, with curl, GET /me/welcome (the suggestions: groups of the
#    person's department and site first, then the most active) for a new
#    person of a department and a site: p50 and p99 of N requests, and the
#    cores the virtual machine's host took meanwhile (/proc/stat's steal).
# Target: p99 ≤ 100 ms (asked once per person, on a page of its own).
# The machine may be shared: the figures are indicative.
# Writes its table between the bench:welcome markers of bench/RESULTS.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
N=${BENCH_WELCOME_N:-100}
cd "$ROOT"
stack=$(mktemp -d /tmp/parvis-bench-welcome.XXXXXX)
trap 'tests/stack.sh stop "$stack" >/dev/null 2>&1 || true; rm -rf "$stack"' EXIT
tests/stack.sh start "$stack" "$BUILD" >/dev/null
set -a; . "$stack/env"; set +a
db() { mariadb --no-defaults --socket="$PARVIS_VAR/run/mysqld.sock" -N -B parvis -e "$1"; }

jar="$stack/cookies"
curl -s -c "$jar" -o "$stack/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$PARVIS_ADMIN_EMAIL\",\"password\":\"$PARVIS_ADMIN_PASSWORD\"}" "$PARVIS_URL/api/v1/session"
csrf=$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$stack/login")
password='bench welcome correct horse battery'
curl -s -b "$jar" -o "$stack/user" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
  -d "{\"email\":\"nouvelle@bench.test\",\"display_name\":\"Nouvelle Bench\",\"password\":\"$password\",\"department\":\"Service 7\",\"site\":\"Site 3\"}" \
  "$PARVIS_URL/api/v1/users"
me=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$stack/user" | head -1)
[ -n "$me" ] || { echo "bench: the person was not created: $(cat "$stack/user")" >&2; exit 1; }

t0=$(date +%s.%N)
db "INSERT INTO users (email, display_name, password_hash, department, site)
    SELECT CONCAT('agent', seq, '@bench.test'), CONCAT('Agent ', seq), 'x', CONCAT('Service ', seq % 20), CONCAT('Site ', seq % 10)
    FROM seq_1_to_5000"
u0=$(db "SELECT MIN(id) FROM users WHERE email LIKE 'agent%@bench.test'")
db "INSERT INTO \`groups\` (name, description, visibility) SELECT CONCAT('Groupe ', LPAD(seq, 3, '0')), 'Un groupe de travail',
    IF(seq % 6 = 0, 'private', 'public') FROM seq_1_to_600"
g0=$(db "SELECT MIN(id) FROM \`groups\` WHERE name LIKE 'Groupe %'")
db "INSERT IGNORE INTO group_members (group_id, user_id) SELECT $g0 + g.seq, $u0 + (g.seq * 37 + k.seq * 251) % 5000
    FROM seq_0_to_599 g JOIN seq_0_to_19 k"
db "UPDATE \`groups\` g SET member_count = (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id)"
db "INSERT INTO posts (group_id, author_id, body, body_html, publish_at)
    SELECT $g0 + (seq * 7) % 600, $u0 + seq % 5000, 'Bonjour', '<p>Bonjour</p>', UTC_TIMESTAMP(3) - INTERVAL (seq % 60) DAY
    FROM seq_1_to_20000"
db "ANALYZE TABLE posts, group_members, group_rules, \`groups\`, users" >/dev/null
load=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
echo "bench: loaded in ${load} s" >&2

pj="$stack/me"
curl -s -c "$pj" -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"email\":\"nouvelle@bench.test\",\"password\":\"$password\"}" "$PARVIS_URL/api/v1/session"
near=$(curl -s -b "$pj" "$PARVIS_URL/api/v1/me/welcome" | grep -o '"reason":"\(department\|site\)"' | wc -l)

stolen() { awk '/^cpu / { printf "%.2f", $9 / 100 }' /proc/stat; }
now() { date +%s.%N; }
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
times=(); s0=$(stolen); t1=$(now)
curl -s -o /dev/null -b "$pj" "$PARVIS_URL/api/v1/me/welcome"   # warm
for _ in $(seq 1 "$N"); do
  t=$(curl -s -o /dev/null -b "$pj" -w '%{http_code} %{time_total}' "$PARVIS_URL/api/v1/me/welcome")
  [ "${t%% *}" = 200 ] || { echo "bench: /me/welcome answered ${t%% *}" >&2; exit 1; }
  times+=("${t##* }")
done
steal=$(awk -v a="$s0" -v b="$(stolen)" -v t0="$t1" -v t1="$(now)" 'BEGIN { printf "%.2f", (b - a) / (t1 - t0) }')
row=$(printf '%s\n' "${times[@]}" | sort -n | awk -v steal="$steal" -v near="$near" '
  { v[NR] = $1 * 1000 }
  END { p50 = v[int((NR + 1) / 2)]; i = int(NR * 0.99 + 0.999); if (i > NR) i = NR;
        printf "| GET /me/welcome (8 suggestions, %d of the department or site) | %d | %.1f | %.1f | ≤ 100 ms | %s |\n", near, NR, p50, v[i], steal }')

table=$(
  echo "Measured $(date -u +%F) on $(nproc) cores (a shared machine: indicative), $(basename "$BUILD") build, curl from the same machine,"
  echo "one request at a time after one to warm up: 5,000 people over 20 departments and 10 sites, 500 public groups"
  echo "(and 100 private) of 20 members, 20,000 posts over 60 days; loaded in ${load} s. Load average when the measures began: $load_before."
  echo
  echo "| request | n | p50 ms | p99 ms | target (p99) | steal (cores) |"
  echo "|---|---:|---:|---:|---|---:|"
  echo "$row"
)
echo "$table"
bench/table.sh bench:welcome "$table"
