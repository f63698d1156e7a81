#!/usr/bin/env bash
# make bench (third part): the home feed and the portal for a person in 30
# groups, with 100,000 and then 1,000,000 posts in the platform (10,000
# accounts, 500 groups, three comments per post, reactions), at 64
# connections, each as a share of nginx's static file. The data is
# deterministic and loaded by bulk INSERT ... SELECT from MariaDB's
# sequence tables. Writes its table between the bench:feed markers.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
DURATION=${BENCH_DURATION:-5s}
RUNS=${BENCH_RUNS:-3}
SMALL=${BENCH_FEED_SMALL:-100000}
LARGE=${BENCH_FEED_LARGE:-1000000}
CONNS=64
cd "$ROOT"
. bench/wrk.sh

stack=$(mktemp -d /tmp/parvis-bench.XXXXXX)
trap 'tests/stack.sh stop "$stack" >/dev/null 2>&1 || true' EXIT
tests/stack.sh start "$stack" "$BUILD" >/dev/null
set -a; . "$stack/env"; set +a
db() { mariadb --no-defaults --socket="$PARVIS_VAR/run/mysqld.sock" -N -B parvis -e "$1"; }
t0=$(date +%s)

# 10,000 accounts (the administrator's password, copied), 500 groups; each
# account in about 15 groups; the person (the first account) in 30.
db "INSERT INTO users (email, display_name, password_hash, department, site)
    SELECT CONCAT('agent', seq, '@bench.test'), CONCAT('Agent ', seq),
           (SELECT password_hash FROM users WHERE email = '$PARVIS_ADMIN_EMAIL'),
           ELT(1 + seq % 5, 'Communication', 'Finances', 'Technique', 'Social', 'Culture'),
           ELT(1 + seq % 3, 'Tulle', 'Brive', 'Ussel')
    FROM seq_1_to_10000"
first=$(db "SELECT MIN(id) FROM users WHERE email LIKE 'agent%@bench.test'")
db "INSERT INTO \`groups\` (name, description, visibility, created_by)
    SELECT CONCAT('Groupe ', LPAD(seq, 3, '0')), CONCAT('Le groupe numéro ', seq),
           ELT(1 + seq % 10, 'secret', 'private', 'private', 'private', 'public', 'public',
               'public', 'public', 'public', 'public'), $first
    FROM seq_1_to_500"
g0=$(db "SELECT MIN(id) FROM \`groups\`")
db "INSERT IGNORE INTO group_members (group_id, user_id, role)
    SELECT $g0 + (u.id * 7 + k.seq * 31) % 500, u.id, IF(k.seq = 0, 'manager', 'member')
    FROM users u JOIN seq_0_to_14 k WHERE u.email LIKE 'agent%@bench.test' AND u.id <> $first"
db "INSERT IGNORE INTO group_members (group_id, user_id) SELECT $g0 + seq * 16, $first FROM seq_0_to_29"
db "UPDATE \`groups\` g SET member_count = (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id)"

# posts from+1 .. to: one in fifty is news; one minute apart, the newest now
load_posts() {   # from to
  db "INSERT INTO posts (group_id, author_id, title, body, body_html, publish_at, created_at,
                         comment_count, r_like, r_bravo)
      SELECT IF(seq % 50 = 0, NULL, $g0 + (seq * 7919) % 500), $first + (seq * 13) % 10000,
             IF(seq % 50 = 0, CONCAT('Actualité ', seq), ''),
             CONCAT('Publication numéro ', seq, ' pour le service, avec #reunion et quelques mots de plus.'),
             CONCAT('<p>Publication numéro ', seq, ' pour le service, avec <a class=\"hashtag\" href=\"/tags/reunion\">#reunion</a> et quelques mots de plus.</p>\n'),
             UTC_TIMESTAMP(3) - INTERVAL ($LARGE - seq) MINUTE - INTERVAL 1 MINUTE,
             UTC_TIMESTAMP(3) - INTERVAL ($LARGE - seq) MINUTE - INTERVAL 1 MINUTE, 3, 1, seq % 2
      FROM seq_$(($1 + 1))_to_$2"
  db "INSERT INTO comments (post_id, author_id, body, body_html, created_at)
      SELECT p.id, $first + (p.id * 17 + k.seq) % 10000, CONCAT('Commentaire ', k.seq, ' sur ', p.id),
             CONCAT('<p>Commentaire ', k.seq, ' sur ', p.id, '</p>\n'), p.publish_at
      FROM posts p JOIN seq_1_to_3 k WHERE p.id > (SELECT COALESCE(MAX(post_id), 0) FROM comments)"
  db "INSERT IGNORE INTO reactions (target_type, target_id, user_id, kind)
      SELECT 'post', p.id, $first + (p.id * 31) % 10000, 'like' FROM posts p
      WHERE p.id > (SELECT COALESCE(MAX(target_id), 0) FROM reactions WHERE target_type = 'post')"
}

