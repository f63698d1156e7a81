-- Notifications, following, e-mail (issue #12).
--
-- A change that notifies writes a notify_queue row in its own transaction
-- (the outbox, as index_queue for the indexer). parvis-notifier takes the
-- rows in order, decides the recipients, writes the notifications, the
-- mails to send and the queue row's deletion in one transaction, then
-- publishes to nchan: a replayed row can never notify twice.

-- A group's default level for its members, and the must-read reminder
-- (days after publication; 0: none).
ALTER TABLE `groups`
  ADD COLUMN follow_default ENUM('all','essential','none') NOT NULL DEFAULT 'essential' AFTER posting,
  ADD COLUMN must_read_reminder_days TINYINT UNSIGNED NOT NULL DEFAULT 3 AFTER follow_default;

CREATE TABLE notify_queue (
  seq           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event         VARCHAR(24) NOT NULL,             -- post, comment, reaction, file, share...
  object_id     BIGINT UNSIGNED NOT NULL,         -- the post, comment, node, group...
  actor_id      BIGINT UNSIGNED NULL,             -- who did it
  subject_id    BIGINT UNSIGNED NULL,             -- the person it is about (share, request...)
  detail        VARCHAR(32) NOT NULL DEFAULT '',  -- 'approved', 'manager', a reaction's kind...
  -- a scheduled post notifies when it comes out
  not_before    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  created_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY notify_queue_due (not_before, seq)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- One row per person and grouping key: « Alice et 3 autres ont commenté »
-- is one row that a new event updates (and makes unread again).
CREATE TABLE notifications (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id       BIGINT UNSIGNED NOT NULL,
  kind          VARCHAR(16) NOT NULL,
  gkey          VARCHAR(64) NOT NULL,             -- 'comment:P', 'post:G:hour'...
  target_type   ENUM('post','comment','group','file','folder','message') NOT NULL,
  target_id     BIGINT UNSIGNED NOT NULL,
  -- what the notification's visibility depends on; deleting them deletes it
  post_id       BIGINT UNSIGNED NULL,
  group_id      BIGINT UNSIGNED NULL,
  node_id       BIGINT UNSIGNED NULL,
  message_id    BIGINT UNSIGNED NULL,
  detail        VARCHAR(32) NOT NULL DEFAULT '',
  -- the distinct actors since it was last read, newest first (10 at most),
  -- their number, and the number of events
  actors        VARCHAR(400) NOT NULL DEFAULT '[]',
  actor_count   INT UNSIGNED NOT NULL DEFAULT 0,
  event_count   INT UNSIGNED NOT NULL DEFAULT 0,
  created_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  read_at       DATETIME(3) NULL,
  -- e-mail: the person's choice for this kind when it was last written
  -- ('immediate' waits for the notifier's next mail pass), or 'sent'
  mail_state    ENUM('immediate','daily','weekly','never','sent') NOT NULL DEFAULT 'never',
  UNIQUE KEY notifications_key (user_id, gkey),
  KEY notifications_list (user_id, updated_at, id),
  KEY notifications_unread (user_id, read_at),
  KEY notifications_post (post_id),
  KEY notifications_group (group_id, user_id),
  KEY notifications_node (node_id),
  KEY notifications_mail (mail_state, user_id),
  CONSTRAINT notifications_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT notifications_post_fk FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE,
  CONSTRAINT notifications_group_fk FOREIGN KEY (group_id) REFERENCES `groups` (id) ON DELETE CASCADE,
  CONSTRAINT notifications_node_fk FOREIGN KEY (node_id) REFERENCES drive_nodes (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- A person's level in a group, when they chose one (else the group's default).
CREATE TABLE group_follows (
  user_id       BIGINT UNSIGNED NOT NULL,
  group_id      BIGINT UNSIGNED NOT NULL,
  level         ENUM('all','essential','none') NOT NULL,
  PRIMARY KEY (user_id, group_id),
  KEY group_follows_group (group_id, level),
  CONSTRAINT group_follows_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT group_follows_group_fk FOREIGN KEY (group_id) REFERENCES `groups` (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- Posts followed (their author and commenters by default) or muted.
CREATE TABLE post_follows (
  post_id       BIGINT UNSIGNED NOT NULL,
  user_id       BIGINT UNSIGNED NOT NULL,
  state         ENUM('follow','mute') NOT NULL,
  PRIMARY KEY (post_id, user_id),
  KEY post_follows_user (user_id),
  CONSTRAINT post_follows_post_fk FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE,
  CONSTRAINT post_follows_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- Folders (of a drive) followed: a file added or a new version below notifies.
CREATE TABLE folder_follows (
  node_id       BIGINT UNSIGNED NOT NULL,
  user_id       BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (node_id, user_id),
  KEY folder_follows_user (user_id),
  CONSTRAINT folder_follows_node_fk FOREIGN KEY (node_id) REFERENCES drive_nodes (id) ON DELETE CASCADE,
  CONSTRAINT folder_follows_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- A person's e-mail choice per kind, when it differs from the default.
CREATE TABLE notification_prefs (
  user_id       BIGINT UNSIGNED NOT NULL,
  kind          VARCHAR(16) NOT NULL,
  email         ENUM('immediate','daily','weekly','never') NOT NULL,
  PRIMARY KEY (user_id, kind),
  CONSTRAINT notification_prefs_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- When each person's last daily and weekly digests were built.
CREATE TABLE digest_state (
  user_id       BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  daily_at      DATETIME(3) NULL,
  weekly_at     DATETIME(3) NULL,
  CONSTRAINT digest_state_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- Administrators' messages to every account.
CREATE TABLE admin_messages (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  author_id     BIGINT UNSIGNED NULL,
  title         VARCHAR(200) NOT NULL,
  body          TEXT NOT NULL,
  created_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- The mails to send: written whole (both parts, headers) by the notifier,
-- sent by it to the relay (or into var/mail/ without one). state 'sending'
-- is written and committed before the relay is spoken to, 'sent' after
-- its answer; see docs/notifications.md for the case that remains.
CREATE TABLE mail_queue (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id       BIGINT UNSIGNED NULL,
  kind          VARCHAR(16) NOT NULL,             -- a notification kind, 'digest', 'test'
  to_addr       VARCHAR(254) NOT NULL,
  subject       VARCHAR(300) NOT NULL,
  message_id    VARCHAR(200) NOT NULL,
  message       MEDIUMTEXT NOT NULL,              -- the whole RFC 5322 message, CRLF
  state         ENUM('waiting','sending','sent','failed') NOT NULL DEFAULT 'waiting',
  attempts      INT UNSIGNED NOT NULL DEFAULT 0,
  last_error    VARCHAR(500) NOT NULL DEFAULT '',
  next_attempt  DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  created_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  sent_at       DATETIME(3) NULL,
  UNIQUE KEY mail_queue_message_id (message_id),
  KEY mail_queue_due (state, next_attempt),
  KEY mail_queue_list (state, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

INSERT INTO settings (k, v) VALUES
  ('mail_relay', ''), ('mail_starttls', '1'), ('mail_username', ''), ('mail_password', ''),
  ('mail_from_address', ''), ('mail_from_name', 'Parvis'),
  ('quiet_start', '21:00'), ('quiet_end', '07:00'), ('digest_hour', '7');
