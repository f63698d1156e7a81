-- Guest accounts (« Invités externes », docs/guests.md). A guest sees only
-- the groups they are a member of (fcgi/core/acl.c decides); staff is
-- everyone else. An account may have an end: past expires_at its sessions
-- are refused at once, and parvis-notifier disables it (audit row
-- 'account.expire'). Guests never join default groups or groups by rule.
ALTER TABLE users
  ADD COLUMN kind ENUM('staff','guest') NOT NULL DEFAULT 'staff' AFTER role,
  ADD COLUMN expires_at DATETIME NULL AFTER status,
  ADD KEY users_expiry (status, expires_at);

-- Guests read the organisation's news only when administrators allow it.
INSERT INTO settings (k, v) VALUES ('guests_see_news', '0');
