-- Events (« Agenda », docs/events.md): an event of a group or of the
-- organisation (group_id NULL), its invitees, the answers with their
-- waiting list, the reminders already sent, and each person's private
-- calendar subscription token.
--
-- Times: a timed event keeps its start and end as UTC instants (start_at,
-- end_at) and the IANA zone it was written in (tz): the occurrences of a
-- recurring event are computed in that zone's local time, so a weekly
-- 10:00 stays 10:00 across a daylight-saving change. An all-day event
-- keeps its dates (start_date, end_date exclusive); start_at/end_at are
-- then the local midnights, for the agenda's range queries. last_end_at
-- is the end of the last occurrence (a rule always ends: COUNT or UNTIL,
-- at most 1,000 occurrences), so a window query needs no expansion to
-- know which events may have an occurrence in it.
CREATE TABLE events (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  group_id         BIGINT UNSIGNED NULL,
  organizer_id     BIGINT UNSIGNED NOT NULL,
  title            VARCHAR(200) NOT NULL,
  description      TEXT NOT NULL,
  description_html MEDIUMTEXT NOT NULL,
  all_day          TINYINT(1) NOT NULL DEFAULT 0,
  tz               VARCHAR(64) CHARACTER SET ascii NOT NULL DEFAULT 'Europe/Paris',
  start_at         DATETIME NOT NULL,
  end_at           DATETIME NOT NULL,
  start_date       DATE NULL,
  end_date         DATE NULL,
  last_end_at      DATETIME NOT NULL,
  rrule            VARCHAR(64) CHARACTER SET ascii NULL,
  place            VARCHAR(300) NULL,
  url              VARCHAR(1000) NULL,
  capacity         INT UNSIGNED NULL,
  deadline         DATETIME NULL,
  status           ENUM('confirmed','cancelled') NOT NULL DEFAULT 'confirmed',
  sequence         INT UNSIGNED NOT NULL DEFAULT 0,
  reminder_minutes INT UNSIGNED NOT NULL DEFAULT 1440,
  invite_group     TINYINT(1) NOT NULL DEFAULT 1,
  -- answers, kept with each answer in the same transaction
  yes_count        INT UNSIGNED NOT NULL DEFAULT 0,
  no_count         INT UNSIGNED NOT NULL DEFAULT 0,
  maybe_count      INT UNSIGNED NOT NULL DEFAULT 0,
  waiting_count    INT UNSIGNED NOT NULL DEFAULT 0,
  created_at       DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at       DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY events_group_window (group_id, last_end_at, start_at),
  KEY events_reminders (status, last_end_at),
  CONSTRAINT events_group_fk FOREIGN KEY (group_id) REFERENCES `groups` (id) ON DELETE CASCADE,
  CONSTRAINT events_organizer_fk FOREIGN KEY (organizer_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- People invited by name (besides, or instead of, the whole group).
CREATE TABLE event_invitees (
  event_id      BIGINT UNSIGNED NOT NULL,
  user_id       BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (event_id, user_id),
  KEY event_invitees_user (user_id, event_id),
  CONSTRAINT event_invitees_event_fk FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE,
  CONSTRAINT event_invitees_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- One answer per person and event (for every occurrence of a series).
-- waiting: a « yes » beyond the capacity, on the waiting list in the
-- order of answered_at.
CREATE TABLE event_answers (
  event_id      BIGINT UNSIGNED NOT NULL,
  user_id       BIGINT UNSIGNED NOT NULL,
  answer        ENUM('yes','no','maybe') NOT NULL,
  comment       VARCHAR(500) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci NOT NULL DEFAULT '',
  waiting       TINYINT(1) NOT NULL DEFAULT 0,
  answered_at   DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (event_id, user_id),
  KEY event_answers_waiting (event_id, waiting, answered_at),
  KEY event_answers_user (user_id),
  CONSTRAINT event_answers_event_fk FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE,
  CONSTRAINT event_answers_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

CREATE TABLE event_attachments (
  event_id      BIGINT UNSIGNED NOT NULL,
  node_id       BIGINT UNSIGNED NOT NULL,
  position      INT UNSIGNED NOT NULL,
  PRIMARY KEY (event_id, node_id),
  CONSTRAINT event_attachments_event_fk FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE,
  CONSTRAINT event_attachments_node_fk FOREIGN KEY (node_id) REFERENCES drive_nodes (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- The organiser's message to those who have not answered (« Relancer »):
-- the notify_queue row points at it.
CREATE TABLE event_messages (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event_id      BIGINT UNSIGNED NOT NULL,
  author_id     BIGINT UNSIGNED NOT NULL,
  body          VARCHAR(1000) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci NOT NULL DEFAULT '',
  created_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY event_messages_event (event_id),
  CONSTRAINT event_messages_event_fk FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- The reminders sent: one per person and occurrence (its start), so a
-- notifier run again never reminds twice.
CREATE TABLE event_reminders (
  event_id      BIGINT UNSIGNED NOT NULL,
  occurrence_at DATETIME NOT NULL,
  user_id       BIGINT UNSIGNED NOT NULL,
  sent_at       DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (event_id, occurrence_at, user_id),
  CONSTRAINT event_reminders_event_fk FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE,
  CONSTRAINT event_reminders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- The private calendar subscription: the SHA-256 of the token in the URL
-- (the token itself is never stored: it is the HMAC, under the server
-- secret, of the person's id and a random nonce, so that « Mon agenda »
-- can show the address again while a copy of the database alone gives no
-- working address). One per person; renewing replaces it.
CREATE TABLE calendar_tokens (
  user_id       BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  token_hash    BINARY(32) NOT NULL,
  nonce         CHAR(22) NOT NULL,
  created_at    DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY calendar_tokens_hash (token_hash),
  CONSTRAINT calendar_tokens_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- Notifications of events point at the event.
ALTER TABLE notifications
  MODIFY target_type ENUM('post','comment','group','file','folder','message','announcement','report','event') NOT NULL;
