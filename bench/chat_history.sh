#!/usr/bin/env bash
# make bench-chat PART=history: the history and the search at
# BENCH_CHAT_MESSAGES stored messages (10,000,000 by default) in
# BENCH_CHAT_CONVERSATIONS conversations (20,000): a quarter group
# conversations of 3 to 20 people, the rest direct ones; half the messages
# in the busiest twentieth (5,000 each at full size), the other half
# spread over the rest (about 260 each); bodies of 4 to 11 words of a
# French office vocabulary, one message every 3 s over a year. Loaded in
# bulk from MariaDB's sequence tables, then indexed by `parvis-ctl
# reindex` (the rebuild an administrator runs), timed until the queue is
# empty. Measured with wrk (bench/chat_paths.lua: each request a random
# person's): GET /conversations/{id}/messages?before= at random depths of
# random conversations, at 1 and 64 connections; GET
# /search?type=message for 20 queries by random people, at 1 and 4
# connections. Writes its table between the bench:chat-history markers.
# BENCH_KEEP=1 leaves the stack running; BENCH_CHAT_REUSE=DIR measures
# that stack again without filling it (the same BENCH_CHAT_* sizes).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
M=${BENCH_CHAT_MESSAGES:-10000000}
C=${BENCH_CHAT_CONVERSATIONS:-20000}
CHUNK=${BENCH_CHAT_CHUNK:-500000}
DURATION=${BENCH_DURATION:-30s}
cd "$ROOT"
. bench/chat_common.sh
[ $((C % 20)) = 0 ] && [ "$C" -ge 100 ] || { echo "bench: BENCH_CHAT_CONVERSATIONS: a multiple of 20, 100 or more" >&2; exit 2; }

B=$((C / 20)); G=$((C / 4)); D=$((C - G))
P=$((G > 700 ? G : 700))    # people: a group's members are 31 apart, 20 at most
[ $((D / P)) -le 8 ] || { echo "bench: too many direct conversations for $P people" >&2; exit 2; }

if [ -n "${BENCH_CHAT_REUSE:-}" ]; then
  # a stack an earlier run left (BENCH_KEEP=1), filled: measured again
  # as it is (after a change of the build, restart it first)
  stack=$BENCH_CHAT_REUSE
  set -a; . "$stack/env"; set +a
  c0=$(db "SELECT MIN(id) FROM conversations")
  t_fill=$(sed -n 's/^fill=//p' "$stack/history.facts"); t_index=$(sed -n 's/^index=//p' "$stack/history.facts")
  until [ "$(db 'SELECT COUNT(*) FROM index_queue')" = 0 ]; do sleep 5; done
  t_index=${t_index:--}; rate=-
  # the people's sessions, idle since that run: seen now again (or the
  # workers end them, 401)
  db "UPDATE sessions SET last_seen_at = UTC_TIMESTAMP(), expires_at = UTC_TIMESTAMP() + INTERVAL 1 DAY"
else
chat_stack_start "$BUILD"
chat_people "$P"
chat_sessions "$first" $((first + P - 1))
u="$first +"
t0=$(now)
c0=$(db "SELECT COALESCE(MAX(id), 0) + 1 FROM conversations")
# groups: j < G, 3 + j % 18 people, (7j + 31t) mod P; direct: the pairs
# (a, a + 1 + 17q) with a = d mod P, q = d div P
db "INSERT INTO conversations (id, kind, name, created_by, created_at)
    SELECT $c0 + seq, 'group', CONCAT('Équipe ', seq + 1), $u (seq * 7) % $P, UTC_TIMESTAMP(3) - INTERVAL 400 DAY
    FROM seq_0_to_$((G - 1))"
db "INSERT INTO conversation_members (conversation_id, user_id, added_by, joined_at)
    SELECT $c0 + g.seq, $u (g.seq * 7 + t.seq * 31) % $P, $u (g.seq * 7) % $P, UTC_TIMESTAMP(3) - INTERVAL 400 DAY
    FROM seq_0_to_$((G - 1)) g JOIN seq_0_to_19 t ON t.seq < 3 + g.seq % 18"
pair_a="(seq % $P)"; pair_b="((seq % $P + 1 + (seq DIV $P) * 17) % $P)"
db "INSERT INTO conversations (id, kind, direct_key, created_by, created_at)
    SELECT $c0 + $G + seq, 'direct', CONCAT($u LEAST($pair_a, $pair_b), ':', $u GREATEST($pair_a, $pair_b)),
           $u $pair_a, UTC_TIMESTAMP(3) - INTERVAL 400 DAY
    FROM seq_0_to_$((D - 1))"
