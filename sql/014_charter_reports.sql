-- The charter (« Charte d'utilisation ») and the reports of content
-- (« Signaler ») with their moderation queue (docs/moderation.md).

-- Every published version of the charter, never changed afterwards. The
-- newest one is in force unless it was withdrawn (withdrawn_at): then no
-- acceptance is asked until a new version is published.
CREATE TABLE charters (
  version       INT UNSIGNED NOT NULL PRIMARY KEY,
  body          MEDIUMTEXT NOT NULL,                -- Markdown as written
  body_html     MEDIUMTEXT NOT NULL,                -- rendered once, safe
  published_by  BIGINT UNSIGNED NULL,
  published_at  DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  withdrawn_at  DATETIME(3) NULL,
  CONSTRAINT charters_by_fk FOREIGN KEY (published_by) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Who accepted which version, and when (exported as CSV for the
-- administrators; erased with the account).
CREATE TABLE charter_acceptances (
  user_id       BIGINT UNSIGNED NOT NULL,
  version       INT UNSIGNED NOT NULL,
  accepted_at   DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (user_id, version),
  KEY charter_acceptances_version (version, accepted_at),
  CONSTRAINT charter_acceptances_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT charter_acceptances_version_fk FOREIGN KEY (version) REFERENCES charters (version) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- A reported content: one row per content (post, comment or drive file)
-- while it waits for a decision, whatever the number of reports on it;
-- closed by the moderator's decision, with their answer. A content
-- reported again after a decision opens a new case.
CREATE TABLE report_cases (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  target_type   ENUM('post','comment','file') NOT NULL,
  target_id     BIGINT UNSIGNED NOT NULL,
  group_id      BIGINT UNSIGNED NULL,                -- NULL: the news, or a personal drive
  author_id     BIGINT UNSIGNED NULL,                -- who wrote or added the content
  excerpt       VARCHAR(300) NOT NULL DEFAULT '',    -- what the content said when first reported
  status        ENUM('open','closed') NOT NULL DEFAULT 'open',
  -- open: 1 while open, NULL once closed (so the unique key holds only
  -- one open case per content)
  open_key      TINYINT(1) NULL DEFAULT 1,
  report_count  INT UNSIGNED NOT NULL DEFAULT 0,
  decision      ENUM('keep','hide','delete') NULL,
  answer        VARCHAR(1000) NOT NULL DEFAULT '',
  decided_by    BIGINT UNSIGNED NULL,
  decided_at    DATETIME(3) NULL,
  created_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY report_cases_open (target_type, target_id, open_key),
  KEY report_cases_status (status, updated_at, id),
  KEY report_cases_group (group_id, status),
  CONSTRAINT report_cases_decided_fk FOREIGN KEY (decided_by) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT report_cases_author_fk FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Each report: who, why. A person reports a content once per case.
CREATE TABLE reports (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id       BIGINT UNSIGNED NOT NULL,
  reporter_id   BIGINT UNSIGNED NOT NULL,
  reason        ENUM('spam','harassment','inappropriate','confidential','other') NOT NULL,
  comment       VARCHAR(1000) NOT NULL DEFAULT '',
  created_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY reports_once (case_id, reporter_id),
  KEY reports_reporter (reporter_id),
  CONSTRAINT reports_case_fk FOREIGN KEY (case_id) REFERENCES report_cases (id) ON DELETE CASCADE,
  CONSTRAINT reports_reporter_fk FOREIGN KEY (reporter_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- A comment hidden by a moderator: shown only to its author and the
-- post's moderators, left out of search. (A hidden post is withdrawn:
-- its unpublish_at is set, which every feed and the search respect.)
ALTER TABLE comments ADD COLUMN hidden_at DATETIME(3) NULL AFTER edited_at;

-- The notifications of a report (to the moderators) and of its outcome
-- (to the reporters) point at the report case.
ALTER TABLE notifications
  MODIFY target_type ENUM('post','comment','group','file','folder','message','announcement','report') NOT NULL;
