#!/usr/bin/env bash
# make bench-chat PART=load: BENCH_CHAT_PEOPLE people chatting (1,000 by
# default) while the feed is loaded as bench/feed.sh loads it. The feed's
# platform (bench/platform.sh: 10,000 accounts, 500 groups,
# BENCH_CHAT_FEED_POSTS posts); the chatters are agents 2..P+1, each in 6
# direct conversations and 2 group conversations of 10 (40 messages each
# already), each with an EventSource open; each sends a message every 10 s
# (the sends spread evenly: P/10 a second in all), and 5 s later reads as a
# person does: the list, the conversation where the last message came
# from, its read mark moved. bench/chat_load.mjs measures the feed alone,
# the chat alone, then both at once. Writes its table between the
# bench:chat-load markers. BENCH_KEEP=1 leaves the stack running;
# BENCH_CHAT_REUSE=DIR measures that stack again without loading it.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
P=${BENCH_CHAT_PEOPLE:-1000}
POSTS=${BENCH_CHAT_FEED_POSTS:-1000000}
SEED=40
cd "$ROOT"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ $((P % 10)) = 0 ] && [ "$P" -ge 20 ] && [ "$P" -le 9990 ] || { echo "bench: BENCH_CHAT_PEOPLE: a multiple of 10, 20 to 9,990" >&2; exit 2; }
. bench/chat_common.sh

if [ -n "${BENCH_CHAT_REUSE:-}" ]; then
  # a stack an earlier run left (BENCH_KEEP=1), loaded: measured again as
  # it is (the same BENCH_CHAT_* sizes; after a change of the build,
  # restart its programs first)
  stack=$BENCH_CHAT_REUSE
  set -a; . "$stack/env"; set +a
  first=$(db "SELECT MIN(id) FROM users WHERE email LIKE 'agent%@bench.test'")
else
chat_stack_start "$BUILD"
t0=$(now)
. bench/platform.sh
load_people
load_posts 0 "$POSTS" "$POSTS"
db "ANALYZE TABLE posts, comments, reactions, group_members" >/dev/null
echo "bench: the feed's platform ($POSTS posts) loaded in $(since "$t0") s" >&2

# the feed's person is agent1 (first); the chatters agents 2..P+1
chat_sessions "$first" $((first + P))
u="$first + 1 +"           # u(i): the i-th chatter's id, i in 0..P-1
c0=$(db "SELECT COALESCE(MAX(id), 0) + 1 FROM conversations")
G=$((P / 10))
# direct: the pairs (i, i+d mod P) for d in 1, 7, 11
db "INSERT INTO conversations (id, kind, direct_key, created_by, created_at)
    SELECT $c0 + seq, 'direct',
           CONCAT($u LEAST(seq % $P, (seq % $P + ELT(1 + seq DIV $P, 1, 7, 11)) % $P), ':',
                  $u GREATEST(seq % $P, (seq % $P + ELT(1 + seq DIV $P, 1, 7, 11)) % $P)),
           $u seq % $P, UTC_TIMESTAMP(3) - INTERVAL 1 DAY
    FROM seq_0_to_$((3 * P - 1))"
db "INSERT INTO conversation_members (conversation_id, user_id)
    SELECT $c0 + seq, $u seq % $P FROM seq_0_to_$((3 * P - 1))
    UNION ALL
    SELECT $c0 + seq, $u (seq % $P + ELT(1 + seq DIV $P, 1, 7, 11)) % $P FROM seq_0_to_$((3 * P - 1))"
# groups of 10: the tens (0-9, 10-19, ...), then people P/10 apart
cg=$((c0 + 3 * P))
db "INSERT INTO conversations (id, kind, name, created_by, created_at)
    SELECT $cg + seq, 'group', CONCAT('Équipe ', seq + 1), $u IF(seq < $G, seq * 10, seq - $G), UTC_TIMESTAMP(3) - INTERVAL 1 DAY
    FROM seq_0_to_$((2 * G - 1))"
db "INSERT INTO conversation_members (conversation_id, user_id, added_by)
    SELECT $cg + g.seq, $u IF(g.seq < $G, g.seq * 10 + t.seq, (g.seq - $G + t.seq * $G) % $P), $u 0
    FROM seq_0_to_$((2 * G - 1)) g JOIN seq_0_to_9 t"
# SEED messages in each, the participants in turn
chat_authors
db "INSERT INTO chat_messages (conversation_id, seq, author_id, body, body_html, created_at)
    SELECT x.conversation_id, x.s, x.user_id, x.body, CONCAT('<p>', x.body, '</p>\n'), x.at FROM (
      SELECT a.conversation_id, s.seq AS s, a.user_id, $(chat_body_sql "a.conversation_id * 100 + s.seq") AS body,
             UTC_TIMESTAMP(3) - INTERVAL 1 HOUR - INTERVAL ($SEED - s.seq) MINUTE AS at
      FROM bench_authors a JOIN seq_1_to_$SEED s ON a.rn = 1 + s.seq % a.cnt) x
    ORDER BY x.s, x.conversation_id"