db "INSERT INTO conversation_members (conversation_id, user_id, joined_at)
    SELECT $c0 + $G + seq, $u $pair_a, UTC_TIMESTAMP(3) - INTERVAL 400 DAY FROM seq_0_to_$((D - 1))
    UNION ALL
    SELECT $c0 + $G + seq, $u $pair_b, UTC_TIMESTAMP(3) - INTERVAL 400 DAY FROM seq_0_to_$((D - 1))"
chat_authors

# message k (1..M): odd ones in the busy conversations (j < B), even ones
# in the others; seq grows with k in each, and so does the id. Each
# statement's rows go in the table's order (by conversation, then seq):
# each conversation's end is written once a statement, not once a row
m0=$(db "SELECT COALESCE(MAX(id), 0) FROM chat_messages")
body=$(chat_body_sql seq)
for ((a = 1; a <= M; a += CHUNK)); do
  b=$((a + CHUNK - 1)); [ "$b" -le "$M" ] || b=$M
  db "SET SESSION foreign_key_checks = 0, unique_checks = 0;
      INSERT INTO chat_messages (id, conversation_id, seq, author_id, body, body_html, created_at)
      SELECT STRAIGHT_JOIN $m0 + x.k, $c0 + x.j, x.s, au.user_id, x.body, CONCAT('<p>', x.body, '</p>\n'),
             UTC_TIMESTAMP(3) - INTERVAL (($M - x.k) * 3) SECOND
      FROM (SELECT seq AS k,
                   IF(seq % 2 = 1, ((seq - 1) DIV 2) % $B, $B + (seq DIV 2 - 1) % ($C - $B)) AS j,
                   IF(seq % 2 = 1, ((seq - 1) DIV 2) DIV $B, (seq DIV 2 - 1) DIV ($C - $B)) + 1 AS s,
                   $body AS body
            FROM seq_${a}_to_${b}) x
      JOIN bench_authors au ON au.conversation_id = $c0 + x.j AND au.rn = 1 + x.s % au.cnt
      ORDER BY x.j, x.s"
  echo "bench: $b messages ($(since "$t0") s)" >&2
done
chat_finish
t_fill=$(since "$t0")
stored=$(db "SELECT COUNT(*) FROM chat_messages")
[ "$stored" = "$M" ] || { echo "bench: $stored messages stored, not $M" >&2; exit 1; }
echo "bench: $M messages in $C conversations, loaded in $t_fill s" >&2
printf 'fill=%s\n' "$t_fill" >"$stack/history.facts"

