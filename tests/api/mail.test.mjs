// E-mail: the administrators' settings, a test mail through a real SMTP
// server (tests/smtp/server.py, aiosmtpd) parsed whole, retries after a
// 451 or a dropped connection (arriving exactly once), a 550 failing at
// once with the relay's answer, « Réessayer », the .eml files written
// without a relay, unsubscribing without signing in, and 403 for others.
// parvis-notifier must run in the stack; tests/stack.sh sets
// PARVIS_MAIL_RETRY_SECONDS=1 so that retries come within seconds.
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, adminClient, newUser, eventually, sql, VAR, pidOf, childrenOf, killIfAlive } from './client.mjs';
import { startSmtp, decodeWords, qp, parse, token } from './mailbox.mjs';

const queueItem = async (admin, id) => (await admin.get('/admin/mail/queue?limit=200')).body.items.find((m) => m.id === id);

let smtp, admin;
test.before(async () => {
  smtp = await startSmtp();
  admin = await adminClient();
});
test.after(async () => {
  if (admin) await admin.put('/admin/mail', { relay: '' });
  smtp?.stop();
});

test('only administrators see and change the e-mail settings and queue', async () => {
  const bob = await newUser(admin);
  for (const [m, p, b] of [['GET', '/admin/mail'], ['PUT', '/admin/mail', { relay: '' }], ['POST', '/admin/mail/test', { to: 'x@example.org' }],
    ['GET', '/admin/mail/queue'], ['POST', '/admin/mail/queue/1/retry', {}]]) {
    assert.equal((await bob.client.request(m, p, b)).status, 403, `${m} ${p}`);
    assert.equal((await new Client().request(m, p, b)).status, 401, `${m} ${p} signed out`);
  }
});

