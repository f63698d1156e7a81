-- Single sign-on with OpenID Connect (docs/sso.md).
--
-- oidc_states: a sign-in started at the provider (GET /auth/oidc/login),
-- kept server-side until its callback: the SHA-256 of `state`, the nonce
-- and the PKCE verifier. One use (deleted by the callback), ten minutes.
-- In memory (no write to disk, no fsync on the sign-in's path): a restart
-- of MariaDB only makes the sign-ins under way start again.
CREATE TABLE oidc_states (
  state_hash    BINARY(32) NOT NULL PRIMARY KEY,
  nonce         VARCHAR(64) CHARACTER SET ascii NOT NULL,   -- base64url: ~200 bytes a row
  verifier      VARCHAR(64) CHARACTER SET ascii NOT NULL,
  created_at    DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  expires_at    DATETIME NOT NULL,
  KEY oidc_states_expires (expires_at) USING BTREE
) ENGINE=MEMORY DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The person at the provider: its issuer and subject (`sub`), what links
-- a sign-in to the account after the first one (GDPR: the only thing kept
-- from the provider besides the mapped claims written in the profile; the
-- last sign-in is users.last_sign_in_at, as for a password's).
CREATE TABLE oidc_identities (
  user_id       BIGINT UNSIGNED NOT NULL,
  issuer        VARCHAR(255) NOT NULL,
  subject       VARCHAR(255) NOT NULL,
  created_at    DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (issuer, subject),
  KEY oidc_identities_user (user_id),
  CONSTRAINT oidc_identities_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A session opened through the provider: its ID token, the hint of the
-- sign-out at the provider (RP-initiated logout); gone with the session.
CREATE TABLE oidc_sessions (
  session_id    BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  id_token      TEXT NOT NULL,
  CONSTRAINT oidc_sessions_session_fk FOREIGN KEY (session_id) REFERENCES sessions (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT INTO settings (k, v) VALUES
  ('oidc_enabled', '0'), ('oidc_label', ''), ('oidc_issuer', ''), ('oidc_client_id', ''),
  ('oidc_client_secret', ''), ('oidc_client_auth', 'client_secret_basic'),
  ('oidc_scopes', 'openid email profile'), ('oidc_claim_email', 'email'),
  ('oidc_claim_name', 'name'), ('oidc_claim_department', ''), ('oidc_claim_site', ''),
  ('oidc_create_accounts', '1'), ('oidc_match_email', '1'), ('oidc_acr_values', ''),
  ('oidc_claims', ''), ('oidc_userinfo', 'none'), ('oidc_logout', '0'),
  ('passwords_off', '0'), ('breakglass_email', '');
