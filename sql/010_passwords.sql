-- Password reset links (docs/passwords.md). A row per link mailed: only
-- the SHA-256 of its token is kept (the token itself is in the mail only),
-- like sessions. A link works once, for an hour, while the account is
-- active: using it, any change of the password and disabling the account
-- delete the account's rows. The rows of the last reset_window also count
-- the mails sent to an account (at most reset_max_account).
CREATE TABLE password_resets (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  token_hash    BINARY(32) NOT NULL,
  user_id       BIGINT UNSIGNED NOT NULL,
  created_at    DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  expires_at    DATETIME NOT NULL,
  UNIQUE KEY password_resets_token (token_hash),
  KEY password_resets_user (user_id, created_at),
  KEY password_resets_expiry (expires_at),
  CONSTRAINT password_resets_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Reset requests per address ('reset', k: the address), counted as
-- sign-in failures are, over reset_window.
ALTER TABLE login_throttle
  MODIFY kind ENUM('account','address','pair','known','reset') NOT NULL;
