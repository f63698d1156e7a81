-- « Veille » (docs/feeds.md): RSS and Atom feeds a group's managers add;
-- parvis-feeds fetches each every 15 minutes (conditional GET) and
-- publishes every new item once in the group, as a post by the feed's
-- connector account. And the private Atom feed of a person's home feed.

CREATE TABLE feeds (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  group_id        BIGINT UNSIGNED NOT NULL,
  url             VARCHAR(2000) NOT NULL,
  url_hash        BINARY(32) NOT NULL,             -- SHA-256 of url: one feed per address and group
  title           VARCHAR(200) NOT NULL DEFAULT '', -- the feed's own, from its last document
  site_url        VARCHAR(2000) NOT NULL DEFAULT '',
  -- the account its posts are by: named after the feed, disabled, no
  -- password (it never signs in); kept when the feed is removed, for its posts
  connector_id    BIGINT UNSIGNED NOT NULL,
  added_by        BIGINT UNSIGNED NULL,
  etag            VARCHAR(255) NOT NULL DEFAULT '', -- the validators of the last answer
  last_modified   VARCHAR(64) NOT NULL DEFAULT '',
  last_fetch_at   DATETIME NULL,
  last_ok_at      DATETIME NULL,
  last_status     SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  last_error      VARCHAR(300) NOT NULL DEFAULT '', -- why the last fetch failed, '' when it did not
  failures        INT UNSIGNED NOT NULL DEFAULT 0,  -- in a row: the back-off doubles with each
  next_fetch_at   DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  primed          TINYINT(1) NOT NULL DEFAULT 0,    -- its first document was read
  items_published INT UNSIGNED NOT NULL DEFAULT 0,
  created_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY feeds_group_url (group_id, url_hash),
  KEY feeds_due (next_fetch_at),
  CONSTRAINT feeds_group_fk FOREIGN KEY (group_id) REFERENCES `groups` (id) ON DELETE CASCADE,
  CONSTRAINT feeds_connector_fk FOREIGN KEY (connector_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT feeds_added_by_fk FOREIGN KEY (added_by) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Every item seen, per group: the SHA-256 of the feed's address and the
-- item's guid or id (else its link, else its title). Written in the same
-- transaction as the item's post, and kept when the feed is removed: an
-- item is published once, across polls, a crash's replay and the same
-- feed added again.
CREATE TABLE feed_items (
  group_id        BIGINT UNSIGNED NOT NULL,
  item_key        BINARY(32) NOT NULL,
  feed_id         BIGINT UNSIGNED NULL,
  post_id         BIGINT UNSIGNED NULL,             -- NULL: seen, not published (older than the first ones)
  seen_at         DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (group_id, item_key),
  KEY feed_items_feed (feed_id),
  KEY feed_items_post (post_id),
  CONSTRAINT feed_items_group_fk FOREIGN KEY (group_id) REFERENCES `groups` (id) ON DELETE CASCADE,
  CONSTRAINT feed_items_feed_fk FOREIGN KEY (feed_id) REFERENCES feeds (id) ON DELETE SET NULL,
  CONSTRAINT feed_items_post_fk FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- A person's private Atom feed of their home feed: as calendar_tokens (the
-- token is the HMAC of the person and a nonce; only its SHA-256 and the
-- nonce are kept). Revoking deletes the row.
CREATE TABLE atom_tokens (
  user_id         BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  token_hash      BINARY(32) NOT NULL,
  nonce           CHAR(22) NOT NULL,
  created_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY atom_tokens_hash (token_hash),
  CONSTRAINT atom_tokens_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- The hosts outgoing requests (feeds, webhooks) may reach although they
-- are internal: addresses, CIDR ranges or names (lib/net_guard.h). Empty:
-- none.
INSERT IGNORE INTO settings (k, v) VALUES ('outgoing_allow', '');
