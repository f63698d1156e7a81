#!/usr/bin/env bash
# Statistics (« Administration › Statistiques ») of a 3,500-person,
# one-year platform: alone by `bench/stats.sh [BUILD]` (a release build).
#  - fills a private stack with SQL (MariaDB's seq tables): 3,500 accounts
#    in 20 departments and 8 sites, 150 groups of about 120 members, a year
#    of content (100 posts a day, 3 comments and 5 reactions a post, 20
#    files a day, a must-read post a week confirmed by 70% of its readers),
#    a year of sign-ins and searches counted as the workers count them,
#    the people seen in the last 31 days, 90 days of searches without
#    results;
#  - restarts the stack: parvis-notifier's first pass counts and closes
#    the whole year (its time is in the notifier's log);
#  - times, with curl, each request « Statistiques » makes (N times each (20),
#    signed in as an administrator): p50 and p95. The page asks two
#    (series, groups) or three (with a breakdown) at once.
# Writes its table between the bench:stats markers of bench/RESULTS.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
N=${BENCH_STATS_N:-20}
cd "$ROOT"
stack=$(mktemp -d /tmp/parvis-bench-stats.XXXXXX)
# BENCH_STATS_KEEP=1 leaves the stack running at the end (its directory is printed)
[ "${BENCH_STATS_KEEP:-0}" = 1 ] || trap 'tests/stack.sh stop "$stack" >/dev/null 2>&1 || true; rm -rf "$stack"' EXIT
tests/stack.sh start "$stack" "$BUILD" >/dev/null
set -a; . "$stack/env"; set +a
db() { mariadb --no-defaults --socket="$PARVIS_VAR/run/mysqld.sock" -N -B parvis -e "$1"; }

t0=$(date +%s.%N)
db "UPDATE users SET created_at = UTC_TIMESTAMP() - INTERVAL 366 DAY"
db "INSERT INTO users (email, display_name, password_hash, department, site, created_at)
    SELECT CONCAT('agent', seq, '@bench.test'), CONCAT('Agent ', seq), 'x',
           CONCAT('Service ', 1 + seq % 20), CONCAT('Site ', 1 + seq % 8), UTC_TIMESTAMP() - INTERVAL 366 DAY
    FROM seq_1_to_3499"
u0=$(db "SELECT MIN(id) FROM users WHERE email LIKE 'agent%@bench.test'")
db "INSERT INTO \`groups\` (name, description, visibility, created_by)
    SELECT CONCAT('Groupe ', LPAD(seq, 3, '0')), '', ELT(1 + seq % 3, 'private', 'public', 'secret'), $u0 FROM seq_1_to_150"
g0=$(db "SELECT MIN(id) FROM \`groups\`")
# each person in 5 groups
db "INSERT IGNORE INTO group_members (group_id, user_id)
    SELECT $g0 + (u.seq * 7 + k.seq * 31) % 150, $u0 + u.seq FROM seq_0_to_3498 u JOIN seq_0_to_4 k"
db "UPDATE \`groups\` g SET member_count = (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id)"
db "INSERT INTO drives (group_id) SELECT id FROM \`groups\`"
# a year of posts: 100 a day (one in 20 in the news), one must-read a week
db "INSERT INTO posts (group_id, author_id, title, body, body_html, must_read, publish_at, created_at)
    SELECT IF(seq % 20 = 0, NULL, $g0 + (seq * 7919) % 150), $u0 + (seq * 13) % 3499, '',
           CONCAT('Publication ', seq), '', seq % 700 = 0,
           UTC_TIMESTAMP(3) - INTERVAL (36500 - seq) * 864 SECOND, UTC_TIMESTAMP(3) - INTERVAL (36500 - seq) * 864 SECOND
    FROM seq_1_to_36500"
p0=$(db "SELECT MIN(id) FROM posts")
db "INSERT INTO comments (post_id, author_id, body, body_html, created_at)
    SELECT p.id, $u0 + (p.id * 17 + k.seq * 101) % 3499, 'Merci', '', p.created_at + INTERVAL (k.seq + 1) * 600 SECOND
    FROM posts p JOIN seq_0_to_2 k"
