// Chat's notifications and e-mail, and the retention: a direct message
// notifies the other person (grouped per conversation), a mention notifies
// the person mentioned in any conversation, nothing else does; a muted
// conversation notifies only mentions; reading the conversation marks them
// read; a conversation one left is no longer listed. A notification still
// unread after the delay (PARVIS_CHAT_MAIL_DELAY_SECONDS, 15 minutes out of
// the tests) is mailed once, with who wrote and what, to a real SMTP
// server; one read before is never mailed; digests carry them. Messages
// older than chat_retention_days go with their files, and files never sent
// go after a day.
import test from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { adminClient, newUser, unique, eventually, sql, VAR } from './client.mjs';
import { startSmtp, decodeWords } from './mailbox.mjs';

const DELAY = Number(process.env.PARVIS_CHAT_MAIL_DELAY_SECONDS ?? 4);
let smtp, admin;
test.before(async () => {
  smtp = await startSmtp();
  admin = await adminClient();
  // no quiet hours (start = end: never quiet)
  const r = await admin.put('/admin/mail', { relay: `smtp://127.0.0.1:${smtp.port}`, starttls: false,
    from_address: 'parvis@example.org', quiet_start: '00:00', quiet_end: '00:00' });
  assert.equal(r.status, 200, r.text);
});
test.after(async () => {
  if (admin) {
    await admin.put('/admin/mail', { relay: '', quiet_start: '21:00', quiet_end: '07:00' });
    await admin.patch('/settings', { chat_retention_days: 0 });
  }
  smtp?.stop();
});

async function conversation(who, people, extra = {}) {
  const r = await who.client.post('/conversations', { participants: people.map((p) => p.id), ...extra });
  assert.ok(r.status === 201 || r.status === 200, r.text);
  return r.body;
}
async function send(who, conv, body, extra = {}) {
  const r = await who.client.post(`/conversations/${conv.id}/messages`, { body, client_id: randomUUID(), ...extra });
  assert.equal(r.status, 201, r.text);
  return r.body;
}
const mention = (who) => `[@${who.user.display_name}](mention:${who.id})`;
const person = (name) => newUser(admin, { name: unique(name) });
async function list(who) {
  const r = await who.client.get('/notifications?limit=100');
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}
const ofConversation = (conv) => (n) => n.target.type === 'message' && n.target.url.startsWith(`/messagerie/${conv.id}?`);
async function awaitNote(who, conv, pred, what) {
  return eventually(async () => (await list(who)).find((n) => ofConversation(conv)(n) && pred(n)), 10000,
    `${what} in ${who.email}'s notifications`);
}
// everything queued before now is handled: a direct message from the
// postman notifies `who` (the notifier takes its queue in order)
let postman;
async function settled(who) {
  postman ??= await person('Facteur ');
  const c = await conversation(postman, [who]);
  const m = await send(postman, c, 'marqueur');
  await awaitNote(who, c, (n) => n.target.id === m.id, 'the marker');
}
const mailsTo = (who) => smtp.messages().filter((m) => m.envelope.rcpt_tos.includes(who.email));
const part = (m, type) => m.parts.find((p) => p.type === type)?.body ?? '';
// a mail's text links to conversation `conv` (not to one whose id starts alike)
const linksTo = (m, conv) => new RegExp(`/messagerie/${conv.id}(?![0-9])`).test(part(m, 'text/plain'));

test('a direct conversation\'s messages notify the other person, one notification that counts them', async () => {
  const alice = await person('Alice '), bruno = await person('Bruno ');
  const c = await conversation(alice, [bruno]);
  await send(alice, c, 'Un');
  await send(alice, c, 'Deux');
  const last = await send(alice, c, 'Trois');
  const n = await awaitNote(bruno, c, (x) => x.count === 3, 'one notification counting 3 messages');
  assert.equal(n.kind, 'message');
  assert.equal(n.text, `${alice.user.display_name} vous a envoyé 3 messages`);
  assert.deepEqual(n.target, { type: 'message', id: last.id, url: `/messagerie/${c.id}?message=${last.id}` });
  assert.deepEqual(n.actors.map((a) => a.id), [alice.id]);
  assert.equal((await list(bruno)).filter(ofConversation(c)).length, 1, 'grouped per conversation');
  await settled(alice);
  assert.equal((await list(alice)).filter(ofConversation(c)).length, 0, 'the author is not told');
});

test('a mention notifies in a group conversation; its other messages notify nobody', async () => {
  const alice = await person('Alice '), bruno = await person('Bruno '), carla = await person('Carla '), dan = await person('Dan ');
  const name = unique('Chantier ');
  const c = await conversation(alice, [bruno, carla], { name });
  await send(alice, c, 'Bonjour à tous');
  const m = await send(alice, c, `Bonjour ${mention(bruno)}, et ${mention(dan)} qui n'en est pas`);
  const n = await awaitNote(bruno, c, (x) => x.kind === 'mention', 'Bruno\'s mention');
  assert.equal(n.text, `${alice.user.display_name} vous a mentionné dans «\u00a0${name}\u00a0»`);
  assert.equal(n.target.id, m.id);
  assert.equal((await list(bruno)).filter(ofConversation(c)).length, 1, 'the plain message did not notify him');
  await settled(carla);
  assert.equal((await list(carla)).filter(ofConversation(c)).length, 0, 'a plain group message notifies nobody');
  await settled(dan);
  assert.equal((await list(dan)).filter(ofConversation(c)).length, 0, 'someone who does not take part is not told');
  const en = await bruno.client.get('/notifications?limit=100', { headers: { 'Accept-Language': 'en' } });
  assert.equal(en.body.items.find(ofConversation(c)).text, `${alice.user.display_name} mentioned you in “${name}”`);
});

