-- API tokens and incoming webhooks (docs/api_tokens.md).
--
-- Two kinds of account that never sign in with a password (their
-- password_hash is "!", which no password matches): 'service', named by an
-- administrator for the tokens of a tool (Administration › Jetons de
-- service), and 'connector', one per incoming webhook, the author its
-- posts are shown under. Membership rules apply to 'staff' only.
ALTER TABLE users MODIFY kind ENUM('staff','guest','service','connector') NOT NULL DEFAULT 'staff';

-- Personal and service tokens: only the SHA-256 of the secret is kept
-- (the secret is shown once), with its first characters to recognise it
-- in a list. A revoked token is deleted.
CREATE TABLE api_tokens (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id       BIGINT UNSIGNED NOT NULL,          -- whose powers it carries
  name          VARCHAR(100) NOT NULL,
  token_hash    BINARY(32) NOT NULL,               -- SHA-256 of the whole token
  prefix        VARCHAR(16) NOT NULL,              -- "pvt_" and 6 characters, for lists
  scopes        SET('read','write','admin') NOT NULL,
  created_by    BIGINT UNSIGNED NULL,              -- the administrator, for service tokens
  created_at    DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  expires_at    DATETIME NULL,                     -- NULL: never
  last_used_at  DATETIME NULL,                     -- written at most once a minute
  UNIQUE KEY api_tokens_hash (token_hash),
  KEY api_tokens_user (user_id, id),
  CONSTRAINT api_tokens_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT api_tokens_creator_fk FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Incoming webhooks: an address with a secret that publishes in a group
-- under its connector account. Only the secret's SHA-256 is kept.
CREATE TABLE incoming_webhooks (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  group_id      BIGINT UNSIGNED NOT NULL,
  account_id    BIGINT UNSIGNED NOT NULL,          -- users.kind = 'connector'
  name          VARCHAR(100) NOT NULL,
  secret_hash   BINARY(32) NOT NULL,
  created_by    BIGINT UNSIGNED NULL,
  created_at    DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  last_used_at  DATETIME NULL,
  posts         INT UNSIGNED NOT NULL DEFAULT 0,   -- published so far
  UNIQUE KEY incoming_webhooks_secret (secret_hash),
  KEY incoming_webhooks_group (group_id, id),
  CONSTRAINT incoming_webhooks_group_fk FOREIGN KEY (group_id) REFERENCES `groups` (id) ON DELETE CASCADE,
  CONSTRAINT incoming_webhooks_account_fk FOREIGN KEY (account_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT incoming_webhooks_creator_fk FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