db "UPDATE posts SET comment_count = 3"
db "INSERT IGNORE INTO reactions (target_type, target_id, user_id, kind, created_at)
    SELECT 'post', p.id, $u0 + (p.id * 29 + k.seq * 211) % 3499, 'like', p.created_at + INTERVAL (k.seq + 1) * 300 SECOND
    FROM posts p JOIN seq_0_to_4 k"
db "UPDATE posts SET r_like = 5"
db "INSERT INTO post_reads (post_id, user_id, read_at)
    SELECT p.id, m.user_id, p.publish_at + INTERVAL 1 HOUR FROM posts p JOIN group_members m ON m.group_id = p.group_id
    WHERE p.must_read = 1 AND m.user_id % 10 < 7"
db "INSERT IGNORE INTO post_reads (post_id, user_id, read_at)
    SELECT p.id, u.id, p.publish_at + INTERVAL 1 HOUR FROM posts p JOIN users u
    WHERE p.must_read = 1 AND p.group_id IS NULL AND u.id % 10 < 7"
# 20 files a day
db "INSERT INTO drive_nodes (drive_id, parent_id, kind, name, created_by, created_at)
    SELECT d.id, NULL, 'file', CONCAT('fichier-', s.seq, '.pdf'), $u0 + (s.seq * 37) % 3499,
           UTC_TIMESTAMP(3) - INTERVAL (7300 - s.seq) * 4320 SECOND
    FROM seq_1_to_7300 s JOIN drives d ON d.group_id = $g0 + s.seq % 150"
