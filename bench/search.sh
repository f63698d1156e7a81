#!/usr/bin/env bash
# make bench (fifth part), alone by `make bench-search`: full-text search.
#  - indexing throughput: POSTS posts (10,000 accounts, 500 groups, bodies
#    drawn from a French vocabulary) queued at once, timed until the
#    indexer has them all;
#  - query latency for a person in 30 groups over 50 queries, each asked 5
#    times (p50, p95, p99), and the same queries with MariaDB's FULLTEXT
#    (the approach HumHub takes) on the same posts;
#  - index lag under a steady load: while a writer posts 10 posts a second
#    through the API, posts written one after another, each searched for
#    until found (p50, p95).
# Writes its table between the bench:search markers of bench/RESULTS.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
POSTS=${BENCH_SEARCH_POSTS:-1000000}
cd "$ROOT"

# BENCH_SEARCH_KEEP=1 leaves the stack running at the end (its directory is
# printed); BENCH_SEARCH_STACK=DIR measures the queries again on such a
# stack, without loading or indexing anything.
reuse=${BENCH_SEARCH_STACK:-}
if [ -n "$reuse" ]; then
  stack=$reuse
else
  stack=$(mktemp -d /tmp/parvis-bench.XXXXXX)
  [ "${BENCH_SEARCH_KEEP:-0}" = 1 ] || trap 'tests/stack.sh stop "$stack" >/dev/null 2>&1 || true' EXIT
  tests/stack.sh start "$stack" "$BUILD" >/dev/null