test('a muted conversation notifies only mentions', async () => {
  const alice = await person('Alice '), bruno = await person('Bruno ');
  const c = await conversation(alice, [bruno]);
  assert.equal((await bruno.client.patch(`/conversations/${c.id}`, { muted: true })).status, 200);
  await send(alice, c, 'Tu es là ?');
  await settled(bruno);
  assert.equal((await list(bruno)).filter(ofConversation(c)).length, 0, 'a muted conversation\'s message notifies nothing');
  const m = await send(alice, c, `${mention(bruno)} réponds s'il te plaît`);
  const n = await awaitNote(bruno, c, (x) => x.kind === 'mention', 'the mention in the muted conversation');
  assert.equal(n.target.id, m.id);
  assert.equal((await list(bruno)).filter(ofConversation(c)).length, 1);
});

test('reading the conversation marks its notifications read; a conversation one left is not listed', async () => {
  const alice = await person('Alice '), bruno = await person('Bruno ');
  const c = await conversation(alice, [bruno]);
  const m = await send(alice, c, 'Lu ?');
  await awaitNote(bruno, c, () => true, 'the message\'s notification');
  const before = (await bruno.client.get('/notifications/unread')).body.count;
  assert.equal((await bruno.client.post(`/conversations/${c.id}/read`, { up_to: m.id })).status, 204);
  assert.equal((await list(bruno)).find(ofConversation(c)).read, true);
  assert.equal((await bruno.client.get('/notifications/unread')).body.count, before - 1);
  // no longer a participant (the row changed under the notifier's feet):
  // the list checks again and leaves it out
  const again = await send(alice, c, 'Encore');
  await awaitNote(bruno, c, (x) => x.target.id === again.id && !x.read, 'the new unread notification');
  // the bell marks them read by their conversation too
  assert.equal((await bruno.client.post('/notifications/read', { target: { type: 'conversation', id: c.id } })).status, 204);
  assert.equal((await list(bruno)).find(ofConversation(c)).read, true, 'read by its conversation');
  sql(`UPDATE conversation_members SET participant = 0 WHERE conversation_id = ${c.id} AND user_id = ${bruno.id}`);
  assert.equal((await list(bruno)).filter(ofConversation(c)).length, 0, 'not listed once he takes no part');
});

test('leaving a conversation takes its notifications away', async () => {
  const alice = await person('Alice '), bruno = await person('Bruno '), carla = await person('Carla ');
  const c = await conversation(alice, [bruno, carla], { name: unique('Groupe ') });
  await send(alice, c, `${mention(bruno)} ?`);
  await awaitNote(bruno, c, () => true, 'the mention');
  const count = (await bruno.client.get('/notifications/unread')).body.count;
  assert.equal((await bruno.client.del(`/conversations/${c.id}/participants/${bruno.id}`)).status, 204);
  await eventually(async () => (await bruno.client.get('/notifications/unread')).body.count === count - 1, 10000,
    'the count without the left conversation\'s mention');
  assert.equal(sql(`SELECT COUNT(*) FROM notifications WHERE user_id = ${bruno.id} AND conversation_id = ${c.id}`).trim(), '0');
});

test('e-mail: a message still unread after the delay is mailed once, with who wrote and what', async () => {
  const alice = await person('Alice '), bruno = await person('Bruno ');
  const c = await conversation(alice, [bruno]);
  const sent = performance.now();
  await send(alice, c, 'Rendez-vous <b>demain</b>\nà 9 h');
  const mail = await eventually(() => mailsTo(bruno)[0], (DELAY + 20) * 1000, 'the chat mail at Bruno\'s address');
  assert.ok(performance.now() - sent >= (DELAY - 1) * 1000, `mailed after the delay (${DELAY} s), not before`);
  assert.equal(decodeWords(mail.headers.subject), `${alice.user.display_name} vous a envoyé un message`);
  const text = part(mail, 'text/plain'), html = part(mail, 'text/html');
  assert.ok(text.includes(`${alice.user.display_name} :\r\nRendez-vous <b>demain</b>\r\nà 9 h`), text);
  assert.ok(html.includes('Rendez-vous &lt;b&gt;demain&lt;/b&gt;<br>à 9 h'), 'the text escaped in the HTML part');
  assert.ok(text.includes(`/messagerie/${c.id}`) && html.includes(`/messagerie/${c.id}`), 'a link to the conversation');
  // a message more: the notification was mailed and is still unread, no second mail
  await send(alice, c, 'Tu as vu ?');
  const control = await person('Témoin ');
  await send(control, await conversation(control, [bruno]), 'contrôle');
  await eventually(() => mailsTo(bruno).some((m) => part(m, 'text/plain').includes('contrôle')), (DELAY + 20) * 1000,
    'the control mail, mailed after the second message would have been');
  assert.equal(mailsTo(bruno).filter((m) => linksTo(m, c)).length, 1,
    'one mail for the conversation');
});