# the index, rebuilt as an administrator would
t0=$(now)
"$BUILD/parvis-ctl" reindex - >&2
until [ "$(db 'SELECT COUNT(*) FROM index_queue')" = 0 ]; do sleep 5; done
t_index=$(since "$t0")
rate=$(awk -v n="$M" -v t="$t_index" 'BEGIN { printf "%.0f", n / t }')
echo "bench: indexed in $t_index s ($rate documents/s)" >&2
printf 'fill=%s\nindex=%s\n' "$t_fill" "$t_index" >"$stack/history.facts"
fi
failures=$(db "SELECT COUNT(*) FROM index_failures")
db "FLUSH TABLES" >/dev/null
mdb=$(du -sm "$PARVIS_VAR/db" | cut -f1)
xap=$(du -sm "$PARVIS_VAR/xapian" | cut -f1)
tbl=$(db "SELECT ROUND((data_length + index_length) / 1048576) FROM information_schema.tables
          WHERE table_schema = 'parvis' AND table_name = 'chat_messages'")

# the requests: 2,000 pages of history (a tenth the newest page, the rest
# before a message at a random depth of a random conversation), each asked
# by that message's author; 2,000 searches, 20 queries, each by the
# author of another random message
cookies() { node -e '
  const { createHash } = require("crypto");
  const lines = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean);
  for (const l of lines) { const [u, p] = l.split("\t");
    console.log("parvis_session=" + createHash("sha256").update("bench-" + u).digest("base64url") + "\t" + p); }'; }
sample="FROM seq_1_to_2000 r
    JOIN conversations c ON c.id = $c0 + CRC32(CONCAT(@salt, 'c', r.seq)) % $C
    JOIN chat_messages m ON m.conversation_id = c.id AND m.seq = 1 + CRC32(CONCAT(@salt, 's', r.seq)) % c.last_seq"
db "SET @salt = 'h'; SELECT m.author_id,
           CONCAT('/api/v1/conversations/', c.id, '/messages', IF(r.seq % 10 = 0, '', CONCAT('?before=', m.id)))
    $sample" | cookies >"$stack/history.paths"
queries=(réunion budget facture "devis signature" "réunion demain" "congés vendredi" '"compte rendu"' "planning équipe"
         "chantier retard" rapport "badge parking" "absence lundi" "livraison commande" "dossier urgent"
         "subvention association" "formation sécurité" "séance élus" imprimante "café déjeuner" "relance -facture")
qlist=$(printf '%s\n' "${queries[@]}" | node -e 'console.log(require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean)
  .map((q) => "/api/v1/search?type=message&limit=20&q=" + encodeURIComponent(q)).join("\n"))')
db "SET @salt = 'q'; SELECT m.author_id, r.seq % ${#queries[@]} $sample" \
  | QLIST=$qlist awk -F'\t' 'BEGIN { split(ENVIRON["QLIST"], q, "\n") } { print $1 "\t" q[$2 + 1] }' \
  | cookies >"$stack/search.paths"
# what the queries find, for one person
who=$(head -1 "$stack/search.paths" | cut -f1)
hits=""
for q in "${queries[@]}"; do
  hits+="$(curl -s -H "Cookie: $who" -G --data-urlencode "q=$q" "$PARVIS_URL/api/v1/search?type=message" | jq .total) "
done
echo "bench: the queries' totals for one person: $hits" >&2

measure() {   # paths connections threads
  local out
  out=$(BENCH_PATHS="$stack/$1.paths" wrk -t"$3" -c"$2" -d"$DURATION" -s bench/chat_paths.lua "$PARVIS_URL" | tail -1)
  echo "bench: $1 at $2 connections: $out" >&2
  [ "$(jq .non2xx <<<"$out")" = 0 ] && [ "$(jq .socket_errors <<<"$out")" = 0 ] \
    || { echo "bench: $1: errors" >&2; exit 1; }
  echo "$out"
}
steal0=$(stolen); t_runs=$(now)
BENCH_PATHS="$stack/history.paths" wrk -t2 -c16 -d5s -s bench/chat_paths.lua "$PARVIS_URL" >/dev/null   # warm-up
h1=$(measure history 1 1)
h64=$(measure history 64 2)
BENCH_PATHS="$stack/search.paths" wrk -t1 -c2 -d5s -s bench/chat_paths.lua "$PARVIS_URL" >/dev/null    # warm-up
s1=$(measure search 1 1)
s4=$(measure search 4 2)
steal=$(awk -v a="$steal0" -v b="$(stolen)" -v t="$(since "$t_runs")" 'BEGIN { printf "%.2f", (b - a) / t }')
g() { jq -r ".$2" <<<"$1"; }
hrow() { echo "| $1 | $2 | $(g "$3" rps) | $(g "$3" p50) | $(g "$3" p95) | $(g "$3" p99) | $(g "$3" max) | $4 |"; }

table=$(
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, the release build, MariaDB's buffer pool at $(db "SELECT @@innodb_buffer_pool_size DIV 1048576") MiB, wrk on the same machine ($DURATION a run; each request a random person's, bench/chat_paths.lua): $M messages in $C conversations ($G group conversations of 3 to 20 people, $D direct; half the messages in the $B busiest), $P people."
  echo
  echo "| what | figure |"
  echo "|---|---:|"
  echo "| the fill (bulk INSERT ... SELECT, $CHUNK a statement) | $t_fill s |"
  echo "| the index rebuilt (\`parvis-ctl reindex\`, until the queue is empty) | $t_index s, $rate documents/s, $failures failures |"
  echo "| disk: MariaDB's directory (chat_messages: $tbl MiB, data and indexes) | $mdb MiB |"
  echo "| disk: the Xapian index | $xap MiB |"
  echo "| the 20 queries' totals for one person | $hits|"
  echo "| cores taken by the virtual machine's host during the runs (steal) | $steal of $(nproc) |"
  echo
  echo "| request | connections | requests/s | p50 ms | p95 ms | p99 ms | max ms | target |"
  echo "|---|---:|---:|---:|---:|---:|---:|---|"
  hrow "GET /conversations/{id}/messages?before= (50 messages; random conversations and depths)" 1 "$h1" "p99 ≤ 20 ms"
  hrow "… the same" 64 "$h64" ""
  hrow "GET /search?type=message (20 queries, random people)" 1 "$s1" "p95 ≤ 25 ms"
  hrow "… the same" 4 "$s4" ""
)
bench/table.sh bench:chat-history "$table"
