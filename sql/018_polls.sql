-- Polls on posts (docs/polls.md): one poll per post at most, created by the
-- post's author. The options' counts are kept beside the options, updated
-- in the transaction of each vote, so that showing a poll never walks its
-- ballots.
CREATE TABLE polls (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  post_id       BIGINT UNSIGNED NOT NULL,
  question      VARCHAR(300) NOT NULL,
  max_choices   TINYINT UNSIGNED NOT NULL DEFAULT 1,     -- 1: single choice
  allow_other   TINYINT(1) NOT NULL DEFAULT 0,           -- « Autre » free answer
  anonymous     TINYINT(1) NOT NULL DEFAULT 0,
  results       ENUM('always','after_vote','after_close') NOT NULL DEFAULT 'always',
  closes_at     DATETIME NULL,
  closed_at     DATETIME NULL,                           -- closed by hand
  voters        INT UNSIGNED NOT NULL DEFAULT 0,
  other_count   INT UNSIGNED NOT NULL DEFAULT 0,
  created_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY polls_post (post_id),
  CONSTRAINT polls_post_fk FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE poll_options (
  poll_id       BIGINT UNSIGNED NOT NULL,
  idx           TINYINT UNSIGNED NOT NULL,               -- 0..29, the order shown
  label         VARCHAR(200) NOT NULL,
  votes         INT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (poll_id, idx),
  CONSTRAINT poll_options_poll_fk FOREIGN KEY (poll_id) REFERENCES polls (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- One ballot per person and poll, found again under an opaque key:
-- HMAC-SHA-256(poll key, poll id || user id), the poll key derived from
-- the server secret (a file outside the database). No time, no sequence:
-- the rows are kept in the order of their random keys. user_id is set for
-- named polls only; an anonymous poll's ballots never hold it, and no
-- other table says who took part.
CREATE TABLE poll_ballots (
  poll_id       BIGINT UNSIGNED NOT NULL,
  ballot_key    BINARY(32) NOT NULL,
  user_id       BIGINT UNSIGNED NULL,                    -- named polls only
  choices       INT UNSIGNED NOT NULL DEFAULT 0,         -- bit i: option idx i
  other         VARCHAR(200) NULL,
  PRIMARY KEY (poll_id, ballot_key),
  KEY poll_ballots_user (user_id),
  CONSTRAINT poll_ballots_poll_fk FOREIGN KEY (poll_id) REFERENCES polls (id) ON DELETE CASCADE,
  CONSTRAINT poll_ballots_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