test('e-mail: a message read before the delay is not mailed', async () => {
  const alice = await person('Alice '), bruno = await person('Bruno '), control = await person('Témoin ');
  const c = await conversation(alice, [bruno]);
  const m = await send(alice, c, 'Réponds vite');
  await awaitNote(bruno, c, () => true, 'the notification');
  assert.equal((await bruno.client.post(`/conversations/${c.id}/read`, { up_to: m.id })).status, 204);
  // a later message from someone else, left unread: its mail comes after the
  // first one's would have
  const other = await conversation(control, [bruno]);
  await send(control, other, 'contrôle');
  await eventually(() => mailsTo(bruno).some((x) => linksTo(x, other)),
    (DELAY + 20) * 1000, 'the control conversation\'s mail');
  assert.equal(mailsTo(bruno).filter((x) => linksTo(x, c)).length, 0,
    'nothing mailed for the conversation he read');
});

test('e-mail: the daily digest carries chat notifications', async () => {
  const alice = await person('Alice '), bruno = await person('Bruno ');
  assert.equal((await bruno.client.put('/me/notification-settings', { email: { message: 'daily' } })).status, 200);
  const c = await conversation(alice, [bruno]);
  await send(alice, c, 'Pour le résumé');
  await awaitNote(bruno, c, () => true, 'the notification');
  assert.equal((await admin.post('/admin/mail/digest', { kind: 'daily' })).status, 202);
  const digest = await eventually(() => mailsTo(bruno).find((m) => /résumé du jour/.test(decodeWords(m.headers.subject))),
    15000, 'Bruno\'s daily digest');
  const text = part(digest, 'text/plain');
  assert.ok(text.includes(`${alice.user.display_name} vous a envoyé un message`), text);
  assert.ok(linksTo(digest, c), text);
});

test('retention: messages older than chat_retention_days go with their files; files never sent go after a day', async () => {
  const alice = await person('Alice '), bruno = await person('Bruno ');
  const c = await conversation(alice, [bruno]);
  const upload = async (content) => {
    const r = await alice.client.request('PUT', `/conversations/${c.id}/files/${unique('note')}.txt`, undefined,
      { raw: content, headers: { 'Content-Type': 'application/octet-stream' } });
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  const blobOf = (attachment) => {
    const sha = sql(`SELECT sha256 FROM chat_attachments WHERE id = ${attachment}`).trim();
    return join(VAR, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha);
  };
  const file = await upload(`ancien ${randomUUID()}\n`);
  const old = await send(alice, c, 'Un vieux message', { attachments: [file.id] });
  const recent = await send(alice, c, 'Un message récent');
  const path = blobOf(file.id);
  assert.ok(existsSync(path), 'the attachment\'s blob is on disk');
  const unsentFile = await upload(`jamais envoyé ${randomUUID()}\n`);
  const unsentPath = blobOf(unsentFile.id);
  // three days old, and an upload never sent two days old
  sql(`UPDATE chat_messages SET created_at = UTC_TIMESTAMP(3) - INTERVAL 3 DAY WHERE id = ${old.id}`);
  sql(`UPDATE chat_attachments SET created_at = UTC_TIMESTAMP(3) - INTERVAL 2 DAY WHERE id = ${unsentFile.id}`);
  await eventually(() => !existsSync(unsentPath), 15000, 'the file never sent removed, whatever the retention');
  assert.equal(sql(`SELECT COUNT(*) FROM chat_attachments WHERE id = ${unsentFile.id}`).trim(), '0');
  assert.equal((await bruno.client.get(old.attachments[0].content_url)).status, 200, 'kept while retention is 0');
  assert.equal((await admin.patch('/settings', { chat_retention_days: 2 })).status, 200);
  try {
    await eventually(async () => !(await bruno.client.get(`/conversations/${c.id}/messages`)).body.items.some((m) => m.id === old.id),
      15000, 'the three-day-old message deleted');
    const left = (await bruno.client.get(`/conversations/${c.id}/messages`)).body.items.map((m) => m.id);
    assert.deepEqual(left, [recent.id], 'the recent message kept');
    assert.equal((await bruno.client.get(old.attachments[0].content_url)).status, 404, 'its file gone');
    // the rows go in one transaction, the blob's file after its commit
    await eventually(() => !existsSync(path), 15000, 'its blob removed from disk after the rows');
    assert.equal(sql(`SELECT COUNT(*) FROM blobs WHERE sha256 = '${path.split('/').at(-1)}'`).trim(), '0');
  } finally {
    assert.equal((await admin.patch('/settings', { chat_retention_days: 0 })).status, 200);
  }
});
