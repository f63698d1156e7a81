-- The welcome of a person's first sign-in (docs/welcome.md): once it is
-- done or skipped it is never shown again, on any device. No row: not yet.
CREATE TABLE user_welcome (
  user_id       BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  state         ENUM('done','skipped') NOT NULL,
  at            DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  CONSTRAINT user_welcome_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- the people who already signed in before this version are not new
INSERT INTO user_welcome (user_id, state)
  SELECT u.id, 'done' FROM users u
  WHERE EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = u.id)
     OR EXISTS (SELECT 1 FROM audit_log a WHERE a.actor_id = u.id AND a.action = 'session.signin');
