-- GDPR self-service and retention (docs/gdpr.md).
-- « Mes données »: a person's data export, built in the background by
-- parvis-notifier (its housekeeping child takes the 'queued' rows: the row
-- is the outbox, written with the request's audit row), kept 7 days under
-- <var>/exports/<id>.zip, served by nginx (X-Accel-Redirect) to its owner
-- only. One row per person at most (a new request replaces a finished one).
CREATE TABLE data_exports (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id       BIGINT UNSIGNED NOT NULL,
  state         ENUM('queued','building','ready','failed') NOT NULL DEFAULT 'queued',
  size          BIGINT UNSIGNED NOT NULL DEFAULT 0,
  files         INT UNSIGNED NOT NULL DEFAULT 0,
  created_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  ready_at      DATETIME(3) NULL,
  expires_at    DATETIME(3) NULL,
  UNIQUE KEY data_exports_user (user_id),
  KEY data_exports_state (state, id),
  KEY data_exports_expiry (expires_at),
  CONSTRAINT data_exports_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- Inactive accounts (retention setting inactive_disable_months): the last
-- sign-in (sessions are deleted at sign-out, so they alone cannot say it)
-- and when the warning mail was queued (cleared by the next sign-in).
ALTER TABLE users
  ADD COLUMN last_sign_in_at DATETIME NULL,
  ADD COLUMN inactivity_warned_at DATETIME NULL;
UPDATE users u SET last_sign_in_at = (SELECT MAX(s.created_at) FROM sessions s WHERE s.user_id = u.id);

CREATE INDEX audit_log_at ON audit_log (at);
