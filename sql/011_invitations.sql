-- Invitations by e-mail (docs/invitations.md). A row per address invited:
-- only the SHA-256 of its link's token is kept (the token is in the mail
-- only), NULL until parvis-notifier mails the link and again once the
-- invitation is accepted or revoked. A new link (re-sending) replaces the
-- hash: the old link dies. An invitation is « expired » when it is still
-- pending past expires_at (14 days after it was last sent).
CREATE TABLE invitations (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email         VARCHAR(254) NOT NULL,             -- lower-cased
  token_hash    BINARY(32) NULL,
  status        ENUM('pending','accepted','revoked') NOT NULL DEFAULT 'pending',
  role          ENUM('user','admin') NOT NULL DEFAULT 'user',
  guest         TINYINT(1) NOT NULL DEFAULT 0,      -- kept for the guest accounts
  account_expires DATE NULL,                        -- the guest account's end, if any
  locale        ENUM('fr','en') NOT NULL DEFAULT 'fr', -- the mail's language
  invited_by    BIGINT UNSIGNED NULL,
  created_at    DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  sent_at       DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  expires_at    DATETIME NOT NULL,
  accepted_at   DATETIME NULL,
  user_id       BIGINT UNSIGNED NULL,               -- the account it became
  UNIQUE KEY invitations_token (token_hash),
  KEY invitations_email (email, status),
  KEY invitations_status (status, id),
  CONSTRAINT invitations_by_fk FOREIGN KEY (invited_by) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT invitations_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- The groups the invited person joins on accepting.
CREATE TABLE invitation_groups (
  invitation_id BIGINT UNSIGNED NOT NULL,
  group_id      BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (invitation_id, group_id),
  CONSTRAINT invitation_groups_inv_fk FOREIGN KEY (invitation_id) REFERENCES invitations (id) ON DELETE CASCADE,
  CONSTRAINT invitation_groups_group_fk FOREIGN KEY (group_id) REFERENCES `groups` (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
