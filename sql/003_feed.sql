-- The feed: posts in groups and in the organisation's news, comments with
-- one level of replies, reactions, mentions, hashtags, must-read receipts.

-- Communication editors publish in the organisation-wide news.
ALTER TABLE users ADD COLUMN comm_editor TINYINT(1) NOT NULL DEFAULT 0 AFTER role;

CREATE TABLE posts (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  group_id        BIGINT UNSIGNED NULL,            -- NULL: the organisation's news
  author_id       BIGINT UNSIGNED NOT NULL,
  title           VARCHAR(200) NOT NULL DEFAULT '',
  body            MEDIUMTEXT NOT NULL,             -- Markdown as written
  body_html       MEDIUMTEXT NOT NULL,             -- rendered once, safe
  must_read       TINYINT(1) NOT NULL DEFAULT 0,
  featured        TINYINT(1) NOT NULL DEFAULT 0,   -- « À la une » on the portal
  pinned          TINYINT(1) NOT NULL DEFAULT 0,
  comments_closed TINYINT(1) NOT NULL DEFAULT 0,
  -- counts kept in the same transaction as the rows they count, so that a
  -- feed page never counts
  comment_count   INT UNSIGNED NOT NULL DEFAULT 0,
  r_like          INT UNSIGNED NOT NULL DEFAULT 0,
  r_bravo         INT UNSIGNED NOT NULL DEFAULT 0,
  r_merci         INT UNSIGNED NOT NULL DEFAULT 0,
  r_idee          INT UNSIGNED NOT NULL DEFAULT 0,
  r_soutien       INT UNSIGNED NOT NULL DEFAULT 0,
  publish_at      DATETIME(3) NOT NULL,
  unpublish_at    DATETIME(3) NULL,
  edited_at       DATETIME(3) NULL,
  created_at      DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY posts_group_time (group_id, publish_at, id),
  KEY posts_time (publish_at, id, group_id),
  -- the portal's sections: few posts each, found without walking the others
  KEY posts_must_read (must_read, publish_at, id),
  KEY posts_featured (featured, publish_at, id),
  KEY posts_author (author_id),
  CONSTRAINT posts_group_fk FOREIGN KEY (group_id) REFERENCES `groups` (id) ON DELETE CASCADE,
  CONSTRAINT posts_author_fk FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Earlier versions of edited posts and comments, for moderators.
CREATE TABLE post_versions (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  post_id         BIGINT UNSIGNED NULL,
  comment_id      BIGINT UNSIGNED NULL,
  title           VARCHAR(200) NOT NULL DEFAULT '',
  body            MEDIUMTEXT NOT NULL,
  edited_by       BIGINT UNSIGNED NULL,
  replaced_at     DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY post_versions_post (post_id, id),
  KEY post_versions_comment (comment_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE comments (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  post_id         BIGINT UNSIGNED NOT NULL,
  parent_id       BIGINT UNSIGNED NULL,            -- one level of replies
  author_id       BIGINT UNSIGNED NOT NULL,
  body            TEXT NOT NULL,
  body_html       MEDIUMTEXT NOT NULL,
  r_like          INT UNSIGNED NOT NULL DEFAULT 0,
  r_bravo         INT UNSIGNED NOT NULL DEFAULT 0,
  r_merci         INT UNSIGNED NOT NULL DEFAULT 0,
  r_idee          INT UNSIGNED NOT NULL DEFAULT 0,
  r_soutien       INT UNSIGNED NOT NULL DEFAULT 0,
  edited_at       DATETIME(3) NULL,
  created_at      DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY comments_post (post_id, id),
  CONSTRAINT comments_post_fk FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE,
  CONSTRAINT comments_parent_fk FOREIGN KEY (parent_id) REFERENCES comments (id) ON DELETE CASCADE,
  CONSTRAINT comments_author_fk FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE reactions (
  target_type     ENUM('post','comment') NOT NULL,
  target_id       BIGINT UNSIGNED NOT NULL,
  user_id         BIGINT UNSIGNED NOT NULL,
  kind            ENUM('like','bravo','merci','idee','soutien') NOT NULL,
  created_at      DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (target_type, target_id, user_id),
  KEY reactions_user (user_id),
  CONSTRAINT reactions_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- People mentioned in a post or a comment (a mention never gives access).
CREATE TABLE mentions (
  post_id         BIGINT UNSIGNED NOT NULL,
  comment_id      BIGINT UNSIGNED NOT NULL DEFAULT 0,
  user_id         BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (post_id, comment_id, user_id),
  KEY mentions_user (user_id, post_id),
  CONSTRAINT mentions_post_fk FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE,
  CONSTRAINT mentions_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

CREATE TABLE post_tags (
  post_id         BIGINT UNSIGNED NOT NULL,
  tag             VARCHAR(64) NOT NULL,            -- folded: no accents, lower case
  PRIMARY KEY (post_id, tag),
  KEY post_tags_tag (tag, post_id),
  CONSTRAINT post_tags_post_fk FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- « J'ai lu »: who confirmed a must-read post, and when.
CREATE TABLE post_reads (
  post_id         BIGINT UNSIGNED NOT NULL,
  user_id         BIGINT UNSIGNED NOT NULL,
  read_at         DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (post_id, user_id),
  KEY post_reads_user (user_id, post_id),
  CONSTRAINT post_reads_post_fk FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE,
  CONSTRAINT post_reads_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- When a person last opened a group's feed: the portal counts what is new.
CREATE TABLE group_visits (
  user_id         BIGINT UNSIGNED NOT NULL,
  group_id        BIGINT UNSIGNED NOT NULL,
  visited_at      DATETIME(3) NOT NULL,
  PRIMARY KEY (user_id, group_id),
  CONSTRAINT group_visits_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT group_visits_group_fk FOREIGN KEY (group_id) REFERENCES `groups` (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

INSERT INTO settings (k, v) VALUES ('organisation_name', 'Parvis'), ('logo_url', '/img/logo.svg'), ('quick_links', '[]');
