// Passwords (docs/passwords.md): changing one's own (the current one
// asked, throttled like sign-in, every other session ended), « Mot de passe
// oublié » (the same 202 for any address, the mail received by a real SMTP
// server in the person's language, a link that works once, for an hour,
// until the password changes, and not for a disabled account; requests
// throttled per address and mails per account), administrators sending a
// link without ever seeing or setting a password, and the list of common
// and breached passwords refused wherever a password is chosen.
// parvis-notifier must run in the stack (it makes the links and mails).
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Client, adminClient, newUser, PASSWORD, BASE, eventually, sql, unique } from './client.mjs';
import { useRelay, decodeWords } from './mailbox.mjs';

const NEW = 'un autre mot de passe, bien long';

let smtp, admin, relay;
test.before(async () => {
  admin = await adminClient();
  relay = await useRelay(admin);
  smtp = relay.smtp;
});
test.after(async () => { await relay?.stop(); });

// each request for a link from an address of its own: the per-address
// limit (10 an hour) is tested on purpose, once. Addresses of this run
// (127.N.x.y, N from the process id): a second run on the same stack
// within the hour starts afresh.
const NET = `127.${100 + (process.pid % 100)}`;
let next = 1;
const elsewhere = (lang = 'fr') => { next++; return new Client({ lang, localAddress: `${NET}.${next >> 8}.${next & 255}` }); };

