// The e-mails of notifications, received by a real SMTP server: a mention
// at once (multipart, the person's language, a working link, one-click
// List-Unsubscribe that switches that kind off without signing in, a
// footer saying why), nothing at once in the quiet hours (the mail waits
// for their end), nothing for what the person may no longer see, and the
// daily digest: only what was not seen in the app, grouped by group, the
// must-read posts to confirm first, nothing when there is nothing new.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { BASE, adminClient, newUser, unique, eventually } from './client.mjs';
import { startSmtp, decodeWords } from './mailbox.mjs';

let smtp, admin;
test.before(async () => {
  smtp = await startSmtp();
  admin = await adminClient();
  // no quiet hours unless a test sets them (start = end: never quiet)
  const r = await admin.put('/admin/mail', { relay: `smtp://127.0.0.1:${smtp.port}`, starttls: false,
    from_address: 'parvis@example.org', quiet_start: '00:00', quiet_end: '00:00' });
  assert.equal(r.status, 200, r.text);
});
test.after(async () => {
  if (admin) await admin.put('/admin/mail', { relay: '', quiet_start: '21:00', quiet_end: '07:00' });
  smtp?.stop();
});

const mailsTo = (who) => smtp.messages().filter((m) => m.envelope.rcpt_tos.includes(who.email));
const part = (m, type) => m.parts.find((p) => p.type === type)?.body ?? '';

async function setup(visibility = 'public') {
  const alice = await newUser(admin, { name: unique('Alice ') });
  const bob = await newUser(admin, { name: unique('Bob ') });
  const g = (await alice.client.post('/groups', { name: unique('Équipe '), visibility })).body;
  await alice.client.put(`/groups/${g.id}/members/${bob.id}`, { role: 'member' });
  return { alice, bob, g };
}
const mention = (who) => `[@${who.user.display_name}](mention:${who.id})`;

function onePost(url, body) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const rq = http.request(u, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded',
      'Content-Length': Buffer.byteLength(body) } }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
    rq.on('error', reject);
    rq.end(body);
  });
}

