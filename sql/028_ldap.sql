-- Directory sync (LDAP / Active Directory, docs/ldap.md). The settings
-- themselves are rows of the table settings (keys ldap_*; the bind
-- password sealed with the platform secret like the mail relay's).

-- A membership an LDAP group gave (ldap_group_map): the sync adds and
-- removes only these; a manager's hand makes it 'manual' and it stays.
ALTER TABLE group_members
  MODIFY source ENUM('manual','default','rule','ldap') NOT NULL DEFAULT 'manual';

-- The accounts that come from the directory: the entry's DN (how the sync
-- finds the person again, and how a sign-in binds as them), the manager
-- named by the entry, and whether the sync itself disabled the account
-- (the only ones it enables again when the entry comes back).
CREATE TABLE ldap_accounts (
  user_id        BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  dn             VARCHAR(700) NOT NULL,
  manager_id     BIGINT UNSIGNED NULL,
  sync_disabled  TINYINT(1) NOT NULL DEFAULT 0,
  synced_at      DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY ldap_accounts_dn (dn),
  KEY ldap_accounts_manager (manager_id),
  CONSTRAINT ldap_accounts_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT ldap_accounts_manager_fk FOREIGN KEY (manager_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- LDAP groups whose members are members of a Parvis group (source 'ldap').
CREATE TABLE ldap_group_map (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  group_dn       VARCHAR(700) NOT NULL,
  group_id       BIGINT UNSIGNED NOT NULL,
  UNIQUE KEY ldap_group_map_pair (group_dn, group_id),
  KEY ldap_group_map_group (group_id),
  CONSTRAINT ldap_group_map_group_fk FOREIGN KEY (group_id) REFERENCES `groups` (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- The runs: asked (« Synchroniser maintenant ») or scheduled, done by
-- parvis-notifier's housekeeping child (or parvis-ctl ldap-sync); the last
-- ones shown in Administration. errors: a JSON array of the first 100
-- [{"dn","reason"}].
CREATE TABLE ldap_runs (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  status         ENUM('queued','running','done','failed','refused') NOT NULL DEFAULT 'queued',
  trigger_kind   ENUM('manual','schedule','ctl') NOT NULL DEFAULT 'manual',
  requested_by   BIGINT UNSIGNED NULL,
  force_disable  TINYINT(1) NOT NULL DEFAULT 0,
  requested_at   DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  started_at     DATETIME(3) NULL,
  finished_at    DATETIME(3) NULL,
  entries        INT UNSIGNED NOT NULL DEFAULT 0,
  created        INT UNSIGNED NOT NULL DEFAULT 0,
  updated        INT UNSIGNED NOT NULL DEFAULT 0,
  disabled       INT UNSIGNED NOT NULL DEFAULT 0,
  enabled        INT UNSIGNED NOT NULL DEFAULT 0,
  unchanged      INT UNSIGNED NOT NULL DEFAULT 0,
  skipped        INT UNSIGNED NOT NULL DEFAULT 0,
  members_added  INT UNSIGNED NOT NULL DEFAULT 0,
  members_removed INT UNSIGNED NOT NULL DEFAULT 0,
  duration_ms    INT UNSIGNED NOT NULL DEFAULT 0,
  message        VARCHAR(1000) NOT NULL DEFAULT '',
  errors         MEDIUMTEXT NULL,
  KEY ldap_runs_status (status, id),
  KEY ldap_runs_finished (finished_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

INSERT INTO settings (k, v) VALUES
  ('ldap_enabled', '0'), ('ldap_bind_auth', '0'), ('ldap_uri', ''), ('ldap_starttls', '0'),
  ('ldap_ca_file', ''), ('ldap_bind_dn', ''), ('ldap_bind_password', ''), ('ldap_base_dn', ''),
  ('ldap_filter', '(objectClass=inetOrgPerson)'), ('ldap_attr_email', 'mail'),
  ('ldap_attr_name', 'displayName'), ('ldap_attr_job', 'title'), ('ldap_attr_department', 'departmentNumber'),
  ('ldap_attr_site', 'l'), ('ldap_attr_phone', 'telephoneNumber'), ('ldap_attr_manager', 'manager'),
  ('ldap_group_member_attr', 'member'), ('ldap_interval_minutes', '60'), ('ldap_max_disable_percent', '10');