fi
set -a; . "$stack/env"; set +a
db() { mariadb --no-defaults --socket="$PARVIS_VAR/run/mysqld.sock" -N -B parvis -e "$1"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

if [ -z "$reuse" ]; then
words="'réunion','budget','conseil','municipal','école','travaux','voirie','culture','festival','bibliothèque',
       'subvention','association','sport','piscine','marché','cantine','transport','jeunesse','crèche','formation',
       'recrutement','planning','congés','sécurité','incendie','élection','vote','rapport','compte','rendu',
       'convocation','séance','délibération','urbanisme','permis','environnement','déchets','tri','énergie','chauffage'"
nw=40
db "INSERT INTO users (email, display_name, password_hash)
    SELECT CONCAT('agent', seq, '@bench.test'), CONCAT('Agent ', seq),
           (SELECT password_hash FROM users WHERE email = '$PARVIS_ADMIN_EMAIL') FROM seq_1_to_10000"
first=$(db "SELECT MIN(id) FROM users WHERE email LIKE 'agent%@bench.test'")
db "INSERT INTO \`groups\` (name, description, visibility, created_by)
    SELECT CONCAT('Groupe ', LPAD(seq, 3, '0')), '', ELT(1 + seq % 3, 'private', 'public', 'secret'), $first FROM seq_1_to_500"
g0=$(db "SELECT MIN(id) FROM \`groups\`")
db "INSERT IGNORE INTO group_members (group_id, user_id) SELECT $g0 + seq * 16, $first FROM seq_0_to_29"
db "INSERT INTO posts (group_id, author_id, title, body, body_html, publish_at)
    SELECT IF(seq % 50 = 0, NULL, $g0 + (seq * 7919) % 500), $first + (seq * 13) % 10000, '',
           CONCAT_WS(' ', 'Note', ELT(1 + seq % $nw, $words), ELT(1 + (seq * 7) % $nw, $words),
                     ELT(1 + (seq * 13) % $nw, $words), ELT(1 + (seq * 31) % $nw, $words), 'numéro', seq),
           '', UTC_TIMESTAMP(3) - INTERVAL ($POSTS - seq) SECOND
    FROM seq_1_to_$POSTS"
echo "bench: $POSTS posts loaded" >&2

# indexing throughput
t0=$(now)
db "INSERT INTO index_queue (entity_type, entity_id) SELECT 'post', id FROM posts"
until [ "$(db 'SELECT COUNT(*) FROM index_queue')" = 0 ]; do sleep 2; done
t_index=$(since "$t0")
rate=$(awk -v n="$POSTS" -v t="$t_index" 'BEGIN { printf "%.0f", n / t }')
size=$(du -sm "$PARVIS_VAR/xapian" | cut -f1)
echo "bench: indexed in $t_index s ($rate posts/s), index $size MiB" >&2
else
  first=$(db "SELECT MIN(id) FROM users WHERE email LIKE 'agent%@bench.test'")
  POSTS=$(db "SELECT COUNT(*) FROM posts WHERE author_id >= $first")
  t_index=-; rate=-; size=$(du -sm "$PARVIS_VAR/xapian" | cut -f1)
fi
[ "${BENCH_SEARCH_KEEP:-0}" = 1 ] && echo "bench: the stack stays at $stack" >&2

# 50 queries: single words, pairs, a phrase, an exclusion
mapfile -t queries < <(node -e '
const w = ["réunion","budget","conseil","municipal","école","travaux","voirie","culture","festival","bibliothèque",
  "subvention","association","sport","piscine","marché","cantine","transport","jeunesse","crèche","formation",
  "recrutement","planning","congés","sécurité","incendie","élection","vote","rapport","compte","rendu"];
const q = [];
for (let i = 0; i < 20; i++) q.push(w[i]);
for (let i = 0; i < 20; i++) q.push(`${w[i]} ${w[(i * 7 + 3) % w.length]}`);
for (let i = 0; i < 5; i++) q.push(`"compte rendu" ${w[i]}`);
for (let i = 0; i < 5; i++) q.push(`${w[i]} -${w[i + 1]}`);
console.log(q.join("\n"));')
[ "${#queries[@]}" -ge 50 ] || { echo "bench: ${#queries[@]} queries" >&2; exit 1; }
csrf=$(curl -s -c "$stack/jar" -H 'Content-Type: application/json' \
  -d "{\"email\":\"agent1@bench.test\",\"password\":\"$PARVIS_ADMIN_PASSWORD\"}" "$PARVIS_URL/api/v1/session" | jq -r .csrf_token)
: >"$stack/lat"
for round in 1 2 3 4 5 6; do
  for q in "${queries[@]}"; do
    t=$(curl -s -o /dev/null -w '%{time_total}' -b "$stack/jar" -G --data-urlencode "q=$q" "$PARVIS_URL/api/v1/search?limit=20")
    [ "$round" -gt 1 ] && echo "$t" >>"$stack/lat"      # the first round warms the caches
  done
done
pct() { sort -n "$1" | awk -v p="$2" '{ a[NR] = $1 } END { i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; printf "%.1f", a[i] * 1000 }'; }
x50=$(pct "$stack/lat" 50); x95=$(pct "$stack/lat" 95); x99=$(pct "$stack/lat" 99)
echo "bench: Xapian p50 $x50 ms, p95 $x95 ms, p99 $x99 ms" >&2

# MariaDB FULLTEXT on the same posts, for the same person's groups
# (BENCH_SEARCH_FULLTEXT=0 leaves it out: a few minutes at a million posts)
f50=-; f95=-; f99=-; t_ft=-
if [ "${BENCH_SEARCH_FULLTEXT:-1}" != 0 ] && [ -z "$reuse" ]; then
t0=$(now)
db "ALTER TABLE posts ADD FULLTEXT INDEX posts_fulltext (body)"
t_ft=$(since "$t0")
groups=$(db "SELECT GROUP_CONCAT(group_id) FROM group_members WHERE user_id = $first")
: >"$stack/ftlat"
# timed inside MariaDB (SHOW PROFILES): the query alone, no client start
for round in 1 2 3 4 5 6; do
  {
    echo "SET profiling = 1; SET profiling_history_size = 100;"
    for q in "${queries[@]}"; do
      b=$(printf '%s' "$q" | sed -E 's/(^| )([^ "-][^ ]*)/\1+\2/g; s/"([^"]*)"/+"\1"/')
      echo "SELECT id FROM posts WHERE MATCH(body) AGAINST ('$b' IN BOOLEAN MODE)
            AND (group_id IS NULL OR FIND_IN_SET(group_id, '$groups'))
            ORDER BY MATCH(body) AGAINST ('$b' IN BOOLEAN MODE) DESC LIMIT 20;"
    done
    echo "SHOW PROFILES;"
  } | mariadb --no-defaults --socket="$PARVIS_VAR/run/mysqld.sock" -N -B parvis >"$stack/ftround"
  [ "$round" -gt 1 ] && awk -F'\t' 'NF >= 3 && $3 ~ /MATCH/ { print $2 }' "$stack/ftround" >>"$stack/ftlat"
done
[ "$(wc -l <"$stack/ftlat")" -ge 200 ] || { echo "bench: FULLTEXT timings missing" >&2; exit 1; }
f50=$(pct "$stack/ftlat" 50); f95=$(pct "$stack/ftlat" 95); f99=$(pct "$stack/ftlat" 99)
echo "bench: FULLTEXT (built in $t_ft s) p50 $f50 ms, p95 $f95 ms, p99 $f99 ms" >&2
fi

# index lag: a post written, then searched for until found
person=$(db "SELECT id FROM users WHERE email = 'agent1@bench.test'")
g=$(db "SELECT group_id FROM group_members WHERE user_id = $person LIMIT 1")
db "UPDATE group_members SET role = 'manager' WHERE user_id = $person AND group_id = $g"
# the steady load: another person's posts, 10 a second, in other groups
csrf2=$(curl -s -c "$stack/jar2" -H 'Content-Type: application/json' \
  -d "{\"email\":\"agent2@bench.test\",\"password\":\"$PARVIS_ADMIN_PASSWORD\"}" "$PARVIS_URL/api/v1/session" | jq -r .csrf_token)
person2=$(db "SELECT id FROM users WHERE email = 'agent2@bench.test'")
db "INSERT IGNORE INTO group_members (group_id, user_id, role) VALUES ($g, $person2, 'manager')"
(
  n=0
  while :; do
    n=$((n + 1))
    curl -s -o /dev/null -b "$stack/jar2" -H "X-CSRF-Token: $csrf2" -H 'Content-Type: application/json' \
      -d "{\"body\":\"Charge continue numéro $n budget réunion\"}" "$PARVIS_URL/api/v1/groups/$g/posts"
    sleep 0.1
  done
) &
writer=$!
trap 'kill "$writer" 2>/dev/null || true; [ -n "$reuse" ] || [ "${BENCH_SEARCH_KEEP:-0}" = 1 ] || tests/stack.sh stop "$stack" >/dev/null 2>&1 || true' EXIT
: >"$stack/lag"
for i in $(seq 1 40); do
  token="lag$i$RANDOM$RANDOM"
  t0=$(now)
  curl -s -o /dev/null -b "$stack/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    -d "{\"body\":\"Retard $token\"}" "$PARVIS_URL/api/v1/groups/$g/posts"
  until curl -s -b "$stack/jar" "$PARVIS_URL/api/v1/search?q=$token" | grep -q '"type":"post"'; do sleep 0.02; done
  awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.6f\n", b - a }' >>"$stack/lag"
  sleep 0.2
done
kill "$writer" 2>/dev/null || true
wait "$writer" 2>/dev/null || true
l50=$(pct "$stack/lag" 50); l95=$(pct "$stack/lag" 95)
echo "bench: lag p50 $l50 ms, p95 $l95 ms" >&2

# a reconciliation of the whole index with MariaDB (make reconcile), timed
# from its queueing to its report in the indexer's log
reports=$(grep -c 'stale scopes repaired' "$PARVIS_VAR/log/indexer.log" || true)
t0=$(now)
"$BUILD/parvis-ctl" reconcile - >/dev/null
until [ "$(grep -c 'stale scopes repaired' "$PARVIS_VAR/log/indexer.log" || true)" -gt "$reports" ]; do sleep 1; done
t_reconcile=$(since "$t0")
echo "bench: reconcile in $t_reconcile s" >&2

table=$(
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, the release build, the stack and its clients sharing them; $POSTS posts (10,000 accounts, 500 groups); the person is in 30 groups."
  echo
  echo "| what | figure |"
  echo "|---|---:|"
  echo "| indexing $POSTS posts (queued at once) | $t_index s, $rate posts/s, index $size MiB |"
  echo "| query latency, Parvis (HTTP, scopes, MariaDB check), 50 queries × 5 | p50 $x50 ms, p95 $x95 ms, p99 $x99 ms |"
  echo "| the same queries with MariaDB FULLTEXT, timed inside MariaDB (no HTTP, no check), index built in $t_ft s | p50 $f50 ms, p95 $f95 ms, p99 $f99 ms |"
  echo "| index lag, post written to found (40 posts, while another person posts 10 a second) | p50 $l50 ms, p95 $l95 ms |"
  echo "| a reconciliation of the index with MariaDB (every document's scopes and every entity compared) | $t_reconcile s |"
)
# only a whole measurement goes into RESULTS.md
if [ -n "$reuse" ] || [ "$f50" = - ]; then echo "$table"; else bench/table.sh bench:search "$table"; fi