test('a mention is mailed at once, whole, in the person\'s language, and its one-click unsubscribe works', async () => {
  const { alice, bob, g } = await setup();
  const p = (await alice.client.post(`/groups/${g.id}/posts`, { title: 'Planning', body: `Bonjour ${mention(bob)}` })).body;
  const m = await eventually(() => mailsTo(bob)[0], 15000, 'the mention mail at Bob\'s address');
  assert.match(decodeWords(m.headers.subject), /vous a mentionné dans la publication «\s*Planning\s*»/);
  assert.match(m.headers['content-type'], /multipart\/alternative/);
  const text = part(m, 'text/plain'), html = part(m, 'text/html');
  assert.ok(text.includes(`/publications/${p.id}`), 'a link to the post in the text');
  assert.ok(html.includes(`/publications/${p.id}`), 'and in the HTML');
  assert.match(text, /Vous recevez cet e-mail car/);
  const unsub = /^<([^>]+)>$/.exec(m.headers['list-unsubscribe'])?.[1];
  assert.ok(unsub, m.headers['list-unsubscribe']);
  assert.equal(m.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
  // the mail client's one-click POST, without a session
  const local = new URL(unsub);
  assert.equal(await onePost(BASE + local.pathname + local.search, 'List-Unsubscribe=One-Click'), 204);
  assert.equal((await bob.client.get('/me/notification-settings')).body.email.mention, 'never');
  // a second mention: a notification, no mail
  const p2 = (await alice.client.post(`/groups/${g.id}/posts`, { body: `Encore ${mention(bob)}` })).body;
  await eventually(async () => (await bob.client.get('/notifications')).body.items.some((n) => n.target.type === 'post' && n.target.id === p2.id),
    10000, 'the second mention in Bob\'s list');
  // a marker: a test mail to Bob, sent after the notifier's mail pass looked at the mention
  await admin.post('/admin/mail/test', { to: bob.email });
  await eventually(() => mailsTo(bob).length === 2, 15000, 'the test mail (the marker)');
  assert.ok(!decodeWords(mailsTo(bob)[1].headers.subject).includes('mentionné'), 'no second mention mail');
});

test('an English reader gets English', async () => {
  const { alice, bob, g } = await setup();
  assert.equal((await admin.patch(`/users/${bob.id}`, { locale: 'en' })).status, 200);
  await alice.client.post(`/groups/${g.id}/posts`, { title: 'Rota', body: 'Lisez', must_read: true });
  const m = await eventually(() => mailsTo(bob).find((x) => /Must read/.test(decodeWords(x.headers.subject))), 15000,
    'an English must-read mail');
  assert.match(part(m, 'text/plain'), /You receive this e-mail because/);
});

test('quiet hours hold immediate mails until they end', async () => {
  const { alice, bob, g } = await setup();
  const now = new Date();
  const hhmm = (d) => d.toISOString().slice(11, 16);
  assert.equal((await admin.put('/admin/mail', { quiet_start: hhmm(new Date(now - 3600e3)), quiet_end: hhmm(new Date(+now + 3600e3)) })).status, 200);
  try {
    const p = (await alice.client.post(`/groups/${g.id}/posts`, { body: `Nuit ${mention(bob)}` })).body;
    await eventually(async () => (await bob.client.get('/notifications')).body.items.some((n) => n.target.type === 'post' && n.target.id === p.id),
      10000, 'the mention in Bob\'s list');
    await admin.post('/admin/mail/test', { to: bob.email });
    await eventually(() => mailsTo(bob).length >= 1, 15000, 'the test mail (the marker)');
    assert.equal(mailsTo(bob).length, 1, 'only the test mail during the quiet hours');
  } finally {
    await admin.put('/admin/mail', { quiet_start: '00:00', quiet_end: '00:00' });
  }
  await eventually(() => mailsTo(bob).some((m) => /mentionné/.test(decodeWords(m.headers.subject))), 15000,
    'the mention mail once the quiet hours end');
});

test('what became invisible is not mailed', async () => {
  const { alice, bob, g } = await setup('private');
  await admin.put('/admin/mail', { quiet_start: hhmmNow(-60), quiet_end: hhmmNow(60) });
  try {
    const p = (await alice.client.post(`/groups/${g.id}/posts`, { body: `Privé ${mention(bob)}` })).body;
    await eventually(async () => (await bob.client.get('/notifications')).body.items.some((n) => n.target.type === 'post' && n.target.id === p.id),
      10000, 'the mention in Bob\'s list');
    assert.equal((await alice.client.del(`/groups/${g.id}/members/${bob.id}`)).status, 204);
  } finally {
    await admin.put('/admin/mail', { quiet_start: '00:00', quiet_end: '00:00' });
  }
  await admin.post('/admin/mail/test', { to: bob.email });
  await eventually(() => mailsTo(bob).length >= 1, 15000, 'the test mail (the marker)');
  // one more loop of the notifier: a second marker
  await admin.post('/admin/mail/test', { to: bob.email });
  await eventually(() => mailsTo(bob).length >= 2, 15000, 'the second marker');
  assert.ok(mailsTo(bob).every((m) => !/mentionné/.test(decodeWords(m.headers.subject))), 'no mail of a post Bob may no longer read');
});

function hhmmNow(minutes) { return new Date(Date.now() + minutes * 60e3).toISOString().slice(11, 16); }

test('the daily digest: what was not seen, grouped by group, must-read posts first; nothing when nothing is new', async () => {
  const { alice, bob, g } = await setup();
  const g2 = (await alice.client.post('/groups', { name: unique('Comité '), visibility: 'public' })).body;
  await alice.client.put(`/groups/${g2.id}/members/${bob.id}`, { role: 'member' });
  await bob.client.put(`/groups/${g.id}/follow`, { level: 'all' });
  await bob.client.put(`/groups/${g2.id}/follow`, { level: 'all' });
  const seen = (await alice.client.post(`/groups/${g.id}/posts`, { title: 'Déjà vu', body: 'x' })).body;
  await eventually(async () => (await bob.client.get('/notifications')).body.items.some((n) => n.target.type === 'post' && n.target.id === seen.id),
    10000, 'the first post in Bob\'s list');
  await bob.client.post('/notifications/read', { target: { type: 'post', id: seen.id } });
  const must = (await alice.client.post(`/groups/${g2.id}/posts`, { title: 'Consignes', body: 'À confirmer', must_read: true })).body;
  const p2 = (await alice.client.post(`/groups/${g2.id}/posts`, { title: 'Réunion', body: 'y' })).body;
  // Bob reads his digest only: nothing immediate but the must-read
  await eventually(async () => (await bob.client.get('/notifications')).body.items.some((n) => n.target.type === 'post' && n.target.id === p2.id),
    10000, 'the new posts in Bob\'s list');
  const before = mailsTo(bob).length;
  assert.equal((await admin.post('/admin/mail/digest', { kind: 'daily' })).status, 202);
  const digest = await eventually(() => mailsTo(bob).find((m) => /résumé du jour/.test(decodeWords(m.headers.subject))),
    15000, 'Bob\'s daily digest');
  const text = part(digest, 'text/plain');
  assert.ok(text.indexOf('À lire et à confirmer') < text.indexOf(g2.name), 'the must-read posts first');
  assert.ok(text.includes('Consignes') && text.includes(`/publications/${must.id}`));
  assert.ok(text.includes(g2.name), 'grouped under the group\'s name');
  assert.ok(!text.includes('Déjà vu'), 'what Bob saw in the app is not in it: ' + text);
  assert.ok(/List-Unsubscribe=One-Click/.test(digest.headers['list-unsubscribe-post']));
  assert.ok(mailsTo(bob).length >= before + 1);
  // again at once: nothing new, nothing sent
  const count = mailsTo(bob).length;
  assert.equal((await admin.post('/admin/mail/digest', { kind: 'daily' })).status, 202);
  await admin.post('/admin/mail/test', { to: bob.email });
  await eventually(() => mailsTo(bob).length >= count + 1, 15000, 'the test mail (the marker)');
  await admin.post('/admin/mail/test', { to: bob.email });
  await eventually(() => mailsTo(bob).length >= count + 2, 15000, 'the second marker');
  assert.equal(mailsTo(bob).filter((m) => /résumé/.test(decodeWords(m.headers.subject))).length, 1, 'one digest only');
  assert.equal((await bob.client.post('/admin/mail/digest', { kind: 'daily' })).status, 403);
  assert.equal((await admin.post('/admin/mail/digest', { kind: 'hourly' })).status, 400);
});
