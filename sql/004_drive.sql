-- Drives: one per person and one per group, made of folders and files
-- (nodes); each file has versions whose bytes live once per content in the
-- blob store (var/blobs, named by SHA-256); a trash; shares of personal
-- files and folders with named people; attachments of files to posts.

CREATE TABLE drives (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  owner_id        BIGINT UNSIGNED NULL UNIQUE,     -- a person's drive
  group_id        BIGINT UNSIGNED NULL UNIQUE,     -- or a group's
  root_id         BIGINT UNSIGNED NULL,            -- its root folder (set once created)
  quota_bytes     BIGINT UNSIGNED NULL,            -- NULL: the platform's default
  -- the bytes of every version of every file, trash included, kept in the
  -- same transaction as the rows
  used_bytes      BIGINT UNSIGNED NOT NULL DEFAULT 0,
  created_at      DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  CONSTRAINT drives_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT drives_group_fk FOREIGN KEY (group_id) REFERENCES `groups` (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- Folders and files. A node in the trash keeps its parent (where it is
-- restored to); trash_root marks the one that was deleted, which the trash
-- lists, its descendants going and coming back with it.
CREATE TABLE drive_nodes (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  drive_id        BIGINT UNSIGNED NOT NULL,
  parent_id       BIGINT UNSIGNED NULL,            -- NULL: the drive's root
  kind            ENUM('folder','file') NOT NULL,
  name            VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  version         INT UNSIGNED NOT NULL DEFAULT 0, -- a file's current version
  size            BIGINT UNSIGNED NOT NULL DEFAULT 0,
  mime            VARCHAR(127) NOT NULL DEFAULT '',
  created_by      BIGINT UNSIGNED NULL,
  updated_by      BIGINT UNSIGNED NULL,
  created_at      DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at      DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  trashed_at      DATETIME(3) NULL,
  trashed_by      BIGINT UNSIGNED NULL,
  trash_root      TINYINT(1) NOT NULL DEFAULT 0,
  -- names are unique among the live children of a folder only
  live_name       VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin
                  AS (IF(trashed_at IS NULL, name, NULL)) PERSISTENT,
  UNIQUE KEY drive_nodes_live_name (parent_id, live_name),
  -- a folder's files in each order the listing offers (then by id)
  KEY drive_nodes_listing (parent_id, kind, trashed_at, name),
  KEY drive_nodes_by_date (parent_id, kind, trashed_at, updated_at),
  KEY drive_nodes_by_size (parent_id, kind, trashed_at, size),
  KEY drive_nodes_trash (drive_id, trash_root, trashed_at),
  CONSTRAINT drive_nodes_drive_fk FOREIGN KEY (drive_id) REFERENCES drives (id) ON DELETE CASCADE,
  CONSTRAINT drive_nodes_parent_fk FOREIGN KEY (parent_id) REFERENCES drive_nodes (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- The bytes, once per content; refs counts the versions that use them,
-- and a blob without refs is removed from the disk, then from here.
CREATE TABLE blobs (
  sha256          CHAR(64) NOT NULL PRIMARY KEY,
  size            BIGINT UNSIGNED NOT NULL,
  mime            VARCHAR(127) NOT NULL,
  refs            INT UNSIGNED NOT NULL DEFAULT 0,
  created_at      DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

CREATE TABLE file_versions (
  node_id         BIGINT UNSIGNED NOT NULL,
  version         INT UNSIGNED NOT NULL,
  sha256          CHAR(64) NOT NULL,
  size            BIGINT UNSIGNED NOT NULL,
  mime            VARCHAR(127) NOT NULL,
  created_by      BIGINT UNSIGNED NULL,
  created_at      DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (node_id, version),
  KEY file_versions_blob (sha256),
  CONSTRAINT file_versions_node_fk FOREIGN KEY (node_id) REFERENCES drive_nodes (id) ON DELETE CASCADE,
  CONSTRAINT file_versions_blob_fk FOREIGN KEY (sha256) REFERENCES blobs (sha256)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- A file or folder of a personal drive shared with a person.
CREATE TABLE drive_shares (
  node_id         BIGINT UNSIGNED NOT NULL,
  user_id         BIGINT UNSIGNED NOT NULL,
  can_edit        TINYINT(1) NOT NULL DEFAULT 0,
  created_by      BIGINT UNSIGNED NOT NULL,
  created_at      DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (node_id, user_id),
  KEY drive_shares_user (user_id, created_at),
  CONSTRAINT drive_shares_node_fk FOREIGN KEY (node_id) REFERENCES drive_nodes (id) ON DELETE CASCADE,
  CONSTRAINT drive_shares_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- "Récents": what a person uploaded, renamed, moved or opened lately.
CREATE TABLE drive_recent (
  user_id         BIGINT UNSIGNED NOT NULL,
  node_id         BIGINT UNSIGNED NOT NULL,
  touched_at      DATETIME(3) NOT NULL,
  PRIMARY KEY (user_id, node_id),
  KEY drive_recent_time (user_id, touched_at),
  CONSTRAINT drive_recent_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT drive_recent_node_fk FOREIGN KEY (node_id) REFERENCES drive_nodes (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

CREATE TABLE post_attachments (
  post_id         BIGINT UNSIGNED NOT NULL,
  node_id         BIGINT UNSIGNED NOT NULL,
  position        SMALLINT UNSIGNED NOT NULL,
  PRIMARY KEY (post_id, node_id),
  KEY post_attachments_node (node_id),
  CONSTRAINT post_attachments_post_fk FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE,
  CONSTRAINT post_attachments_node_fk FOREIGN KEY (node_id) REFERENCES drive_nodes (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- Files whose text the indexer could not read (indexed by name only), and
-- why: for administrators.
CREATE TABLE index_failures (
  node_id         BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  reason          VARCHAR(255) NOT NULL,
  at              DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  CONSTRAINT index_failures_node_fk FOREIGN KEY (node_id) REFERENCES drive_nodes (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Quotas in MiB (0: none) and the trash's retention in days.
INSERT INTO settings (k, v) VALUES ('drive_quota_person_mb', '2048'), ('drive_quota_group_mb', '10240'),
  ('trash_days', '30');