# sign-ins and searches of a year, as the workers count them
for metric in signins:1400 searches:600; do
  m=${metric%%:*}; n=${metric##*:}
  db "INSERT INTO stats_daily (day, metric, dim_kind, dim_value, n)
      SELECT UTC_DATE() - INTERVAL d.seq DAY, '$m', 'all', '', $n FROM seq_1_to_365 d"
  db "INSERT INTO stats_daily (day, metric, dim_kind, dim_value, n)
      SELECT UTC_DATE() - INTERVAL d.seq DAY, '$m', 'department', CONCAT('Service ', k.seq), $n DIV 20
      FROM seq_1_to_365 d JOIN seq_1_to_20 k"
  db "INSERT INTO stats_daily (day, metric, dim_kind, dim_value, n)
      SELECT UTC_DATE() - INTERVAL d.seq DAY, '$m', 'site', CONCAT('Site ', k.seq), $n DIV 8
      FROM seq_1_to_365 d JOIN seq_1_to_8 k"
done
# people seen: about 2,000 a day over the last 31 days
db "INSERT IGNORE INTO stats_presence (day, user_id)
    SELECT UTC_DATE() - INTERVAL d.seq DAY, $u0 + (u.seq * 7 + d.seq * 13) % 3499 FROM seq_1_to_31 d JOIN seq_0_to_1999 u"
db "INSERT INTO stats_search_misses (day, query, n)
    SELECT UTC_DATE() - INTERVAL d.seq DAY, CONCAT('introuvable ', q.seq), 1 + (d.seq + q.seq) % 5
    FROM seq_0_to_89 d JOIN seq_1_to_50 q"
# the tables' statistics as InnoDB keeps them after such a change (it
# recounts a table once a tenth of it changed, in the background: a run
# that measured before it did met plans made for empty tables)
db "ANALYZE TABLE users, posts, comments, reactions, drive_nodes, group_members, post_reads, stats_daily, stats_presence, stats_search_misses" >/dev/null
load=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
echo "bench: loaded in ${load} s; restarting (the notifier closes the year)" >&2

# the administrator keeps the password of the first start
email=$PARVIS_ADMIN_EMAIL password=$PARVIS_ADMIN_PASSWORD
tests/stack.sh stop "$stack" >/dev/null
tests/stack.sh start "$stack" "$BUILD" >/dev/null
set -a; . "$stack/env"; set +a
PARVIS_ADMIN_EMAIL=$email PARVIS_ADMIN_PASSWORD=$password
# the pass closes a month a transaction, up to yesterday: waited for
# until yesterday is closed, its time the sum of the months'
yesterday=$(date -u -d '1 day ago' +%F)
closed=""
for _ in $(seq 1 300); do
  if grep -q "statistics: days [0-9-]* to $yesterday closed in" "$PARVIS_VAR"/log/notifier.log; then
    closed=$(grep -ho 'statistics: days [0-9-]* to [0-9-]* closed in [0-9.]* s' "$PARVIS_VAR"/log/notifier.log \
      | awk '{ if (!from) from = $3; to = $5; s += $8 } END { printf "days %s to %s closed in %.2f s", from, to, s }')
    break
  fi
  sleep 1
done
[ -n "$closed" ] || { echo "bench: the notifier did not close the days up to $yesterday" >&2; exit 1; }
echo "bench: $closed" >&2

jar="$stack/cookies"
curl -s -c "$jar" -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"email\":\"$PARVIS_ADMIN_EMAIL\",\"password\":\"$PARVIS_ADMIN_PASSWORD\"}" "$PARVIS_URL/api/v1/session"
today=$(date -u +%F); year=$(date -u -d '364 days ago' +%F); month=$(date -u -d '29 days ago' +%F)
rows=()
measure() {   # label path
  local times=() t
  curl -s -b "$jar" -o /dev/null "$PARVIS_URL/api/v1$2"   # warm
  for _ in $(seq 1 "$N"); do
    t=$(curl -s -b "$jar" -o /dev/null -w '%{http_code} %{time_total}' "$PARVIS_URL/api/v1$2")
    [ "${t%% *}" = 200 ] || { echo "bench: $2 answered ${t%% *}" >&2; exit 1; }
    times+=("${t##* }")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v label="$1" '
    { v[NR] = $1 * 1000 }
    END { p50 = v[int((NR + 1) / 2)]; i = int(NR * 0.95 + 0.999); if (i > NR) i = NR;
          printf "| %s | %.1f | %.1f |\n", label, p50, v[i] }' >> "$stack/rows"
}
: > "$stack/rows"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
measure "30 days by day (the page's first request)" "/admin/statistics"
measure "30 days, per group" "/admin/statistics/groups"
measure "a year by day" "/admin/statistics?from=$year&to=$today"
measure "a year by week" "/admin/statistics?from=$year&to=$today&group_by=week"
measure "a year by month" "/admin/statistics?from=$year&to=$today&group_by=month"
measure "a year by month, by department" "/admin/statistics?from=$year&to=$today&group_by=month&dimension=department"
measure "a year by day, by department" "/admin/statistics?from=$year&to=$today&dimension=department"
measure "a year, per group" "/admin/statistics/groups?from=$year&to=$today"
measure "the journal, first page (50 rows)" "/admin/audit"

{
  echo "<!-- bench:stats:start -->"
  echo "Measured $(date -u +%F) on $(nproc) cores, release build, curl from the same machine, $N requests each after one to warm up:"
  echo "3,500 accounts (20 departments, 8 sites), 150 groups, 36,500 posts, 109,500 comments, 182,500 reactions,"
  echo "7,300 files, 52 must-read posts, a year of daily sign-ins and searches; loaded in ${load} s."
  echo "parvis-notifier's first pass: ${closed#statistics: }. Load average when the measures began: $load_before."
  echo
  echo "| request | p50 ms | p95 ms |"
  echo "|---|---:|---:|"
  cat "$stack/rows"
  echo "<!-- bench:stats:end -->"
} > "$stack/table"
cat "$stack/table"
if grep -q 'bench:stats:start' bench/RESULTS.md; then
  awk -v f="$stack/table" '
    /<!-- bench:stats:start -->/ { while ((getline l < f) > 0) print l; skip = 1; next }
    /<!-- bench:stats:end -->/ { skip = 0; next }
    !skip' bench/RESULTS.md > "$stack/results" && cp "$stack/results" bench/RESULTS.md
else
  { echo; echo "## Statistiques (issue #14)"; echo; cat "$stack/table"; } >> bench/RESULTS.md
fi
if [ "${BENCH_STATS_KEEP:-0}" = 1 ]; then echo "bench: the stack is left running in $stack" >&2; fi
