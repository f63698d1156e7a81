#!/usr/bin/env bash
# make bench-notify: notifications at the issue's scale. 3,500 accounts
# (sessions written directly: signing in 3,500 times would measure the
# password hash), one group of all of them and one of 2,000; then
# bench/notify.mjs measures the fan-out of a must-read post, the live
# latency with 2,000 EventSource clients while wrk loads the feed, nginx's
# memory per idle connection, the API with 5,000 live connections, the
# list and the count at 64 connections, and 3,500 daily digests. Writes
# its table between the bench:notify markers of bench/RESULTS.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
cd "$ROOT"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

stack=$(mktemp -d /tmp/parvis-bench.XXXXXX)
trap 'tests/stack.sh stop "$stack" >/dev/null 2>&1; rm -rf "$stack"' EXIT
PARVIS_LOGIN_RATE=6000r/m tests/stack.sh start "$stack" "$BUILD" >/dev/null
set -a; . "$stack/env"; set +a
db() { mariadb --no-defaults --socket="$PARVIS_VAR/run/mysqld.sock" -N -B parvis -e "$1"; }

# the administrator, signed in
curl -s -c "$stack/admin.jar" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$PARVIS_ADMIN_EMAIL\",\"password\":\"$PARVIS_ADMIN_PASSWORD\"}" "$PARVIS_URL/api/v1/session" >"$stack/admin.json"
COOKIE=$(sed -n 's/.*\tparvis_session\t\(.*\)$/parvis_session=\1/p' "$stack/admin.jar")
CSRF=$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$stack/admin.json")
[ -n "$COOKIE" ] && [ -n "$CSRF" ] || { echo "bench: sign-in failed" >&2; exit 1; }
api() { curl -s -H "Cookie: $COOKIE" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' -X "$1" -d "${3:-}" "$PARVIS_URL/api/v1$2"; }

# 3,500 people, each with a session whose cookie bench/notify.mjs derives
db "INSERT INTO users (email, display_name, password_hash)
    SELECT CONCAT('agent', seq, '@bench.test'), CONCAT('Agent ', seq),
           (SELECT password_hash FROM users WHERE email = '$PARVIS_ADMIN_EMAIL') FROM seq_1_to_3500"
first=$(db "SELECT MIN(id) FROM users WHERE email LIKE 'agent%@bench.test'")
db "INSERT INTO sessions (token_hash, user_id, expires_at)
    SELECT UNHEX(SHA2(UNHEX(SHA2(CONCAT('bench-', id), 256)), 256)), id, UTC_TIMESTAMP() + INTERVAL 1 DAY
    FROM users WHERE email LIKE 'agent%@bench.test'"
big=$(api POST /groups '{"name":"Tous les agents","visibility":"public"}' | sed -n 's/^{"id":\([0-9]*\).*/\1/p')
live=$(api POST /groups '{"name":"Direct","visibility":"public"}' | sed -n 's/^{"id":\([0-9]*\).*/\1/p')
[ -n "$big" ] && [ -n "$live" ] || { echo "bench: groups not created" >&2; exit 1; }
db "INSERT INTO group_members (group_id, user_id) SELECT $big, id FROM users WHERE email LIKE 'agent%@bench.test'"
db "INSERT INTO group_members (group_id, user_id) SELECT $live, id FROM users WHERE id < $first + 2000 AND email LIKE 'agent%@bench.test'"
db "UPDATE \`groups\` g SET member_count = (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id)"
# the person whose list is measured (agent 3001) has 60 notifications of
# posts of the large group: comments by three people each, 40 unread
admin_id=$(db "SELECT id FROM users WHERE email = '$PARVIS_ADMIN_EMAIL'")
db "INSERT INTO posts (group_id, author_id, title, body, body_html, publish_at)
    SELECT $big, $first + 3000, CONCAT('Sujet ', seq), 'Texte', '<p>Texte</p>', UTC_TIMESTAMP(3) - INTERVAL seq MINUTE
    FROM seq_1_to_60"
db "INSERT INTO notifications (user_id, kind, gkey, target_type, target_id, post_id, group_id, actors, actor_count,
                               event_count, created_at, updated_at, read_at)
    SELECT $first + 3000, 'comment', CONCAT('comment:', p.id), 'post', p.id, p.id, $big,
           CONCAT('[\"', $first + 1, '\",\"', $first + 2, '\",\"', $admin_id, '\"]'), 3, 4,
           p.publish_at, p.publish_at, IF(p.id % 3 = 0, UTC_TIMESTAMP(3), NULL)
    FROM posts p WHERE p.group_id = $big AND p.author_id = $first + 3000"

