-- Outgoing webhooks (issue #18, docs/webhooks.md).
--
-- A subscription (webhooks) sends the events of its scope (the whole
-- organisation, or one group) to a URL. parvis-notifier's events child
-- turns each notify_queue row into one delivery per subscription that
-- wants it (webhook_deliveries, in the same transaction as the row's
-- deletion: never twice, never lost); its webhooks child sends them, signed,
-- and retries with back-off for 24 hours. Each attempt is kept in
-- webhook_attempts (the last 50 per subscription: the delivery log).

CREATE TABLE webhooks (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  group_id      BIGINT UNSIGNED NULL,              -- NULL: the whole organisation
  url           VARCHAR(2000) NOT NULL,
  events        VARCHAR(255) CHARACTER SET ascii NOT NULL,   -- "post.created,comment.created"
  -- the HMAC key: kept as is (the signature needs it), shown once
  secret        VARCHAR(64) CHARACTER SET ascii NOT NULL,
  active        TINYINT(1) NOT NULL DEFAULT 1,
  -- why it was switched off by Parvis ('' when by a person, or on)
  off_reason    VARCHAR(200) NOT NULL DEFAULT '',
  -- the first failure since the last success (NULL: none)
  failing_since DATETIME(3) NULL,
  created_by    BIGINT UNSIGNED NOT NULL,
  created_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY webhooks_group (group_id),
  CONSTRAINT webhooks_group_fk FOREIGN KEY (group_id) REFERENCES `groups` (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- One event for one subscription. uid is the delivery's identity
-- (Parvis-Delivery and the body's "id"): the same at every retry.
CREATE TABLE webhook_deliveries (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  uid           CHAR(32) CHARACTER SET ascii NOT NULL,
  webhook_id    BIGINT UNSIGNED NOT NULL,
  event         VARCHAR(32) CHARACTER SET ascii NOT NULL,
  body          MEDIUMTEXT NOT NULL,               -- the JSON, fixed when the event happened
  state         ENUM('waiting','delivered','failed') NOT NULL DEFAULT 'waiting',
  attempts      INT UNSIGNED NOT NULL DEFAULT 0,
  next_at       DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  created_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  done_at       DATETIME(3) NULL,
  UNIQUE KEY webhook_deliveries_uid (uid),
  KEY webhook_deliveries_due (state, next_at),
  KEY webhook_deliveries_hook (webhook_id, id),
  CONSTRAINT webhook_deliveries_fk FOREIGN KEY (webhook_id) REFERENCES webhooks (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The delivery log: one row per attempt, the last 50 per subscription.
CREATE TABLE webhook_attempts (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  webhook_id    BIGINT UNSIGNED NOT NULL,
  delivery_id   BIGINT UNSIGNED NOT NULL,
  at            DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  status        SMALLINT UNSIGNED NOT NULL DEFAULT 0,   -- HTTP status; 0: no answer
  duration_ms   INT UNSIGNED NOT NULL DEFAULT 0,
  answer        VARCHAR(300) NOT NULL DEFAULT '',       -- the answer's first bytes, or the error
  KEY webhook_attempts_hook (webhook_id, id),
  CONSTRAINT webhook_attempts_fk FOREIGN KEY (webhook_id) REFERENCES webhooks (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
