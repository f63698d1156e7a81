# The feed benchmark's platform, loaded by bulk INSERT ... SELECT from
# MariaDB's sequence tables (deterministic): sourced by bench/feed.sh and
# bench/backup.sh once the stack's environment is read. Needs db().

# 10,000 accounts (the administrator's password, copied), 500 groups; each
# account in about 15 groups; the person (the first account) in 30.
# Sets first (the person's id) and g0 (the first group's id).
load_people() {
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
}

# posts from+1 .. to: one in fifty is news; one minute apart, post NEWEST
# a minute ago
load_posts() {   # from to newest
  db "INSERT INTO posts (group_id, author_id, title, body, body_html, publish_at, created_at,
                         comment_count, r_like, r_bravo)
      SELECT IF(seq % 50 = 0, NULL, $g0 + (seq * 7919) % 500), $first + (seq * 13) % 10000,
             IF(seq % 50 = 0, CONCAT('Actualité ', seq), ''),
             CONCAT('Publication numéro ', seq, ' pour le service, avec #reunion et quelques mots de plus.'),
             CONCAT('<p>Publication numéro ', seq, ' pour le service, avec <a class=\"hashtag\" href=\"/tags/reunion\">#reunion</a> et quelques mots de plus.</p>\n'),
             UTC_TIMESTAMP(3) - INTERVAL ($3 - seq) MINUTE - INTERVAL 1 MINUTE,
             UTC_TIMESTAMP(3) - INTERVAL ($3 - seq) MINUTE - INTERVAL 1 MINUTE, 3, 1, seq % 2
      FROM seq_$(($1 + 1))_to_$2"
  db "INSERT INTO comments (post_id, author_id, body, body_html, created_at)
      SELECT p.id, $first + (p.id * 17 + k.seq) % 10000, CONCAT('Commentaire ', k.seq, ' sur ', p.id),
             CONCAT('<p>Commentaire ', k.seq, ' sur ', p.id, '</p>\n'), p.publish_at
      FROM posts p JOIN seq_1_to_3 k WHERE p.id > (SELECT COALESCE(MAX(post_id), 0) FROM comments)"
  db "INSERT IGNORE INTO reactions (target_type, target_id, user_id, kind)
      SELECT 'post', p.id, $first + (p.id * 31) % 10000, 'like' FROM posts p
      WHERE p.id > (SELECT COALESCE(MAX(target_id), 0) FROM reactions WHERE target_type = 'post')"
}