chat_finish
echo "bench: $(db 'SELECT COUNT(*) FROM conversations') conversations, $(db 'SELECT COUNT(*) FROM chat_messages') messages" >&2
fi

json=$(node bench/chat_load.mjs "$first" "$P")
echo "bench: $json" >&2
f() { chat_f "$@"; }
cores() { node -e 'console.log(Object.entries(JSON.parse(process.argv[1])[process.argv[2]]).slice(0, 7).map(([k, v]) => `${k} ${v}`).join(", "))' "$json" "$1"; }
row() {   # label key
  echo "| $1 | $(f "$2.count") | $(f "$2.p50") | $(f "$2.p95") | $(f "$2.p99") | $(f "$2.max") | $(f "$2.errors") |"
}
table=$(
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, the release build, default workers, the clients on the same machine (${BENCH_CHAT_PROCS:-4} processes of people, wrk): the feed's platform ($POSTS posts, 10,000 accounts, 500 groups); $P people chatting, each in 6 direct and 2 group conversations of 10, an EventSource open, sending a message every 10 s (the sends spread evenly: $((P / 10)) a second) and 5 s later reading (the list, the conversation of the last message received, 50 messages, its read mark). The chat alone for $(f chat_alone.seconds) s, then with wrk -t2 -c64 on GET /feed for $(f with_feed.seconds) s."
  echo
  echo "| request | chat alone: count | p50 ms | p95 ms | p99 ms | max ms | errors |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for k in send list history read all; do
    case $k in send) l="POST /conversations/{id}/messages";; list) l="GET /conversations";; history) l="GET /conversations/{id}/messages";;
               read) l="POST /conversations/{id}/read";; all) l="**the chat's API, all four**";; esac
    row "$l" "chat_alone.$k"
  done
  echo "| \`chat.message\` received (POST sent → event, every other participant; $(f chat_alone.live.missing) never received by the end of the run) | $(f chat_alone.live.count) | $(f chat_alone.live.p50) | $(f chat_alone.live.p95) | $(f chat_alone.live.p99) | $(f chat_alone.live.max) | |"
  echo "| the chat's API as nginx timed it (first byte read → last byte sent) | $(f nginx_alone.total.count) | $(f nginx_alone.total.p50) | $(f nginx_alone.total.p95) | $(f nginx_alone.total.p99) | | |"
  echo "| … of which its worker (\$upstream_response_time) | $(f nginx_alone.worker.count) | $(f nginx_alone.worker.p50) | $(f nginx_alone.worker.p95) | $(f nginx_alone.worker.p99) | | |"
  echo
  echo "| request | chat while wrk loads /feed: count | p50 ms | p95 ms | p99 ms | max ms | errors |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for k in send list history read all; do
    case $k in send) l="POST /conversations/{id}/messages";; list) l="GET /conversations";; history) l="GET /conversations/{id}/messages";;
               read) l="POST /conversations/{id}/read";; all) l="**the chat's API, all four** (target p99 ≤ 20 ms)";; esac
    row "$l" "with_feed.$k"
  done
  echo "| \`chat.message\` received (POST sent → event, every other participant; $(f with_feed.live.missing) never received by the end of the run) | $(f with_feed.live.count) | $(f with_feed.live.p50) | $(f with_feed.live.p95) | $(f with_feed.live.p99) | $(f with_feed.live.max) | |"
  echo "| the chat's API as nginx timed it (first byte read → last byte sent) | $(f nginx_with_feed.total.count) | $(f nginx_with_feed.total.p50) | $(f nginx_with_feed.total.p95) | $(f nginx_with_feed.total.p99) | | |"
  echo "| … of which its worker (\$upstream_response_time) | $(f nginx_with_feed.worker.count) | $(f nginx_with_feed.worker.p50) | $(f nginx_with_feed.worker.p95) | $(f nginx_with_feed.worker.p99) | | |"
  echo
  echo "| GET /feed, wrk -t2 -c64 | requests/s | p50 ms | p99 ms |"
  echo "|---|---:|---:|---:|"
  echo "| without the chat | $(f feed_alone.rps) | $(f feed_alone.p50) | $(f feed_alone.p99) |"
  echo "| with $P people chatting | $(f feed_with_chat.rps) | $(f feed_with_chat.p50) | $(f feed_with_chat.p99) |"
  echo
  echo "Cores used by each program (the busiest; the machine has $(nproc)), wrk at nice $(f load_nice): feed alone: $(cores cores_feed_alone); chat alone: $(cores cores_chat_alone); both: $(cores cores_with_feed). Rows waiting in notify_queue and index_queue after the chat alone: $(f queues_after_alone); after both: $(f queues_after_feed). Requests of the whole run (warm-ups too) that got no answer (the first five): $(node -e 'const j = JSON.parse(process.argv[1]); console.log(j.no_answer.length ? j.no_answer.join("; ") : "none")' "$json")."
)
bench/table.sh bench:chat-load "$table"
