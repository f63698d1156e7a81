// Retention settings (docs/gdpr.md): validated; an account unused for N
// months is warned by e-mail 14 days before, then disabled (never an
// administrator; a sign-in cancels the warning); the audit log and the
// sent mails are purged past their time; « Données personnelles » (GET
// /privacy) says the current durations. Time is moved by ageing the rows
// in MariaDB; the notifier's housekeeping runs every 2 s on the test stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminClient, newUser, eventually, sql, Client, PASSWORD } from './client.mjs';
import { useRelay, decodeWords } from './mailbox.mjs';

let admin, relay;
test.before(async () => {
  admin = await adminClient();
  relay = await useRelay(admin);
});
test.after(async () => {
  await admin.patch('/settings', { inactive_disable_months: 0, audit_retention_months: 12 });
  await relay?.stop();
});

test('retention settings: defaults, bounds, administrators only', async () => {
  const s = (await admin.get('/settings')).body;
  assert.equal(s.audit_retention_months, 12);
  assert.equal(s.inactive_disable_months, 0);
  for (const bad of [-1, 121, '6', 1.5, null])
    assert.equal((await admin.patch('/settings', { inactive_disable_months: bad })).status, 400, String(bad));
  const u = await newUser(admin);
  assert.equal((await u.client.patch('/settings', { audit_retention_months: 1 })).status, 403);
  const r = await admin.patch('/settings', { audit_retention_months: 6 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.audit_retention_months, 6);
  // the register every signed-in person reads follows the settings
  const fr = (await u.client.get('/privacy')).body;
  const keys = fr.items.map((i) => i.key);
  for (const k of ['accounts', 'sessions', 'audit', 'notifications', 'mail', 'chat', 'files', 'search', 'statistics', 'exports'])
    assert.ok(keys.includes(k), k);
  assert.equal(fr.items.find((i) => i.key === 'audit').retention, '6 mois');
  assert.equal(fr.settings.audit_retention_months, 6);
  const en = (await new Client({ lang: 'en' }).get('/privacy'));
  assert.equal(en.status, 401);
  assert.equal((await admin.patch('/settings', { audit_retention_months: 12 })).status, 200);
});

test('an account unused for N months is warned 14 days before, then disabled; administrators never', async () => {
  const carl = await newUser(admin, { name: 'Carl Inactif' });
  const dora = await newUser(admin, { name: 'Dora Active' });
  const boss = await newUser(admin, { name: 'Admin Inactif', role: 'admin' });
  const age = (id, days) => sql(`UPDATE users SET created_at = UTC_TIMESTAMP() - INTERVAL 400 DAY,
      last_sign_in_at = UTC_TIMESTAMP() - INTERVAL ${days} DAY WHERE id = ${id};
      UPDATE sessions SET last_seen_at = UTC_TIMESTAMP() - INTERVAL ${days} DAY WHERE user_id = ${id}`);
  // three months less 10 days unused: within the 14 days of warning
  age(carl.id, 82);
  age(boss.id, 200);
  assert.equal((await admin.patch('/settings', { inactive_disable_months: 3 })).status, 200);
  const mail = await eventually(() => relay.smtp.messages().find((m) => m.envelope.rcpt_tos.includes(carl.email)),
    20000, 'the warning mail');
  assert.match(decodeWords(mail.headers.subject), /sera désactivé dans 14 jours/);
  const text = mail.parts.find((p) => p.type === 'text/plain').body;
  assert.match(text, /14 jours/);
  assert.match(text, /\/connexion/);
  const status = (id) => sql(`SELECT status FROM users WHERE id = ${id}`).trim();
  assert.equal(status(carl.id), 'active', 'warned, not disabled yet');
  assert.equal(sql(`SELECT inactivity_warned_at IS NULL FROM users WHERE id = ${dora.id}`).trim(), '1', 'an active person is not warned');

  // a sign-in cancels the warning
  assert.equal((await new Client().login(carl.email, PASSWORD)).status, 200);
  assert.equal(sql(`SELECT inactivity_warned_at IS NULL FROM users WHERE id = ${carl.id}`).trim(), '1');

  // warned 15 days ago and still unused past three months: disabled
  age(carl.id, 100);
  sql(`UPDATE users SET inactivity_warned_at = UTC_TIMESTAMP() - INTERVAL 15 DAY WHERE id = ${carl.id}`);
  await eventually(() => status(carl.id) === 'disabled', 20000, 'the account disabled');
  assert.equal((await new Client().login(carl.email, PASSWORD)).status, 403);
  assert.match(sql(`SELECT CONCAT(action, ' ', detail) FROM audit_log WHERE target_type = 'user' AND target_id = ${carl.id} AND action LIKE 'account.%' ORDER BY id DESC LIMIT 1`), /account.disable inactive/);
  assert.equal(status(boss.id), 'active', 'an administrator is never disabled');
  assert.ok(!relay.smtp.messages().some((m) => m.envelope.rcpt_tos.includes(boss.email)), 'nor warned');
  assert.equal((await admin.patch('/settings', { inactive_disable_months: 0 })).status, 200);
  // no other active administrator left behind (tests/api/users.test.mjs counts them)
  assert.equal((await admin.patch(`/users/${boss.id}`, { status: 'disabled' })).status, 200);
});

test('a deleted post\'s earlier versions go with it', async () => {
  const u = await newUser(admin);
  const g = (await u.client.post('/groups', { name: `Versions ${process.pid}-${Date.now()}`, visibility: 'public' })).body;
  const p = (await u.client.post(`/groups/${g.id}/posts`, { body: 'première version, à oublier' })).body;
  assert.equal((await u.client.patch(`/posts/${p.id}`, { body: 'seconde version' })).status, 200);
  const versions = () => sql(`SELECT COUNT(*) FROM post_versions WHERE post_id = ${p.id}`).trim();
  assert.equal(versions(), '1', 'the first version kept for moderators while the post lives');
  assert.equal((await u.client.del(`/posts/${p.id}`)).status, 204);
  await eventually(() => versions() === '0', 20000, 'the earlier version forgotten');
});

test('the audit log is kept N months, sent mails 30 days', async () => {
  const mark = `retention-${process.pid}-${Date.now()}`;
  sql(`INSERT INTO audit_log (at, action, target_type, target_id, detail) VALUES
       (UTC_TIMESTAMP() - INTERVAL 13 MONTH, 'test.old', 'user', 0, '${mark}'),
       (UTC_TIMESTAMP() - INTERVAL 11 MONTH, 'test.recent', 'user', 0, '${mark}');
       INSERT INTO mail_queue (kind, to_addr, subject, message_id, message, state, created_at) VALUES
       ('test', 'x@example.org', 'old', '<${mark}-1@x>', 'x', 'sent', UTC_TIMESTAMP() - INTERVAL 31 DAY),
       ('test', 'x@example.org', 'new', '<${mark}-2@x>', 'x', 'sent', UTC_TIMESTAMP() - INTERVAL 29 DAY)`);
  const left = () => sql(`SELECT action FROM audit_log WHERE detail = '${mark}' ORDER BY id`).trim();
  await eventually(() => left() === 'test.recent', 20000, 'the 13-month-old row purged');
  await eventually(() => sql(`SELECT subject FROM mail_queue WHERE message_id LIKE '<${mark}-%'`).trim() === 'new', 20000, 'the old mail forgotten');
  // 0: kept for ever
  assert.equal((await admin.patch('/settings', { audit_retention_months: 0 })).status, 200);
  sql(`INSERT INTO audit_log (at, action, target_type, target_id, detail) VALUES (UTC_TIMESTAMP() - INTERVAL 5 YEAR, 'test.ancient', 'user', 0, '${mark}')`);
  const before = Number(sql("SELECT COUNT(*) FROM audit_log WHERE action = 'test.ancient'").trim());
  // a housekeeping pass goes by (the mail row below is aged past 30 days: its purge tells the pass ran)
  sql(`INSERT INTO mail_queue (kind, to_addr, subject, message_id, message, state, created_at) VALUES
       ('test', 'x@example.org', 'old', '<${mark}-3@x>', 'x', 'sent', UTC_TIMESTAMP() - INTERVAL 31 DAY)`);
  await eventually(() => sql(`SELECT COUNT(*) FROM mail_queue WHERE message_id = '<${mark}-3@x>'`).trim() === '0', 20000, 'a pass');
  assert.equal(Number(sql("SELECT COUNT(*) FROM audit_log WHERE action = 'test.ancient'").trim()), before);
  assert.equal((await admin.patch('/settings', { audit_retention_months: 12 })).status, 200);
});
