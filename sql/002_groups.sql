-- Profiles, platform settings, groups, memberships, join requests and
-- membership rules. Who may do what is decided in fcgi/acl.c from these facts.

ALTER TABLE users
  ADD COLUMN job_title  VARCHAR(100) NOT NULL DEFAULT '' AFTER display_name,
  ADD COLUMN department VARCHAR(100) NOT NULL DEFAULT '' AFTER job_title,
  ADD COLUMN site       VARCHAR(100) NOT NULL DEFAULT '' AFTER department,
  ADD COLUMN phone      VARCHAR(40)  NOT NULL DEFAULT '' AFTER site,
  ADD COLUMN bio        VARCHAR(1000) NOT NULL DEFAULT '' AFTER phone,
  ADD KEY users_department (department),
  ADD KEY users_site (site);

-- Platform settings an administrator changes at run time.
CREATE TABLE settings (
  k             VARCHAR(64) NOT NULL PRIMARY KEY,
  v             VARCHAR(1000) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
INSERT INTO settings (k, v) VALUES ('group_creation', 'everyone');

CREATE TABLE `groups` (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  -- unique whatever the accents and case (the collation compares so)
  name          VARCHAR(80) NOT NULL,
  description   VARCHAR(2000) NOT NULL DEFAULT '',
  visibility    ENUM('public','private','secret') NOT NULL,
  posting       ENUM('members','managers') NOT NULL DEFAULT 'members',
  archived      TINYINT(1) NOT NULL DEFAULT 0,
  is_default    TINYINT(1) NOT NULL DEFAULT 0,
  -- kept in the same transaction as every membership change, so that the
  -- directory never counts rows
  member_count  INT UNSIGNED NOT NULL DEFAULT 0,
  created_by    BIGINT UNSIGNED NULL,
  created_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  UNIQUE KEY groups_name (name),
  KEY groups_default (is_default)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- source says how the person came: by hand (invited, joined, approved),
-- as a default group of a new account, or by a rule on their profile.
-- Rules only ever remove members they added.
CREATE TABLE group_members (
  group_id       BIGINT UNSIGNED NOT NULL,
  user_id        BIGINT UNSIGNED NOT NULL,
  role           ENUM('member','manager') NOT NULL DEFAULT 'member',
  drive_manager  TINYINT(1) NOT NULL DEFAULT 0,
  feed_moderator TINYINT(1) NOT NULL DEFAULT 0,
  source         ENUM('manual','default','rule') NOT NULL DEFAULT 'manual',
  joined_at      DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (group_id, user_id),
  KEY group_members_user (user_id, group_id),
  KEY group_members_role (group_id, role),
  CONSTRAINT group_members_group_fk FOREIGN KEY (group_id) REFERENCES `groups` (id) ON DELETE CASCADE,
  CONSTRAINT group_members_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

CREATE TABLE group_requests (
  group_id      BIGINT UNSIGNED NOT NULL,
  user_id       BIGINT UNSIGNED NOT NULL,
  created_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (group_id, user_id),
  KEY group_requests_user (user_id),
  CONSTRAINT group_requests_group_fk FOREIGN KEY (group_id) REFERENCES `groups` (id) ON DELETE CASCADE,
  CONSTRAINT group_requests_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- Membership rules: the group's members include every active account whose
-- profile attribute equals the value (accents and case ignored).
CREATE TABLE group_rules (
  group_id      BIGINT UNSIGNED NOT NULL,
  attribute     ENUM('department','site') NOT NULL,
  value         VARCHAR(100) NOT NULL,
  PRIMARY KEY (group_id, attribute, value),
  KEY group_rules_match (attribute, value),
  CONSTRAINT group_rules_group_fk FOREIGN KEY (group_id) REFERENCES `groups` (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