test('the settings are checked, and the password is never shown', async () => {
  const bad = [{ relay: 'http://mail.example.org' }, { relay: 'smtp://mail.example.org:99999' }, { relay: 'smtp://u:p@h:25' },
    { relay: 'smtp://h:25/x' }, { quiet_start: '25:00' }, { quiet_end: '7h' }, { from_address: 'nobody' },
    { starttls: 'yes' }, { from_name: 'a\nb' }, { other: 1 }];
  for (const body of bad) {
    const r = await admin.put('/admin/mail', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.ok(r.body.error.message.length > 0);
  }
  const en = new Client({ lang: 'en' });
  en.cookies = admin.cookies; en.csrf = admin.csrf;
  assert.match((await en.put('/admin/mail', { relay: 'ftp://x' })).body.error.message, /smtp:\/\/host:port/);
  assert.match((await admin.put('/admin/mail', { relay: 'ftp://x' })).body.error.message, /smtp:\/\/hôte:port/);
  const r = await admin.put('/admin/mail', { relay: `smtp://127.0.0.1:${smtp.port}`, starttls: false, username: '',
    password: 'relay secret', from_address: 'Parvis@Example.org', from_name: 'Mairie de Saint-Étienne',
    quiet_start: '22:30', quiet_end: '06:45' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { relay: `smtp://127.0.0.1:${smtp.port}`, starttls: false, username: '', password_set: true,
    from_address: 'parvis@example.org', from_name: 'Mairie de Saint-Étienne', quiet_start: '22:30', quiet_end: '06:45',
    mode: 'relay', files_dir: r.body.files_dir });
  assert.ok(!r.text.includes('relay secret'));
  const stored = sql("SELECT v FROM settings WHERE k = 'mail_password'").trim();
  assert.match(stored, /^sb1:/);
  assert.ok(!stored.includes('relay secret'));
  // no password: none sent (aiosmtpd offers no AUTH without TLS)
  assert.equal((await admin.put('/admin/mail', { password: '' })).body.password_set, false);
  assert.deepEqual((await admin.get('/admin/mail')).body, { ...r.body, password_set: false });
});

test('a test mail reaches the relay whole: headers, both parts, in the administrator\'s language', async () => {
  const before = smtp.messages().length;
  const to = `dest-${Date.now()}@example.org`;
  const q = await admin.post('/admin/mail/test', { to });
  assert.equal(q.status, 202, q.text);
  const [m] = await eventually(() => { const all = smtp.messages(); return all.length > before && all.slice(before); },
    10000, 'the test mail at the SMTP server');
  assert.deepEqual(m.envelope, { mail_from: 'parvis@example.org', rcpt_tos: [to] });
  const h = m.headers;
  assert.equal(h['message-id'], `<${q.body.message_id}>`);
  assert.equal(decodeWords(h.subject), 'Parvis : message de test');
  assert.equal(decodeWords(h.from), 'Mairie de Saint-Étienne <parvis@example.org>');
  assert.equal(h.to, `<${to}>`);
  assert.match(h.date, /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0000$/);
  assert.ok(Math.abs(Date.parse(h.date) - Date.now()) < 120000);
  assert.equal(h['mime-version'], '1.0');
  assert.equal(h['auto-submitted'], 'auto-generated');
  assert.equal(h['list-unsubscribe'], undefined, 'a test mail has no unsubscribe address');
  assert.match(h['content-type'], /^multipart\/alternative; boundary="/);
  assert.deepEqual(m.parts.map((p) => p.type), ['text/plain', 'text/html']);
  for (const p of m.parts) assert.match(p.head, /charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable/);
  assert.match(m.parts[0].body, /Ce message de test a été envoyé par .* depuis Administration › Messagerie/);
  assert.match(m.parts[0].body, /-- \r\nVous recevez ce message parce qu'un administrateur/);
  assert.match(m.parts[1].body, /<html lang="fr">/);
  assert.match(m.parts[1].body, /<strong>[^<]+<\/strong> depuis Administration › Messagerie/);
  // 7 bits, CRLF only, 78 characters a line at most
  assert.ok(/^[\x00-\x7f]*$/.test(m.raw));
  assert.ok(!/[^\r]\n/.test(m.raw) && !/\r[^\n]/.test(m.raw));
  assert.ok(m.raw.split('\r\n').every((l) => l.length <= 78));
  const item = await eventually(async () => { const i = await queueItem(admin, q.body.id); return i?.state === 'sent' && i; },
    5000, 'the mail marked sent');
  assert.equal(item.to, to);
  assert.equal(item.kind, 'test');
  assert.equal(item.subject, 'Parvis : message de test');
  assert.equal(item.attempts, 1);
  assert.match(item.sent_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  // in English for an English-speaking administrator
  const anglo = await newUser(admin, { role: 'admin' });
  await anglo.client.patch(`/users/${anglo.id}`, { locale: 'en' });
  const q2 = await anglo.client.post('/admin/mail/test', { to });
  assert.equal(q2.status, 202);
  const m2 = await eventually(() => smtp.messages().find((x) => x.headers['message-id'] === `<${q2.body.message_id}>`),
    10000, 'the English test mail');
  assert.equal(decodeWords(m2.headers.subject), 'Parvis: test message');
  assert.match(m2.parts[0].body, /This test message was sent by/);
  // back to a plain account: the accounts tests count the active administrators
  assert.equal((await admin.patch(`/users/${anglo.id}`, { role: 'user' })).status, 200);
  assert.equal((await admin.post('/admin/mail/test', { to: 'not an address' })).status, 400);
  assert.equal((await admin.post('/admin/mail/test', {})).status, 400);
});

test('a relay answering 451 for a while, then 250: the mail arrives exactly once', async () => {
  smtp.mode('451');
  const q = await admin.post('/admin/mail/test', { to: 'busy@example.org' });
  assert.equal(q.status, 202);
  const waiting = await eventually(async () => { const i = await queueItem(admin, q.body.id); return i?.attempts >= 2 && i.state === 'waiting' && i; },
    15000, 'two attempts refused with 451');
  assert.equal(waiting.state, 'waiting');
  assert.match(waiting.last_error, /^451 4\.3\.0 Mailbox busy/);
  assert.ok(Date.parse(waiting.next_attempt) > Date.parse(waiting.created));
  smtp.mode('accept');
  await eventually(async () => (await queueItem(admin, q.body.id))?.state === 'sent', 20000, 'the mail sent after the 451s');
  const copies = smtp.messages().filter((m) => m.headers['message-id'] === `<${q.body.message_id}>`);
  assert.equal(copies.length, 1);
  assert.equal((await queueItem(admin, q.body.id)).last_error, '');
});

test('a dropped connection is retried; a 550 fails at once, with the relay\'s answer, and « Réessayer » sends it', async () => {
  smtp.mode('drop');
  const dropped = await admin.post('/admin/mail/test', { to: 'dropped@example.org' });
  const d1 = await eventually(async () => { const i = await queueItem(admin, dropped.body.id); return i?.attempts >= 1 && i.state === 'waiting' && i; },
    15000, 'the dropped attempt deferred');
  assert.ok(d1.last_error.length > 0);
  // sent once the relay answers again (before the 550s: its retry, a
  // second later, must not meet them)
  smtp.mode('accept');
  await eventually(async () => (await queueItem(admin, dropped.body.id))?.state === 'sent', 20000, 'the dropped mail sent');
  smtp.mode('550');
  const refused = await admin.post('/admin/mail/test', { to: 'nobody@example.org' });
  const failed = await eventually(async () => { const i = await queueItem(admin, refused.body.id); return i?.state === 'failed' && i; },
    15000, 'the 550 marked failed');
  assert.equal(failed.attempts, 1);
  assert.match(failed.last_error, /^550 5\.1\.1 No such user here/);
  const list = (await admin.get('/admin/mail/queue?state=failed')).body.items;
  assert.ok(list.some((i) => i.id === refused.body.id) && list.every((i) => i.state === 'failed'));
  smtp.mode('accept');
  assert.equal((await admin.post(`/admin/mail/queue/${refused.body.id}/retry`, {})).status, 204);
  await eventually(async () => (await queueItem(admin, refused.body.id))?.state === 'sent', 10000, 'the retried mail sent');
  assert.equal((await queueItem(admin, refused.body.id)).attempts, 2);
  const r = await admin.post(`/admin/mail/queue/${refused.body.id}/retry`, {});
  assert.equal(r.status, 409);
  assert.equal(r.body.error.code, 'already_sent');
  assert.equal((await admin.post('/admin/mail/queue/999999999/retry', {})).status, 404);
  for (const id of [dropped.body.id, refused.body.id])
    assert.equal(smtp.messages().filter((m) => m.headers['message-id'] === `<${(id === dropped.body.id ? dropped : refused).body.message_id}>`).length, 1);
});

test('a notifier killed after the relay accepted a mail does not send it again; killed before, it does', async () => {
  const a = await admin.post('/admin/mail/test', { to: 'journal-a@example.org' });
  const b = await admin.post('/admin/mail/test', { to: 'journal-b@example.org' });
  const copies = (q) => smtp.messages().filter((m) => m.headers['message-id'] === `<${q.body.message_id}>`).length;
  await eventually(async () => (await queueItem(admin, b.body.id))?.state === 'sent' && (await queueItem(admin, a.body.id))?.state === 'sent',
    10000, 'both mails sent');
  // what a SIGKILL leaves between the relay's 250 and the commit: both
  // 'sending', A's acceptance journalled (B's kill came before its fsync)
  sql(`UPDATE mail_queue SET state = 'sending', sent_at = NULL WHERE id IN (${a.body.id}, ${b.body.id})`);
  writeFileSync(join(VAR, 'mail', 'sent.journal'), `${a.body.id}\n`);
  // the notifier's children (its events, its mail sender, the chat's retention, the webhooks' sender) killed
  const master = pidOf('notifier');
  const children = childrenOf(master);
  for (const c of children) killIfAlive(c);
  await eventually(() => { const now = childrenOf(master); return now.length === 4 && now.every((p) => !children.includes(p)); },
    15000, 'the notifier\'s four children restarted');
  await eventually(async () => (await queueItem(admin, a.body.id))?.state === 'sent' && (await queueItem(admin, b.body.id))?.state === 'sent',
    15000, 'both settled after the restart');
  assert.equal(copies(a), 1, 'the journalled mail is not sent again');
  assert.equal(copies(b), 2, 'the unconfirmed one is sent again, with the same Message-ID');
  // emptied at the end of each pass (other mails may be on their way meanwhile)
  await eventually(() => readFileSync(join(VAR, 'mail', 'sent.journal'), 'utf8') === '', 15000,
    'the journal emptied once the pass is over');
});

test('the queue pages newest first', async () => {
  const seen = [];
  let next = null;
  do {
    const r = await admin.get(`/admin/mail/queue?limit=2${next ? `&cursor=${next}` : ''}`);
    assert.equal(r.status, 200);
    seen.push(...r.body.items.map((i) => i.id));
    next = r.body.next;
  } while (next);
  assert.ok(seen.length >= 5);
  assert.deepEqual(seen, [...seen].sort((a, b) => b - a));
  assert.equal((await admin.get('/admin/mail/queue?state=lost')).status, 400);
  assert.equal((await admin.get('/admin/mail/queue?cursor=!!')).status, 400);
});

test('without a relay, mails are written as .eml files under var/mail', async () => {
  const r = await admin.put('/admin/mail', { relay: '' });
  assert.equal(r.body.mode, 'files');
  assert.equal(r.body.files_dir, join(VAR, 'mail'));
  const before = smtp.messages().length;
  const q = await admin.post('/admin/mail/test', { to: 'files@example.org' });
  const file = join(VAR, 'mail', `${q.body.id}.eml`);
  await eventually(() => existsSync(file), 10000, 'the .eml file');
  const m = parse(readFileSync(file, 'latin1'));
  assert.equal(m.headers['message-id'], `<${q.body.message_id}>`);
  assert.deepEqual(m.parts.map((p) => p.type), ['text/plain', 'text/html']);
  await eventually(async () => (await queueItem(admin, q.body.id))?.state === 'sent', 5000, 'the file mail marked sent');
  assert.equal(smtp.messages().length, before);
  await admin.put('/admin/mail', { relay: `smtp://127.0.0.1:${smtp.port}` });
});

test('unsubscribing from a mail\'s link, without signing in (one-click, RFC 8058)', async () => {
  const alice = await newUser(admin, { signIn: false });
  const t = token(alice.id, 'mention');
  const anon = new Client();
  const g = await anon.get(`/unsubscribe?t=${t}`);
  assert.equal(g.status, 200, g.text);
  assert.equal(g.body.kind, 'mention');
  assert.equal(g.body.email, `${alice.email[0]}***${alice.email.slice(alice.email.indexOf('@'))}`);
  assert.equal(sql(`SELECT COUNT(*) FROM notification_prefs WHERE user_id = ${alice.id}`).trim(), '0', 'GET changes nothing');
  const p = await anon.request('POST', `/unsubscribe?t=${t}`, undefined,
    { raw: 'List-Unsubscribe=One-Click', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(p.status, 204, p.text);
  assert.equal(sql(`SELECT email FROM notification_prefs WHERE user_id = ${alice.id} AND kind = 'mention'`).trim(), 'never');
  // again, and with an empty body: the same
  assert.equal((await anon.request('POST', `/unsubscribe?t=${t}`)).status, 204);
  // a daily digest's link: every kind that goes into the daily digest, the others kept
  const digest = token(alice.id, 'daily');
  assert.equal((await anon.request('POST', `/unsubscribe?t=${digest}`, undefined, { raw: '' })).status, 204);
  assert.equal(sql(`SELECT email FROM notification_prefs WHERE user_id = ${alice.id} AND kind = 'comment'`).trim(), 'never');
  assert.equal(sql(`SELECT email FROM notification_prefs WHERE user_id = ${alice.id} AND kind = 'file'`).trim(), 'never');
  assert.equal(sql(`SELECT COUNT(*) FROM notification_prefs WHERE user_id = ${alice.id} AND kind = 'must_read'`).trim(), '0');
  // tampered (another person's id under the same MAC, a changed character), forged, garbage, missing
  const other = Buffer.from(t, 'base64url');
  other[8] ^= 1;
  const flipped = t.slice(0, 20) + (t[20] === 'A' ? 'B' : 'A') + t.slice(21);
  for (const bad of [other.toString('base64url'), flipped, token(alice.id, 'mention', Buffer.alloc(32, 7)), 'garbage', '%00', '']) {
    for (const method of ['GET', 'POST']) {
      const r = await anon.request(method, `/unsubscribe?t=${encodeURIComponent(bad)}`, undefined,
        method === 'POST' ? { raw: 'List-Unsubscribe=One-Click', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } } : {});
      assert.equal(r.status, 400, `${method} ${bad}`);
      assert.equal(r.body.error.code, 'invalid_token');
    }
  }
  assert.equal((await anon.get('/unsubscribe')).status, 400);
  // nothing more than the mention and the daily kinds (comment, reaction, post, file, request, added_to_group)
  assert.equal(sql(`SELECT COUNT(*) FROM notification_prefs WHERE user_id = ${alice.id}`).trim(), '7');
});