async function askLink(email, from = elsewhere()) {
  const r = await from.post('/password-reset', { email });
  assert.equal(r.status, 202, r.text);
  return r;
}
const mailsTo = (email) => smtp.messages().filter((m) => m.envelope.rcpt_tos.includes(email));
const text = (m) => m.parts.find((p) => p.type === 'text/plain').body;
const linkOf = (m) => {
  const found = /(\S+\/mot-de-passe\/nouveau#([A-Za-z0-9_-]{43}))\s/.exec(text(m));
  assert.ok(found, 'a link in the mail');
  return { url: found[1], token: found[2] };
};
// the n-th mail to `email` (1 = the first), once the SMTP server has it
const mailNumber = (email, n) => eventually(() => mailsTo(email)[n - 1], 15000, `mail ${n} to ${email}`);
// every request for a link handled by the notifier (the mails queued or not)
const requestsDone = () => eventually(
  () => sql("SELECT COUNT(*) FROM notify_queue WHERE event = 'password_reset'").trim() === '0', 15000,
  'the reset requests handled by the notifier');
const queuedFor = (email) => Number(sql(`SELECT COUNT(*) FROM mail_queue WHERE to_addr = '${email}' AND kind = 'password_reset'`).trim());
const confirm = (token, password) => elsewhere().post('/password-reset/confirm', { token, new: password });
const signsIn = async (email, password) => (await new Client().login(email, password)).status === 200;

test('PUT /me/password: the current password asked, the new one checked; every other session ends, this one stays', async () => {
  const u = await newUser(admin);
  const other = new Client(), third = new Client({ lang: 'en' });
  assert.equal((await other.login(u.email, PASSWORD)).status, 200);
  assert.equal((await third.login(u.email, PASSWORD)).status, 200);

  const wrong = await u.client.put('/me/password', { current: 'not the password at all', new: NEW });
  assert.equal(wrong.status, 403);
  assert.equal(wrong.body.error.code, 'bad_credentials');
  assert.match(wrong.body.error.message, /mot de passe actuel est incorrect/);
  assert.match((await third.put('/me/password', { current: 'not the password at all', new: NEW })).body.error.message,
    /current password is wrong/);
  for (const [weak, why] of [['court', /au moins 12 caractères/], ['Password1234', /les plus courants/],
    ['AZERTYUIOP123', /les plus courants/], ['iloveyou2010', /les plus courants/]]) {
    const r = await u.client.put('/me/password', { current: PASSWORD, new: weak });
    assert.equal(r.status, 400, weak);
    assert.equal(r.body.error.code, 'weak_password', weak);
    assert.match(r.body.error.message, why, weak);
  }
  assert.match((await third.put('/me/password', { current: PASSWORD, new: 'password1234' })).body.error.message,
    /most common or already leaked/);
  assert.equal((await u.client.put('/me/password', { current: PASSWORD })).status, 400);
  assert.equal((await u.client.put('/me/password', { current: PASSWORD, new: NEW, user_id: 1 })).body.error.code, 'bad_request');
  assert.equal((await u.client.put('/me/password', { current: PASSWORD, new: NEW }, { csrf: false })).body.error.code, 'csrf');
  assert.equal((await new Client().put('/me/password', { current: PASSWORD, new: NEW })).status, 401);
  // nothing above changed anything
  assert.equal((await other.get('/me')).status, 200);
  assert.ok(await signsIn(u.email, PASSWORD));

  const ok = await u.client.put('/me/password', { current: PASSWORD, new: NEW });
  assert.equal(ok.status, 204, ok.text);
  assert.equal((await u.client.get('/me')).status, 200, 'the session that changed it goes on');
  assert.equal((await u.client.patch(`/users/${u.id}`, { job_title: 'Archiviste' })).status, 200, 'with its CSRF token');
  for (const c of [other, third]) assert.equal((await c.get('/me')).status, 401, 'every other session ended');
  assert.ok(!(await signsIn(u.email, PASSWORD)), 'the old password no longer works');
  assert.ok(await signsIn(u.email, NEW));
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'password.change' AND target_id = ${u.id}`).trim(), '1');
});

test('a wrong current password counts as a failed sign-in: five from one address, then 429 there, not elsewhere', async () => {
  const u = await newUser(admin, { signIn: false });
  const here = new Client({ localAddress: '127.0.7.1' });
  assert.equal((await here.login(u.email, PASSWORD)).status, 200);
  for (let i = 0; i < 5; i++) {
    assert.equal((await here.put('/me/password', { current: `wrong guess number ${i}`, new: NEW })).status, 403);
  }
  const refused = await here.put('/me/password', { current: PASSWORD, new: NEW });
  assert.equal(refused.status, 429);
  assert.equal(refused.body.error.code, 'rate_limited');
  assert.ok(Number(refused.headers['retry-after']) > 0, 'Retry-After given');
  assert.match(refused.body.error.message, /Trop d'essais du mot de passe actuel/);
  assert.equal((await new Client({ localAddress: '127.0.7.1' }).login(u.email, PASSWORD)).status, 429,
    'and signing in from there, as after failed sign-ins');
  // the same session from another address: the owner is not locked out
  const there = new Client({ localAddress: '127.0.7.2' });
  there.cookies = here.cookies; there.csrf = here.csrf;
  assert.equal((await there.put('/me/password', { current: PASSWORD, new: NEW })).status, 204);
});

test('« Mot de passe oublié » : the same 202 whatever the address; the mail, in French, carries a link that works once', async () => {
  const u = await newUser(admin, { name: 'Jeanne Oubli' });
  const other = new Client();
  assert.equal((await other.login(u.email, PASSWORD)).status, 200);
  const nobody = `${unique('nobody')}@example.org`;
  const unknown = await askLink(nobody);
  const known = await askLink(u.email.toUpperCase());       // any case
  assert.equal(known.text, unknown.text, 'the same answer');
  assert.deepEqual(Object.keys(known.headers).sort(), Object.keys(unknown.headers).sort());

  const m = await mailNumber(u.email, 1);
  await requestsDone();
  assert.equal(mailsTo(nobody).length, 0, 'no mail for an address that is no account\'s');
  assert.equal(decodeWords(m.headers.subject), 'Parvis : choisir un nouveau mot de passe');
  assert.match(text(m), /^Bonjour Jeanne Oubli,/);
  assert.match(text(m), /Quelqu'un \(vous, sans doute\) a demandé/);
  assert.match(text(m), /Il ne sert qu'une fois, dans l'heure/);
  assert.match(m.parts[1].body, /<a href="[^"]+\/mot-de-passe\/nouveau#[A-Za-z0-9_-]{43}">Choisir un nouveau mot de passe<\/a>/);
  assert.equal(m.headers['list-unsubscribe'], undefined, 'not a mail one unsubscribes from');
  const { url, token } = linkOf(m);
  assert.equal(url, `${BASE}/mot-de-passe/nouveau#${token}`);
  // the browser's page is there (the token after '#' never reaches the server)
  const page = await fetch(url);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /text\/html/);
  // only the token's SHA-256 is kept, valid an hour
  const hash = createHash('sha256').update(Buffer.from(token, 'base64url')).digest('hex').toUpperCase();
  assert.equal(sql(`SELECT HEX(token_hash), TIMESTAMPDIFF(SECOND, created_at, expires_at) FROM password_resets WHERE user_id = ${u.id}`).trim(),
    `${hash}\t3600`);

  // a weak password leaves the link usable
  const weak = await confirm(token, 'AzertyAzerty');
  assert.equal(weak.status, 400);
  assert.equal(weak.body.error.code, 'weak_password');
  assert.equal((await confirm(token, 'trop court')).body.error.code, 'weak_password');
  const done = await confirm(token, NEW);
  assert.equal(done.status, 204, done.text);
  for (const c of [u.client, other]) assert.equal((await c.get('/me')).status, 401, 'every session ended');
  assert.ok(!(await signsIn(u.email, PASSWORD)));
  assert.ok(await signsIn(u.email, NEW));
  const again = await confirm(token, 'encore un autre mot de passe');
  assert.equal(again.status, 400, 'a link works once');
  assert.equal(again.body.error.code, 'invalid_token');
  assert.match(again.body.error.message, /n'est plus valable/);
  assert.ok(await signsIn(u.email, NEW), 'and changed nothing');
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'password.reset' AND target_id = ${u.id}`).trim(), '1');
});

test('a known and an unknown address take the same time to answer', async () => {
  // the worker does the same for both (one statement queues the request);
  // the notifier alone tells them apart, after the answer
  const u = await newUser(admin, { signIn: false });
  const timed = async (email) => {
    const t0 = performance.now();
    await askLink(email);
    return performance.now() - t0;
  };
  const known = [], unknown = [];
  for (let i = 0; i < 9; i++) {
    known.push(await timed(u.email));
    unknown.push(await timed(`${unique('nobody')}@example.org`));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const ratio = median(known) / median(unknown);
  assert.ok(ratio > 0.33 && ratio < 3,
    `median ratio ${ratio.toFixed(2)} (known ${median(known).toFixed(1)} ms, unknown ${median(unknown).toFixed(1)} ms)`);
  await requestsDone();
  assert.equal(queuedFor(u.email), 3, 'the account got its three mails of the hour, no more');
});

test('unknown, malformed and bad requests', async () => {
  for (const token of [randomBytes(32).toString('base64url'), 'abc', 'x'.repeat(43), `${randomBytes(32).toString('base64url')}A`]) {
    const r = await confirm(token, NEW);
    assert.equal(r.status, 400, token);
    assert.equal(r.body.error.code, 'invalid_token', token);
  }
  const en = await elsewhere('en').post('/password-reset/confirm', { token: 'abc', new: NEW });
  assert.match(en.body.error.message, /no longer valid/);
  for (const body of [{}, { email: 'not an address' }, { email: 'a@b.fr', extra: 1 }, { email: 5 }]) {
    const r = await elsewhere().post('/password-reset', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.body.error.code, 'bad_request');
  }
  assert.equal((await elsewhere().post('/password-reset/confirm', { token: 'abc' })).body.error.code, 'bad_request');
  assert.equal((await elsewhere().get('/password-reset')).status, 405);
});

test('in English for an English-speaking person', async () => {
  const u = await newUser(admin, { name: 'Jane Forgetful' });
  assert.equal((await u.client.patch(`/users/${u.id}`, { locale: 'en' })).status, 200);
  await askLink(u.email, elsewhere('en'));
  const m = await mailNumber(u.email, 1);
  assert.equal(decodeWords(m.headers.subject), 'Parvis: choose a new password');
  assert.match(text(m), /^Hello Jane Forgetful,/);
  assert.match(text(m), /It works once, within an hour\./);
  assert.match(m.parts[1].body, /<html lang="en">/);
  assert.equal((await confirm(linkOf(m).token, NEW)).status, 204);
});

test('a link is dead after an hour', async () => {
  const u = await newUser(admin, { signIn: false });
  await askLink(u.email);
  const { token } = linkOf(await mailNumber(u.email, 1));
  // an hour and a second later
  sql(`UPDATE password_resets SET created_at = created_at - INTERVAL 3601 SECOND, expires_at = expires_at - INTERVAL 3601 SECOND WHERE user_id = ${u.id}`);
  const r = await confirm(token, NEW);
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'invalid_token');
  assert.ok(await signsIn(u.email, PASSWORD));
});

test('a link is dead after any change of the password: one\'s own, or another link used', async () => {
  const u = await newUser(admin);
  await askLink(u.email);
  const first = linkOf(await mailNumber(u.email, 1)).token;
  assert.equal((await u.client.put('/me/password', { current: PASSWORD, new: NEW })).status, 204);
  assert.equal((await confirm(first, 'the link after the change')).body.error.code, 'invalid_token');

  await askLink(u.email);
  await askLink(u.email);
  const second = linkOf(await mailNumber(u.email, 2)).token, third = linkOf(await mailNumber(u.email, 3)).token;
  assert.notEqual(second, third);
  assert.equal((await confirm(third, 'the third link, used first')).status, 204);
  assert.equal((await confirm(second, 'the second link, used after')).body.error.code, 'invalid_token');
  assert.ok(await signsIn(u.email, 'the third link, used first'));
});

test('a disabled account: its links are dead, no mail is sent to it, and an administrator cannot send one', async () => {
  const u = await newUser(admin, { signIn: false });
  await askLink(u.email);
  const { token } = linkOf(await mailNumber(u.email, 1));
  assert.equal((await admin.patch(`/users/${u.id}`, { status: 'disabled' })).status, 200);
  assert.equal((await confirm(token, NEW)).body.error.code, 'invalid_token');
  const before = queuedFor(u.email);
  await askLink(u.email);
  await requestsDone();
  assert.equal(queuedFor(u.email), before, 'no mail to a disabled account');
  const byAdmin = await admin.post(`/users/${u.id}/password-reset`);
  assert.equal(byAdmin.status, 409);
  assert.match(byAdmin.body.error.message, /est désactivé/);
  // enabled again: the old link stays dead
  assert.equal((await admin.patch(`/users/${u.id}`, { status: 'active' })).status, 200);
  assert.equal((await confirm(token, NEW)).body.error.code, 'invalid_token');
  assert.ok(await signsIn(u.email, PASSWORD));
});

test('throttled: an address asking too often gets 429 with Retry-After; an account gets at most 3 mails an hour, the answer unchanged', async () => {
  const from = new Client({ localAddress: `${NET}.250.1` });
  for (let i = 0; i < 10; i++) {
    assert.equal((await from.post('/password-reset', { email: `${unique('n')}@example.org` })).status, 202, `request ${i + 1}`);
  }
  const refused = await from.post('/password-reset', { email: `${unique('n')}@example.org` });
  assert.equal(refused.status, 429);
  assert.equal(refused.body.error.code, 'rate_limited');
  assert.ok(Number(refused.headers['retry-after']) > 0);
  assert.match(refused.body.error.message, /Trop de demandes de réinitialisation/);
  assert.equal((await elsewhere().post('/password-reset', { email: `${unique('n')}@example.org` })).status, 202,
    'other addresses are not refused');

  const u = await newUser(admin, { signIn: false });
  for (let i = 0; i < 5; i++) await askLink(u.email);
  await requestsDone();
  assert.equal(queuedFor(u.email), 3, 'three mails, not five');
  await mailNumber(u.email, 3);
  // an administrator's link is not refused for it
  assert.equal((await admin.post(`/users/${u.id}/password-reset`)).status, 202);
  await requestsDone();
  assert.equal(queuedFor(u.email), 4);
});

test('an administrator sends a link (and never sees or sets a password); others may not', async () => {
  const u = await newUser(admin, { name: 'Paul Agent' });
  const bob = await newUser(admin);
  assert.equal((await bob.client.post(`/users/${u.id}/password-reset`)).status, 403);
  assert.equal((await u.client.post(`/users/${u.id}/password-reset`)).status, 403);
  assert.equal((await new Client().post(`/users/${u.id}/password-reset`)).status, 401);
  assert.equal((await admin.post('/users/999999999/password-reset')).status, 404);
  const r = await admin.post(`/users/${u.id}/password-reset`);
  assert.equal(r.status, 202);
  assert.equal(r.text, '', 'nothing about the link or a password in the answer');
  const m = await mailNumber(u.email, 1);
  assert.match(text(m), /Un administrateur de Parvis vous envoie ce lien/);
  assert.match(text(m), /Votre mot de passe actuel reste valable/);
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'password.reset_link' AND target_id = ${u.id}`).trim(), '1');
  // no way for an administrator to set someone's password
  const set = await admin.patch(`/users/${u.id}`, { password: NEW });
  assert.equal(set.status, 400);
  assert.equal(set.body.error.code, 'bad_request');
  assert.ok(await signsIn(u.email, PASSWORD), 'the current password works until the person chooses another');
  assert.equal((await confirm(linkOf(m).token, NEW)).status, 204);
  assert.equal((await u.client.get('/me')).status, 401);
  assert.ok(await signsIn(u.email, NEW));
});

test('a first password chosen by an administrator is checked against the list too', async () => {
  for (const password of ['Password1234', 'azertyuiop123', 'QWERTYUIOP12']) {
    const r = await admin.post('/users', { email: `${unique()}@example.org`, display_name: 'Liste', password });
    assert.equal(r.status, 400, password);
    assert.equal(r.body.error.code, 'bad_request');
    assert.match(r.body.error.message, /les plus courants ou déjà divulgués/, password);
  }
  const ok = await admin.post('/users', { email: `${unique()}@example.org`, display_name: 'Liste', password: 'un mot de passe rare et long' });
  assert.equal(ok.status, 201);
});
