-- Convocations (docs/convocations.md): a formal summons to a meeting of a
-- group — a must-read post, an event of the group, an agenda and links
-- to documents of the group's drive — sent to each recipient as a bell
-- notification and always as an e-mail, with the delivery record kept per
-- recipient and per version, timestamped by the server: queued, the
-- relay's answer, opened in Parvis, confirmed (« J'ai lu ») in the app or
-- by the e-mail's link, and the answer to the meeting (event_answers).
CREATE TABLE convocations (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  group_id      BIGINT UNSIGNED NOT NULL,
  -- the must-read post; NULL once the post is deleted (the record stays)
  post_id       BIGINT UNSIGNED NULL,
  event_id      BIGINT UNSIGNED NOT NULL,
  author_id     BIGINT UNSIGNED NOT NULL,
  version       INT UNSIGNED NOT NULL DEFAULT 1,       -- the current one
  agenda        MEDIUMTEXT NOT NULL,                   -- Markdown, « ordre du jour »
  agenda_html   MEDIUMTEXT NOT NULL,
  attachments   VARCHAR(400) CHARACTER SET ascii NOT NULL DEFAULT '[]',   -- drive file ids, JSON
  reminders     VARCHAR(64) CHARACTER SET ascii NOT NULL DEFAULT '[]',    -- delays in days, JSON
  created_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY convocations_post (post_id),
  UNIQUE KEY convocations_event (event_id),
  KEY convocations_group (group_id),
  CONSTRAINT convocations_group_fk FOREIGN KEY (group_id) REFERENCES `groups` (id) ON DELETE CASCADE,
  CONSTRAINT convocations_post_fk FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE SET NULL,
  CONSTRAINT convocations_event_fk FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE,
  CONSTRAINT convocations_author_fk FOREIGN KEY (author_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Each version as it was sent: what the recipients were told.
CREATE TABLE convocation_versions (
  convocation_id BIGINT UNSIGNED NOT NULL,
  version       INT UNSIGNED NOT NULL,
  author_id     BIGINT UNSIGNED NOT NULL,
  title         VARCHAR(200) NOT NULL,
  start_at      DATETIME NOT NULL,
  tz            VARCHAR(64) CHARACTER SET ascii NOT NULL,
  all_day       TINYINT(1) NOT NULL DEFAULT 0,
  place         VARCHAR(300) NULL,
  agenda        MEDIUMTEXT NOT NULL,
  attachments   VARCHAR(400) CHARACTER SET ascii NOT NULL DEFAULT '[]',
  sent_at       DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (convocation_id, version),
  CONSTRAINT convocation_versions_fk FOREIGN KEY (convocation_id) REFERENCES convocations (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- The record: one row per convocation, version and recipient. queued_at:
-- the e-mail queued (sent); mail_id: that mail; relay_*: the relay's
-- answer to it, copied here by the mail sender (mail_queue rows go after
-- 30 days, the proof stays); opened_at: the first GET by the recipient;
-- confirmed_at/via: « J'ai lu » in the app or by the e-mail's link.
CREATE TABLE convocation_receipts (
  convocation_id BIGINT UNSIGNED NOT NULL,
  version       INT UNSIGNED NOT NULL,
  user_id       BIGINT UNSIGNED NOT NULL,
  queued_at     DATETIME(3) NULL,
  mail_id       BIGINT UNSIGNED NULL,
  relay_status  ENUM('pending','accepted','refused') NOT NULL DEFAULT 'pending',
  relay_reply   VARCHAR(300) NOT NULL DEFAULT '',
  relay_at      DATETIME(3) NULL,
  opened_at     DATETIME(3) NULL,
  confirmed_at  DATETIME(3) NULL,
  confirmed_via ENUM('app','mail') NULL,
  reminders_sent INT UNSIGNED NOT NULL DEFAULT 0,
  last_reminded_at DATETIME(3) NULL,
  PRIMARY KEY (convocation_id, version, user_id),
  KEY convocation_receipts_user (user_id),
  KEY convocation_receipts_mail (mail_id),
  CONSTRAINT convocation_receipts_conv_fk FOREIGN KEY (convocation_id, version)
    REFERENCES convocation_versions (convocation_id, version) ON DELETE CASCADE,
  CONSTRAINT convocation_receipts_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- The e-mails' receipt links: only the SHA-256 of each random 32-byte
-- token is kept (the token itself exists in clear only in the e-mail).
-- One per mail (the convocation, each reminder): every link works.
CREATE TABLE convocation_tokens (
  token_hash    BINARY(32) NOT NULL PRIMARY KEY,
  convocation_id BIGINT UNSIGNED NOT NULL,
  version       INT UNSIGNED NOT NULL,
  user_id       BIGINT UNSIGNED NOT NULL,
  created_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY convocation_tokens_receipt (convocation_id, version, user_id),
  CONSTRAINT convocation_tokens_receipt_fk FOREIGN KEY (convocation_id, version, user_id)
    REFERENCES convocation_receipts (convocation_id, version, user_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- The reminders sent at the chosen delays: one per recipient, version and
-- delay, so that a notifier run again never sends one twice.
CREATE TABLE convocation_reminders (
  convocation_id BIGINT UNSIGNED NOT NULL,
  version       INT UNSIGNED NOT NULL,
  user_id       BIGINT UNSIGNED NOT NULL,
  days          INT UNSIGNED NOT NULL,             -- 0: « Relancer » (queue_seq: its queue row)
  queue_seq     BIGINT UNSIGNED NOT NULL DEFAULT 0,
  sent_at       DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (convocation_id, version, user_id, days, queue_seq),
  CONSTRAINT convocation_reminders_fk FOREIGN KEY (convocation_id, version, user_id)
    REFERENCES convocation_receipts (convocation_id, version, user_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
