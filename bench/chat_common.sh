# Shared by the chat benchmarks (sourced by bench/chat_live.sh,
# chat_load.sh, chat_history.sh): a private stack with the production's
# chat timings, accounts and their sessions written directly.

# A private stack in a new directory, stopped and removed on exit. The
# test stack mails a chat notification after 4 s and runs the retention
# every 2 s (tests/stack.sh); a benchmark runs with the production's 15
# minutes and hour. The people are a thousand machines, here one address:
# nginx's connections per address (256) are raised.
chat_stack_start() {   # build
  stack=$(mktemp -d /tmp/parvis-bench.XXXXXX)
  # BENCH_KEEP=1: left running for further measures (stop it with
  # tests/stack.sh stop DIR)
  if [ -n "${BENCH_KEEP:-}" ]; then trap 'echo "bench: the stack is left running in $stack" >&2' EXIT
  else trap 'tests/stack.sh stop "$stack" >/dev/null 2>&1; rm -rf "$stack"' EXIT; fi
  # MariaDB's cache and the priorities as in production (empty: the
  # defaults, a quarter of the memory, workers_nice 5, background_nice 10)
  # unless set
  PARVIS_CHAT_MAIL_DELAY_SECONDS=900 PARVIS_CHAT_RETENTION_SECONDS=3600 PARVIS_CONN_PER_ADDRESS=8192 \
    PARVIS_DB_BUFFER_POOL=${PARVIS_DB_BUFFER_POOL:-} PARVIS_WORKERS_NICE=${PARVIS_WORKERS_NICE:-} \
    PARVIS_BACKGROUND_NICE=${PARVIS_BACKGROUND_NICE:-} tests/stack.sh start "$stack" "$1" >/dev/null
  set -a; . "$stack/env"; set +a
}

db() { mariadb --no-defaults --socket="$PARVIS_VAR/run/mysqld.sock" -N -B parvis -e "$1"; }
now() { date +%s.%N; }
# the CPU time the virtual machine's host took (/proc/stat's steal, in
# seconds): a run during which it took much measures the host, not Parvis
stolen() { awk '/^cpu / { printf "%.1f", $9 / 100 }' /proc/stat; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# N accounts agent1..agentN (the administrator's password, copied); sets
# first, the id of agent1. Ids are consecutive (one INSERT ... SELECT).
chat_people() {   # n
  db "INSERT INTO users (email, display_name, password_hash)
      SELECT CONCAT('agent', seq, '@bench.test'), CONCAT('Agent ', seq),
             (SELECT password_hash FROM users WHERE email = '$PARVIS_ADMIN_EMAIL') FROM seq_1_to_$1"
  first=$(db "SELECT MIN(id) FROM users WHERE email LIKE 'agent%@bench.test'")
}

# A session for each account from..to whose cookie the clients derive
# (bench/chat_sse.mjs cookieOf: signing in a thousand times would measure
# the password hash).
chat_sessions() {   # from to
  db "INSERT INTO sessions (token_hash, user_id, expires_at)
      SELECT UNHEX(SHA2(UNHEX(SHA2(CONCAT('bench-', id), 256)), 256)), id, UTC_TIMESTAMP() + INTERVAL 1 DAY
      FROM users WHERE id BETWEEN $1 AND $2"
}

# A figure of the JSON the measuring client printed: f live.p95_ms
chat_f() { node -e "const j=JSON.parse(process.argv[1]); const v=eval('j.' + process.argv[2]); console.log(v ?? '-')" "$json" "$1"; }

# The vocabulary of the messages' bodies (and of the search's queries):
# an office's chat, in French.
CHAT_WORDS=(bonjour merci réunion demain dossier budget planning congés rapport compte rendu
  mairie conseil école cantine travaux voirie piscine marché transport crèche formation
  recrutement sécurité élection urbanisme permis déchets énergie chauffage facture devis
  commande livraison contrat convention subvention association festival bibliothèque
  culture sport jeunesse salle bureau téléphone courriel agenda semaine lundi mardi
  mercredi jeudi vendredi matin midi soir projet équipe service direction élus maire
  adjoint délibération séance ordre jour note tableau chiffres relance signature
  validation urgent rappel question réponse accord avis retour document version
  présentation diaporama imprimante badge parking véhicule clé accueil public usagers
  dossiers courrier archives inventaire stock fournitures ménage entretien chantier
  retard absence malade remplacement astreinte week-end vacances pont café déjeuner)
# the words as a SQL list for ELT()
chat_words_sql() { printf "'%s'," "${CHAT_WORDS[@]}" | sed 's/,$//'; }

# A message's body as a SQL expression of the number K (an expression):
# 4 to 11 words of the vocabulary, drawn by CRC32, so that every word is
# in a few percent of the messages.
chat_body_sql() {   # k-expression
  local w nw=${#CHAT_WORDS[@]} out="CONCAT_WS(' '"
  w=$(chat_words_sql)
  for t in 1 2 3 4 5 6 7 8 9 10 11; do
    local pick="ELT(1 + CRC32(CONCAT($1, '.$t')) % $nw, $w)"
    if [ "$t" -le 4 ]; then out+=", $pick"; else out+=", IF(($1) % 8 >= $((t - 4)), $pick, NULL)"; fi
  done
  echo "$out)"
}

# bench_authors: who writes a conversation's message of seq s, its
# participants in turn (the member whose rank is 1 + s % count); a
# helper table, dropped by chat_finish.
chat_authors() {
  db "DROP TABLE IF EXISTS bench_authors;
      CREATE TABLE bench_authors (conversation_id BIGINT UNSIGNED NOT NULL, rn INT NOT NULL, cnt INT NOT NULL,
                                  user_id BIGINT UNSIGNED NOT NULL, PRIMARY KEY (conversation_id, rn)) ENGINE=InnoDB;
      INSERT INTO bench_authors
      SELECT conversation_id, ROW_NUMBER() OVER (PARTITION BY conversation_id ORDER BY user_id),
             COUNT(*) OVER (PARTITION BY conversation_id), user_id FROM conversation_members"
}

# The counters the API keeps, made true to the messages written: each
# conversation's last seq, last message and activity; everyone has read
# everything. (A message's id grows with its seq: MAX(id) is the last
# one, read from the index on (conversation_id, seq) alone.)
chat_finish() {
  db "DROP TABLE IF EXISTS bench_authors;
      UPDATE conversations c JOIN (SELECT conversation_id, MAX(seq) s, MAX(id) mid
                                   FROM chat_messages GROUP BY conversation_id) x ON x.conversation_id = c.id
      SET c.last_seq = x.s, c.last_message_id = x.mid;
      UPDATE conversations c JOIN chat_messages m ON m.id = c.last_message_id SET c.last_activity = m.created_at;
      UPDATE conversation_members m JOIN conversations c ON c.id = m.conversation_id SET m.last_read_seq = c.last_seq;
      ANALYZE TABLE conversations, conversation_members, chat_messages" >/dev/null
}
