-- Chat, « Messagerie » (issue #13): conversations, their participants and
-- read state, messages, reactions, attachments, reports.
--
-- Three kinds of conversation: 'direct' (two people, one per pair:
-- direct_key "lo:hi"), 'group' (chosen people, a name, 250 at most) and
-- 'room' (« Discussion du groupe »: one per group, whose participants are
-- the group's members at every moment, so they have no rows as
-- participants; their conversation_members rows only keep the read state).
-- Messages are ordered by seq, the conversation's own counter, taken
-- under the conversation's row lock.

CREATE TABLE conversations (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind          ENUM('direct','group','room') NOT NULL,
  name          VARCHAR(200) NULL,
  direct_key    VARCHAR(48) NULL,
  group_id      BIGINT UNSIGNED NULL,
  created_by    BIGINT UNSIGNED NULL,
  -- who adds and removes participants of a 'group' conversation
  add_policy    ENUM('members','creator') NOT NULL DEFAULT 'members',
  -- a room switched off by the group's managers (its history is kept)
  enabled       TINYINT(1) NOT NULL DEFAULT 1,
  last_seq      BIGINT UNSIGNED NOT NULL DEFAULT 0,
  last_message_id BIGINT UNSIGNED NULL,
  last_activity DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  -- closed by an administrator after a report: readable, nobody writes
  closed_at     DATETIME(3) NULL,
  closed_by     BIGINT UNSIGNED NULL,
  created_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY conversations_direct (direct_key),
  UNIQUE KEY conversations_group (group_id),
  KEY conversations_activity (last_activity, id),
  CONSTRAINT conversations_group_fk FOREIGN KEY (group_id) REFERENCES `groups` (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- The participants of direct and group conversations (participant = 1;
-- 0 once they left or were removed), and everyone's read state, rooms'
-- readers included (participant is not used for rooms).
CREATE TABLE conversation_members (
  conversation_id BIGINT UNSIGNED NOT NULL,
  user_id       BIGINT UNSIGNED NOT NULL,
  participant   TINYINT(1) NOT NULL DEFAULT 1,
  added_by      BIGINT UNSIGNED NULL,
  joined_at     DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  -- the conversation's last seq when they (last) joined, under its row
  -- lock: the messages sent before reach them by the history, not live
  joined_seq    BIGINT UNSIGNED NOT NULL DEFAULT 0,
  left_at       DATETIME(3) NULL,
  last_read_seq BIGINT UNSIGNED NOT NULL DEFAULT 0,
  muted         TINYINT(1) NOT NULL DEFAULT 0,
  PRIMARY KEY (conversation_id, user_id),
  KEY conversation_members_user (user_id, participant, conversation_id),
  CONSTRAINT conversation_members_conv_fk FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE,
  CONSTRAINT conversation_members_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- Stored in the order of their conversation (the primary key): a page of
-- history is one or two pages of the table, not fifty pages among everyone
-- else's messages (bench/RESULTS.md, « Chat »). The id is what refers to a
-- message from elsewhere.
CREATE TABLE chat_messages (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  conversation_id BIGINT UNSIGNED NOT NULL,
  seq           BIGINT UNSIGNED NOT NULL,
  author_id     BIGINT UNSIGNED NULL,
  -- the sender's own id for the message: a retry is stored once
  client_id     VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
  kind          ENUM('text','meeting') NOT NULL DEFAULT 'text',
  body          MEDIUMTEXT NOT NULL,
  body_html     MEDIUMTEXT NOT NULL,
  meeting_url   VARCHAR(500) NULL,
  reply_to      BIGINT UNSIGNED NULL,
  created_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  edited_at     DATETIME(3) NULL,
  -- a deleted message keeps its place (« Message supprimé »), not its text
  deleted_at    DATETIME(3) NULL,
  PRIMARY KEY (conversation_id, seq),
  UNIQUE KEY chat_messages_id (id),
  UNIQUE KEY chat_messages_client (author_id, client_id),
  -- a person's last second of messages (the sending limit)
  KEY chat_messages_author (author_id, created_at),
  KEY chat_messages_age (created_at),
  CONSTRAINT chat_messages_conv_fk FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE,
  CONSTRAINT chat_messages_author_fk FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE chat_mentions (
  message_id    BIGINT UNSIGNED NOT NULL,
  user_id       BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (message_id, user_id),
  CONSTRAINT chat_mentions_message_fk FOREIGN KEY (message_id) REFERENCES chat_messages (id) ON DELETE CASCADE,
  CONSTRAINT chat_mentions_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

CREATE TABLE chat_reactions (
  message_id    BIGINT UNSIGNED NOT NULL,
  user_id       BIGINT UNSIGNED NOT NULL,
  emoji         VARCHAR(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  created_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (message_id, emoji, user_id),
  CONSTRAINT chat_reactions_message_fk FOREIGN KEY (message_id) REFERENCES chat_messages (id) ON DELETE CASCADE,
  CONSTRAINT chat_reactions_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- Files of a conversation: bytes in the blob store (a reference, like a
-- file version's), opened only through the conversation. message_id is
-- NULL between the upload (or the choice in the drive) and the message.
CREATE TABLE chat_attachments (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  conversation_id BIGINT UNSIGNED NOT NULL,
  message_id    BIGINT UNSIGNED NULL,
  uploader_id   BIGINT UNSIGNED NULL,
  name          VARCHAR(255) NOT NULL,
  sha256        CHAR(64) CHARACTER SET ascii NOT NULL,
  size          BIGINT UNSIGNED NOT NULL,
  mime          VARCHAR(127) CHARACTER SET ascii NOT NULL,
  created_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY chat_attachments_message (message_id),
  KEY chat_attachments_pending (conversation_id, message_id),
  KEY chat_attachments_blob (sha256),
  CONSTRAINT chat_attachments_conv_fk FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE,
  CONSTRAINT chat_attachments_blob_fk FOREIGN KEY (sha256) REFERENCES blobs (sha256)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- A conversation reported to the administrators.
CREATE TABLE chat_reports (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  conversation_id BIGINT UNSIGNED NOT NULL,
  reporter_id   BIGINT UNSIGNED NULL,
  reason        VARCHAR(1000) NOT NULL,
  created_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  handled_at    DATETIME(3) NULL,
  handled_by    BIGINT UNSIGNED NULL,
  KEY chat_reports_open (handled_at, id),
  CONSTRAINT chat_reports_conv_fk FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Notifications of chat: a message's notification goes with it.
ALTER TABLE notifications
  ADD COLUMN conversation_id BIGINT UNSIGNED NULL AFTER message_id,
  ADD COLUMN chat_message_id BIGINT UNSIGNED NULL AFTER conversation_id,
  ADD KEY notifications_conversation (conversation_id, user_id),
  ADD CONSTRAINT notifications_conversation_fk FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE,
  ADD CONSTRAINT notifications_chat_message_fk FOREIGN KEY (chat_message_id) REFERENCES chat_messages (id) ON DELETE CASCADE;

-- Administrators' messages were the kind 'message'; that name is chat's now.
ALTER TABLE notifications
  MODIFY target_type ENUM('post','comment','group','file','folder','message','announcement') NOT NULL;
UPDATE notifications SET kind = 'announcement', target_type = 'announcement' WHERE kind = 'message';
UPDATE notification_prefs SET kind = 'announcement' WHERE kind = 'message';
UPDATE mail_queue SET kind = 'announcement' WHERE kind = 'message';

-- chat_retention_days: messages older are deleted (0: kept);
-- video_url: the organisation's Jitsi or BigBlueButton, for « Lancer une visio ».
INSERT INTO settings (k, v) VALUES ('chat_retention_days', '0'), ('video_url', '');