# the workers' caches learn of the memberships written behind their back:
# new workers (SIGHUP to the FastCGI master)
kill -HUP "$(cat "$PARVIS_VAR/run/fcgi.pid")"
for _ in $(seq 1 100); do
  sleep 0.2
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$PARVIS_URL/api/v1/groups/$big")" = 200 ] && break
done

json=$(node bench/notify.mjs "$COOKIE" "$CSRF" "$big" "$live" "$first")
echo "bench: $json" >&2
f() { node -e "const j=JSON.parse(process.argv[1]); console.log(eval('j.' + process.argv[2]))" "$json" "$1"; }
share() { awk -v a="$(f "$1")" -v b="$(f list.static.rps)" 'BEGIN { printf "%.1f%%", 100 * a / b }'; }
table=$(
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores (the clients on the same machine), default workers, relay none (mails written as files)."
  echo
  echo "| measure | figure | target |"
  echo "|---|---:|---|"
  echo "| must-read to $(f fanout.members) members: notification rows written (the notifier's transaction) | $(f fanout.written_ms) ms | |"
  echo "| … and every live push sent after the commit | $(f fanout.published_ms) ms more | |"
  echo "| … from the POST to the last push, seen from outside | $(f fanout.all_pushed_ms) ms | ≤ 2,000 ms |"
  echo "| live: publish → received, $(f live.connections) EventSource clients in four processes, wrk on /feed (64 connections) meanwhile ($(f live.received) receipts, $(f live.missing) missing) | p50 $(f live.p50_ms) ms, p95 $(f live.p95_ms) ms, p99 $(f live.p99_ms) ms | p95 ≤ 100 ms |"
  echo "| … a post's first and last receipt (medians over the posts) | $(f live.first_median_ms) ms, $(f live.last_median_ms) ms | |"
  echo "| nginx's memory per idle live connection | $(f nginx_kb_per_idle_connection) KiB | |"
  echo "| GET /notifications/unread at 64 connections, without → with 5,000 live connections open | $(f api_with_5000_live.unread_without.rps) → $(f api_with_5000_live.unread_with.rps) req/s, p99 $(f api_with_5000_live.unread_without.p99) → $(f api_with_5000_live.unread_with.p99) ms | not slowed |"
  echo "| GET /feed at 64 connections, without → with 5,000 live connections | $(f api_with_5000_live.feed_without.rps) → $(f api_with_5000_live.feed_with.rps) req/s, p99 $(f api_with_5000_live.feed_without.p99) → $(f api_with_5000_live.feed_with.p99) ms | |"
  echo "| static file at 64 connections | $(f list.static.rps) req/s, p99 $(f list.static.p99) ms | |"
  echo "| GET /notifications (20 of $(f list.count_of_notifications)) at 64 connections | $(f list.notifications.rps) req/s ($(share list.notifications.rps) of static), p99 $(f list.notifications.p99) ms | p99 ≤ 20 ms |"
  echo "| GET /notifications/unread at 64 connections | $(f list.unread.rps) req/s ($(share list.unread.rps) of static), p99 $(f list.unread.p99) ms | p99 ≤ 20 ms |"
  echo "| $(f digest.people) daily digests built and queued | $(f digest.queued_s) s | ≤ 60 s |"
)
bench/table.sh bench:notify "$table"