COOKIE=""
rows=""
measure_at() {   # label
  local n; n=$(db "SELECT COUNT(*) FROM posts")
  echo "bench: $n posts, $(db 'SELECT COUNT(*) FROM comments') comments, loaded in $(( $(date +%s) - t0 )) s" >&2
  # warm-up, not measured: MariaDB's buffer pool after the bulk load, and
  # the workers' caches (the figures are for a running platform)
  wrk -t2 -c"$CONNS" -d2s -H "Cookie: $COOKIE" "$PARVIS_URL/api/v1/feed" >/dev/null
  wrk -t2 -c"$CONNS" -d2s -H "Cookie: $COOKIE" "$PARVIS_URL/api/v1/portal" >/dev/null
  run static "$CONNS" /img/logo.svg
  run feed "$CONNS" /api/v1/feed "Cookie: $COOKIE"
  run portal "$CONNS" /api/v1/portal "Cookie: $COOKIE"
  for k in static feed portal; do
    local label share
    case $k in static) label="static file (nginx)";; feed) label="GET /feed (20 posts, person in 30 groups)";;
               portal) label="GET /portal";; esac
    share=$(awk -v a="${RPS[$k/$CONNS]}" -v b="${RPS[static/$CONNS]}" 'BEGIN { printf "%.0f%%", 100 * a / b }')
    rows+="| $1 | $label | $CONNS | ${RPS[$k/$CONNS]} | ${P50[$k/$CONNS]} | ${P99[$k/$CONNS]} | $share |"$'\n'
  done
}

load_posts 0 "$SMALL"
db "ANALYZE TABLE posts, comments, reactions, group_members" >/dev/null
curl -s -c "$stack/person.jar" -H 'Content-Type: application/json' \
  -d "{\"email\":\"agent1@bench.test\",\"password\":\"$PARVIS_ADMIN_PASSWORD\"}" "$PARVIS_URL/api/v1/session" >/dev/null
COOKIE=$(sed -n 's/.*\tparvis_session\t\(.*\)$/parvis_session=\1/p' "$stack/person.jar")
[ -n "$COOKIE" ] || { echo "bench: sign-in failed" >&2; exit 1; }
if [ -n "${BENCH_FEED_KEEP:-}" ]; then   # for profiling: keep the stack with the small data set
  trap - EXIT
  echo "bench: stack kept in $stack (cookie in $stack/person.jar)" >&2
  exit 0
fi
measure_at "$SMALL"
load_posts "$SMALL" "$LARGE"
db "ANALYZE TABLE posts, comments, reactions" >/dev/null
measure_at "$LARGE"

table=$(
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, default workers, wrk -t2 -c$CONNS, median of $RUNS runs of $DURATION each; 10,000 accounts, 500 groups, three comments and a reaction per post; the person is in 30 groups."
  echo
  echo "| posts in the platform | request | connections | requests/s | p50 ms | p99 ms | share of static |"
  echo "|---:|---|---:|---:|---:|---:|---:|"
  printf '%s' "$rows"
)
bench/table.sh bench:feed "$table"
