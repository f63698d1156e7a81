-- Statistics (docs/statistics.md) and the indexes of « Administration ›
-- Journal ». Statistics are daily aggregates: a count per day, metric and
-- dimension, never a person. Two tables hold what is needed to make them:
-- the people seen each day (kept 31 days, to count the distinct active
-- people of a week and of a month, then deleted) and the searches that
-- found nothing (their folded text, no person; kept 90 days).

-- metric: signins, searches (counted as they happen); posts, comments,
-- reactions, files (counted from those tables' created_at); active,
-- active_week, active_month (distinct people seen that day, that ISO week
-- up to that day, that month up to that day) and accounts (active
-- accounts). dim_kind 'all' (dim_value ''), 'department' and 'site' (the
-- person's, as they are when counted) and 'group' (the group's id).
CREATE TABLE stats_daily (
  day           DATE NOT NULL,
  metric        VARCHAR(16) CHARACTER SET ascii NOT NULL,
  dim_kind      ENUM('all','department','site','group') NOT NULL,
  dim_value     VARCHAR(100) NOT NULL DEFAULT '',
  n             BIGINT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (dim_kind, day, metric, dim_value)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Who was seen on which day: a row per person and day, written at most
-- once a day per session by the workers. Deleted after 31 days (and with
-- the account).
CREATE TABLE stats_presence (
  day           DATE NOT NULL,
  user_id       BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (day, user_id),
  KEY stats_presence_user (user_id),
  CONSTRAINT stats_presence_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- Searches that found nothing: the folded query (lower case, no accents)
-- and how many times that day. No person. Deleted after 90 days.
CREATE TABLE stats_search_misses (
  day           DATE NOT NULL,
  query         VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  n             INT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (day, query)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The days whose aggregates are final (computed by parvis-notifier once
-- the day is over); the days after the last one are computed again when
-- the statistics are asked for.
CREATE TABLE stats_days_closed (
  day           DATE NOT NULL PRIMARY KEY,
  closed_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- What the open days were last counted from (a fingerprint of the
-- tables counted): the counting is not done again while it is the same.
CREATE TABLE stats_state (
  k             VARCHAR(32) NOT NULL PRIMARY KEY,
  v             VARCHAR(255) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- A day's content, by its creation time.
ALTER TABLE posts ADD KEY posts_created (created_at);
ALTER TABLE comments ADD KEY comments_created (created_at);
ALTER TABLE reactions ADD KEY reactions_created (created_at);
ALTER TABLE drive_nodes ADD KEY drive_nodes_created (kind, created_at);

-- The journal's filters, newest first.
ALTER TABLE audit_log
  ADD KEY audit_at (at, id),
  ADD KEY audit_actor (actor_id, at, id),
  ADD KEY audit_action (action, at, id);
