// Chat through the API: direct conversations found again, group
// conversations and their people, a group's discussion following its
// members, messages (Markdown, replies, edits, tombstones, reactions,
// retries stored once, 10 a second, 10,000 characters), history pages,
// read marks, unread counts and receipts, files from the computer and the
// drive, video meetings, reports and closing, retention settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { adminClient, newUser, unique } from './client.mjs';

const admin = await adminClient();

async function open(who, participants, extra = {}) {
  const r = await who.client.post('/conversations', { participants: participants.map((p) => p.id), ...extra });
  assert.ok(r.status === 201 || r.status === 200, r.text);
  return r.body;
}
async function send(who, conv, body, extra = {}) {
  const r = await who.client.post(`/conversations/${conv.id}/messages`, { body, client_id: randomUUID(), ...extra });
  assert.equal(r.status, 201, r.text);
  return r.body;
}
async function history(who, conv, query = '') {
  const r = await who.client.get(`/conversations/${conv.id}/messages${query}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}
async function unread(who) {
  const r = await who.client.get('/conversations/unread');
  assert.equal(r.status, 200, r.text);
  return r.body;
}

test('a direct conversation is the pair\'s: opened again by either, it is found again', async () => {
  const alice = await newUser(admin), bruno = await newUser(admin);
  const r1 = await alice.client.post('/conversations', { participants: [bruno.id] });
  assert.equal(r1.status, 201, r1.text);
  assert.equal(r1.body.kind, 'direct');
  assert.deepEqual(r1.body.participants.map((p) => p.id).sort(), [alice.id, bruno.id].sort());
  assert.equal(r1.body.title, bruno.user.display_name, 'the other person names it');
  const r2 = await bruno.client.post('/conversations', { participants: [alice.id] });
  assert.equal(r2.status, 200, r2.text);
  assert.equal(r2.body.id, r1.body.id);
  const alone = await alice.client.post('/conversations', { participants: [alice.id] });
  assert.equal(alone.status, 400, alone.text);
  const ghost = await alice.client.post('/conversations', { participants: [99999999] });
  assert.equal(ghost.status, 400);
  assert.match(ghost.body.error.message, /99999999/);
  const twice = await alice.client.post('/conversations', { participants: [bruno.id, bruno.id] });
  assert.equal(twice.status, 400);
});

test('messages: Markdown made safe, replies, edits marked, deletion leaves a tombstone', async () => {
  const alice = await newUser(admin), bruno = await newUser(admin);
  const c = await open(alice, [bruno]);
  const m1 = await send(alice, c, 'Bonjour **Bruno** <script>alert(1)</script> [x](javascript:alert(1))');
  assert.match(m1.body_html, /<strong>Bruno<\/strong>/);
  assert.doesNotMatch(m1.body_html, /<script|javascript:/);
  assert.equal(m1.seq, 1);
  const m2 = await send(bruno, c, 'Bonjour !', { reply_to: m1.id });
  assert.equal(m2.seq, 2);
  assert.equal(m2.reply_to.id, m1.id);
  assert.match(m2.reply_to.excerpt, /^Bonjour \*\*Bruno\*\*/);
  const edited = await alice.client.patch(`/messages/${m1.id}`, { body: 'Bonjour Bruno, modifié' });
  assert.equal(edited.status, 200, edited.text);
  assert.equal(edited.body.edited, true);
  const notMine = await bruno.client.patch(`/messages/${m1.id}`, { body: 'piraté' });
  assert.equal(notMine.status, 403);
  assert.equal((await bruno.client.del(`/messages/${m1.id}`)).status, 403);
  assert.equal((await alice.client.del(`/messages/${m1.id}`)).status, 204);
  const h = await history(bruno, c);
  assert.deepEqual(h.items.map((m) => m.seq), [2, 1], 'newest first, the tombstone in its place');
  assert.equal(h.items[1].deleted, true);
  assert.equal(h.items[1].body, '');
  assert.equal(h.items[0].reply_to.deleted, true, 'the quote of a deleted message says so');
  assert.equal((await alice.client.patch(`/messages/${m1.id}`, { body: 'encore' })).status, 409);
});

test('a retry with the same client_id is stored once', async () => {
  const alice = await newUser(admin), bruno = await newUser(admin);
  const c = await open(alice, [bruno]);
  const client_id = randomUUID();
  const answers = await Promise.all([1, 2, 3].map(() =>
    alice.client.post(`/conversations/${c.id}/messages`, { body: 'Une seule fois', client_id })));
  const statuses = answers.map((a) => a.status).sort();
  assert.deepEqual(statuses, [200, 200, 201], answers.map((a) => a.text).join('\n'));
  assert.equal(new Set(answers.map((a) => a.body.id)).size, 1);
  assert.equal((await history(bruno, c)).items.length, 1);
  const bad = await alice.client.post(`/conversations/${c.id}/messages`, { body: 'x', client_id: 'a b' });
  assert.equal(bad.status, 400);
  // the same client_id in another conversation: refused, nothing stored there
  const other = await open(alice, [await newUser(admin)]);
  const taken = await alice.client.post(`/conversations/${other.id}/messages`, { body: 'Une seule fois', client_id });
  assert.equal(taken.status, 409, taken.text);
  assert.match(taken.body.error.message, /client_id a déjà servi/);
  assert.equal((await history(alice, other)).items.length, 0);
  // another author may use the same client_id
  assert.equal((await bruno.client.post(`/conversations/${c.id}/messages`, { body: 'Moi aussi', client_id })).status, 201);
});

test('over 10,000 characters: 413 with the limit; an empty message: 400', async () => {
  const alice = await newUser(admin), bruno = await newUser(admin);
  const c = await open(alice, [bruno]);
  const long = await alice.client.post(`/conversations/${c.id}/messages`, { body: 'é'.repeat(10001), client_id: randomUUID() });
  assert.equal(long.status, 413, long.text);
  assert.equal(long.body.error.code, 'too_large');
  assert.match(long.body.error.message, /10000/);
  const exact = await alice.client.post(`/conversations/${c.id}/messages`, { body: 'é'.repeat(10000), client_id: randomUUID() });
  assert.equal(exact.status, 201);
  const empty = await alice.client.post(`/conversations/${c.id}/messages`, { body: ' \n ', client_id: randomUUID() });
  assert.equal(empty.status, 400);
});

test('more than 10 messages a second: 429, and every message answered 201 is stored', async () => {
  const alice = await newUser(admin), bruno = await newUser(admin);
  const c = await open(alice, [bruno]);
  const answers = await Promise.all(Array.from({ length: 30 }, (_, i) =>
    alice.client.post(`/conversations/${c.id}/messages`, { body: `rafale ${i}`, client_id: randomUUID() })));
  const ok = answers.filter((a) => a.status === 201), limited = answers.filter((a) => a.status === 429);
  assert.ok(limited.length > 0, 'some were refused');
  assert.equal(ok.length + limited.length, 30, answers.map((a) => a.status).join(','));
  assert.equal(limited[0].body.error.code, 'rate_limited');
  assert.ok(limited[0].headers['retry-after']);
  const stored = (await history(bruno, c, '?limit=100')).items.map((m) => m.id).sort();
  assert.deepEqual(stored, ok.map((a) => a.body.id).sort());
  const seqs = (await history(bruno, c, '?limit=100')).items.map((m) => m.seq);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a), 'ordered by the server\'s sequence');
  assert.deepEqual([...seqs].sort((a, b) => a - b), seqs.map((_, i) => i + 1), 'no gap, no repeat');
});

test('history pages: before, after and around a message, newest first', async () => {
  const alice = await newUser(admin), bruno = await newUser(admin), chloe = await newUser(admin);
  const c = await open(alice, [bruno, chloe], { name: 'Pages' });
  const sent = [];
  // three people in turn: 9 messages each at most, under the sending limit whatever the pace
  for (let i = 1; i <= 25; i++) sent.push(await send([alice, bruno, chloe][i % 3], c, `message ${i}`));
  const p1 = await history(alice, c, '?limit=10');
  assert.deepEqual(p1.items.map((m) => m.seq), [25, 24, 23, 22, 21, 20, 19, 18, 17, 16]);
  const p2 = await history(alice, c, `?limit=10&before=${p1.next}`);
  assert.deepEqual(p2.items.map((m) => m.seq), [15, 14, 13, 12, 11, 10, 9, 8, 7, 6]);
  const p3 = await history(alice, c, `?limit=10&before=${p2.next}`);
  assert.deepEqual(p3.items.map((m) => m.seq), [5, 4, 3, 2, 1]);
  assert.equal(p3.next, null);
  const around = await history(alice, c, `?limit=10&around=${sent[11].id}`);
  assert.ok(around.items.some((m) => m.id === sent[11].id));
  assert.deepEqual(around.items.map((m) => m.seq), [17, 16, 15, 14, 13, 12, 11, 10, 9, 8]);
  assert.equal(around.newer, true);
  const after = await history(alice, c, `?after=${sent[22].id}`);
  assert.deepEqual(after.items.map((m) => m.seq), [25, 24]);
  const elsewhere = await open(alice, [await newUser(admin)]);
  assert.equal((await alice.client.get(`/conversations/${elsewhere.id}/messages?before=${sent[3].id}`)).status, 404);
});

test('read marks, unread counts, receipts and « marquer comme non lu »', async () => {
  const alice = await newUser(admin), bruno = await newUser(admin), chloe = await newUser(admin);
  const c = await open(alice, [bruno, chloe], { name: 'Trio' });
  assert.equal(c.kind, 'group');
  const m1 = await send(alice, c, 'un');
  const m2 = await send(alice, c, 'deux');
  assert.deepEqual(await unread(bruno), { count: 1, messages: 2 });
  assert.equal((await unread(alice)).count, 0, 'sending marks one\'s own conversation read');
  const list = await bruno.client.get('/conversations');
  const row = list.body.items.find((x) => x.id === c.id);
  assert.equal(row.unread, 2);
  assert.equal(row.last_message.body, 'deux');
  assert.equal((await bruno.client.post(`/conversations/${c.id}/read`, { up_to: m2.id })).status, 204);
  assert.deepEqual(await unread(bruno), { count: 0, messages: 0 });
  // the mark never moves back by reading an older one
  assert.equal((await bruno.client.post(`/conversations/${c.id}/read`, { up_to: m1.id })).status, 204);
  assert.equal((await unread(bruno)).messages, 0);
  const h = await history(alice, c);
  assert.deepEqual(h.items[0].seen_by, [bruno.id], '« Vu par Bruno »');
  assert.equal(h.items[0].seen_count, 1);
  assert.equal((await bruno.client.post(`/conversations/${c.id}/unread`, { from: m1.id })).status, 204);
  assert.deepEqual(await unread(bruno), { count: 1, messages: 2 });
  // muted: out of the header's count
  assert.equal((await bruno.client.patch(`/conversations/${c.id}`, { muted: true })).status, 200);
  assert.deepEqual(await unread(bruno), { count: 0, messages: 0 });
  const other = await open(alice, [await newUser(admin)]);
  const elsewhere = await send(alice, other, 'ailleurs');
  assert.equal((await bruno.client.post(`/conversations/${c.id}/read`, { up_to: elsewhere.id })).status, 400);
  // a message's own answer: read by nobody yet, named in a direct conversation
  assert.deepEqual([elsewhere.seen_count, elsewhere.seen_by], [0, []]);
  assert.deepEqual([m2.seen_count, m2.seen_by], [0, []]);
});

test('group conversations: people added and removed, the creator\'s rule, leaving; the removed read nothing', async () => {
  const alice = await newUser(admin), bruno = await newUser(admin), chloe = await newUser(admin), dan = await newUser(admin);
  const c = await open(alice, [bruno], { name: 'Projet', add_policy: 'creator' });
  assert.equal((await bruno.client.put(`/conversations/${c.id}/participants/${chloe.id}`)).status, 403, 'only its creator adds');
  assert.equal((await alice.client.put(`/conversations/${c.id}/participants/${chloe.id}`)).status, 204);
  const m = await send(alice, c, 'bienvenue');
  assert.equal((await history(chloe, c)).items[0].id, m.id, 'a new participant reads the history');
  assert.equal((await dan.client.get(`/conversations/${c.id}/messages`)).status, 404, 'others see nothing');
  assert.equal((await dan.client.post(`/conversations/${c.id}/messages`, { body: 'x' })).status, 404);
  assert.equal((await admin.get(`/conversations/${c.id}/messages`)).status, 404, 'administrators read only what they are in');
  assert.equal((await alice.client.patch(`/conversations/${c.id}`, { add_policy: 'members' })).status, 200);
  assert.equal((await bruno.client.del(`/conversations/${c.id}/participants/${chloe.id}`)).status, 204);
  assert.equal((await chloe.client.get(`/conversations/${c.id}/messages`)).status, 404, 'removed: nothing more');
  assert.equal((await chloe.client.post(`/conversations/${c.id}/messages`, { body: 'encore', client_id: randomUUID() })).status, 404);
  assert.ok(!(await chloe.client.get('/conversations')).body.items.some((x) => x.id === c.id));
  assert.equal((await bruno.client.del(`/conversations/${c.id}/participants/${bruno.id}`)).status, 204, 'leaving');
  assert.equal((await bruno.client.get(`/conversations/${c.id}`)).status, 404);
  assert.equal((await alice.client.patch(`/conversations/${c.id}`, { name: 'Projet 2' })).body.name, 'Projet 2');
});

test('a direct conversation left by one: the other cannot write there, and a new one is made', async () => {
  const alice = await newUser(admin), bruno = await newUser(admin);
  const c = await open(alice, [bruno]);
  await send(alice, c, 'avant');
  assert.equal((await alice.client.put(`/conversations/${c.id}/participants/${(await newUser(admin)).id}`)).status, 409);
  assert.equal((await bruno.client.del(`/conversations/${c.id}/participants/${bruno.id}`)).status, 204);
  const refused = await alice.client.post(`/conversations/${c.id}/messages`, { body: 'tu es là ?', client_id: randomUUID() });
  assert.equal(refused.status, 409, refused.text);
  assert.match(refused.body.error.message, /quitté/);
  assert.equal((await history(alice, c)).items.length, 1, 'the history stays with the one who stayed');
  const again = await open(alice, [bruno]);
  assert.notEqual(again.id, c.id);
});

test('a disabled account: the direct conversation with it refuses new messages clearly', async () => {
  const alice = await newUser(admin), bruno = await newUser(admin);
  const c = await open(alice, [bruno]);
  assert.equal((await admin.patch(`/users/${bruno.id}`, { status: 'disabled' })).status, 200);
  const r = await alice.client.post(`/conversations/${c.id}/messages`, { body: 'allô', client_id: randomUUID() });
  assert.equal(r.status, 409, r.text);
  assert.match(r.body.error.message, /désactivé/);
  assert.equal((await bruno.client.get('/conversations')).status, 401, 'the disabled person is signed out');
  assert.equal((await alice.client.post('/conversations', { participants: [bruno.id] })).status, 400);
});

test('reactions: any emoji, several per person, letters refused', async () => {
  const alice = await newUser(admin), bruno = await newUser(admin);
  const c = await open(alice, [bruno]);
  const m = await send(alice, c, 'On fête ça ?');
  const path = (e) => `/messages/${m.id}/reactions/${encodeURIComponent(e)}`;
  assert.equal((await bruno.client.put(path('🎉'))).status, 204);
  assert.equal((await bruno.client.put(path('👍🏽'))).status, 204);
  assert.equal((await alice.client.put(path('🎉'))).status, 204);
  assert.equal((await alice.client.put(path('🎉'))).status, 204, 'again: nothing changes');
  assert.equal((await bruno.client.put(path('abc'))).status, 400);
  assert.equal((await bruno.client.put(path('<b>'))).status, 400);
  let got = (await history(alice, c)).items[0].reactions;
  assert.deepEqual(got.map((x) => [x.emoji, x.count]), [['🎉', 2], ['👍🏽', 1]]);
  assert.deepEqual(got[0].users.sort(), [alice.id, bruno.id].sort());
  assert.equal((await bruno.client.del(path('🎉'))).status, 204);
  got = (await history(alice, c)).items[0].reactions;
  assert.deepEqual(got.map((x) => [x.emoji, x.count, x.users]).sort(), [['👍🏽', 1, [bruno.id]], ['🎉', 1, [alice.id]]].sort());
  assert.equal((await (await newUser(admin)).client.put(path('🎉'))).status, 404);
});

test('a group\'s discussion: its managers switch it on, its members take part, leaving the group takes it away', async () => {
  const owner = await newUser(admin), member = await newUser(admin), outsider = await newUser(admin);
  const g = (await owner.client.post('/groups', { name: unique('Équipe '), visibility: 'private' })).body;
  assert.equal((await owner.client.put(`/groups/${g.id}/members/${member.id}`, { role: 'member' })).status, 200);
  const off = await member.client.post('/conversations', { group_id: g.id });
  assert.equal(off.status, 403, 'a member cannot switch it on');
  const on = await owner.client.post('/conversations', { group_id: g.id });
  assert.equal(on.status, 201, on.text);
  assert.equal(on.body.kind, 'room');
  assert.equal(on.body.group.id, g.id);
  const again = await member.client.post('/conversations', { group_id: g.id });
  assert.equal(again.status, 200);
  assert.equal(again.body.id, on.body.id);
  const m = await send(member, on.body, 'Salut l\'équipe');
  assert.equal((await outsider.client.get(`/conversations/${on.body.id}/messages`)).status, 404);
  assert.equal((await outsider.client.post('/conversations', { group_id: g.id })).status, 404);
  assert.ok((await member.client.get('/conversations')).body.items.some((x) => x.id === on.body.id));
  // joining gives the history
  assert.equal((await owner.client.put(`/groups/${g.id}/members/${outsider.id}`, { role: 'member' })).status, 200);
  assert.equal((await history(outsider, on.body)).items[0].id, m.id);
  // leaving takes it away
  assert.equal((await outsider.client.del(`/groups/${g.id}/members/${outsider.id}`)).status, 204);
  assert.equal((await outsider.client.get(`/conversations/${on.body.id}/messages`)).status, 404);
  assert.equal((await member.client.del(`/conversations/${on.body.id}/participants/${member.id}`)).status, 409,
    'one leaves a discussion by leaving the group');
  // switched off: members read nothing, its history is kept for when it is on again
  assert.equal((await owner.client.patch(`/conversations/${on.body.id}`, { enabled: false })).status, 200);
  assert.equal((await member.client.get(`/conversations/${on.body.id}/messages`)).status, 403);
  assert.equal((await owner.client.post('/conversations', { group_id: g.id })).status, 201);
  assert.equal((await history(member, on.body)).items[0].id, m.id);
});

test('files: from the computer and from the drive, opened only by the participants', async () => {
  const alice = await newUser(admin), bruno = await newUser(admin), eve = await newUser(admin);
  const c = await open(alice, [bruno]);
  const up = await alice.client.request('PUT', `/conversations/${c.id}/files/${encodeURIComponent('compte rendu.txt')}`, undefined,
    { raw: 'Le compte rendu de la réunion.\n', headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(up.status, 201, up.text);
  assert.equal(up.body.name, 'compte rendu.txt');
  const root = (await alice.client.get('/drive')).body.root_folder_id;
  const put = await alice.client.request('PUT', `/folders/${root}/files/${unique('plan')}.txt`, undefined,
    { raw: 'Plan du site\n', headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(put.status, 201, put.text);
  const fromDrive = await alice.client.post(`/conversations/${c.id}/attachments`, { file_id: put.body.id });
  assert.equal(fromDrive.status, 201, fromDrive.text);
  assert.equal((await bruno.client.post(`/conversations/${c.id}/attachments`, { file_id: put.body.id })).status, 404,
    'a drive file one may not read');
  const m = await send(alice, c, 'Voici les documents', { attachments: [up.body.id, fromDrive.body.id] });
  assert.equal(m.attachments.length, 2);
  const content = await bruno.client.get(m.attachments[0].content_url);
  assert.equal(content.status, 200);
  assert.equal(content.text, 'Le compte rendu de la réunion.\n');
  assert.equal((await eve.client.get(m.attachments[0].content_url)).status, 404);
  // the drive's file deleted: the conversation keeps what was sent
  assert.equal((await alice.client.del(`/files/${put.body.id}`)).status, 204);
  assert.equal((await bruno.client.get(m.attachments[1].content_url)).text, 'Plan du site\n');
  // an attachment is used once, by its uploader
  const reuse = await bruno.client.post(`/conversations/${c.id}/messages`, { body: 'moi aussi', client_id: randomUUID(), attachments: [up.body.id] });
  assert.equal(reuse.status, 400);
  // a deleted message takes its files with it
  assert.equal((await alice.client.del(`/messages/${m.id}`)).status, 204);
  assert.equal((await bruno.client.get(m.attachments[0].content_url)).status, 404);
});

test('« Lancer une visio »: a room on the organisation\'s service, once an administrator named it', async () => {
  const alice = await newUser(admin), bruno = await newUser(admin);
  const c = await open(alice, [bruno]);
  assert.equal((await admin.patch('/settings', { video_url: '' })).status, 200);
  const none = await alice.client.post(`/conversations/${c.id}/meeting`);
  assert.equal(none.status, 409, none.text);
  assert.equal((await admin.patch('/settings', { video_url: 'javascript:alert(1)' })).status, 400);
  assert.equal((await admin.patch('/settings', { video_url: 'https://visio.example.org/' })).status, 200);
  const m = await alice.client.post(`/conversations/${c.id}/meeting`);
  assert.equal(m.status, 201, m.text);
  assert.equal(m.body.kind, 'meeting');
  assert.match(m.body.meeting_url, /^https:\/\/visio\.example\.org\/parvis-[A-Za-z0-9_-]{20}$/);
  assert.equal((await admin.patch('/settings', { video_url: '' })).status, 200);
});

test('reports: administrators see who reported what, never the messages, and close it', async () => {
  const alice = await newUser(admin), bruno = await newUser(admin);
  const c = await open(alice, [bruno]);
  await send(bruno, c, 'un message déplacé');
  const rep = await alice.client.post(`/conversations/${c.id}/report`, { reason: 'Propos déplacés' });
  assert.equal(rep.status, 201, rep.text);
  assert.equal((await alice.client.get('/admin/chat/reports')).status, 403);
  const list = await admin.get('/admin/chat/reports');
  assert.equal(list.status, 200, list.text);
  const item = list.body.items.find((x) => x.id === rep.body.id);
  assert.equal(item.reason, 'Propos déplacés');
  assert.deepEqual(item.conversation.participants.map((p) => p.id).sort(), [alice.id, bruno.id].sort());
  assert.doesNotMatch(list.text, /déplacé(?!s)/, 'no message text in the reports');
  assert.equal((await admin.get(`/conversations/${c.id}/messages`)).status, 404);
  assert.equal((await admin.post(`/admin/conversations/${c.id}/close`)).status, 204);
  const closed = await bruno.client.post(`/conversations/${c.id}/messages`, { body: 'encore', client_id: randomUUID() });
  assert.equal(closed.status, 409);
  assert.match(closed.body.error.message, /fermée/);
  assert.equal((await history(alice, c)).items.length, 1, 'still readable');
  assert.equal((await admin.del(`/admin/conversations/${c.id}/close`)).status, 204);
  await send(bruno, c, 'de nouveau ouvert');
});

test('the retention setting: administrators only, 0 to 3650 days', async () => {
  const alice = await newUser(admin);
  assert.equal((await alice.client.patch('/settings', { chat_retention_days: 30 })).status, 403);
  assert.equal((await admin.patch('/settings', { chat_retention_days: -1 })).status, 400);
  const r = await admin.patch('/settings', { chat_retention_days: 0 });
  assert.equal(r.status, 200);
  assert.equal(r.body.chat_retention_days, 0);
});

test('errors speak English when asked', async () => {
  const alice = await newUser(admin);
  alice.client.lang = 'en';
  const r = await alice.client.get('/conversations/99999999');
  assert.equal(r.status, 404);
  assert.match(r.body.error.message, /conversation does not exist/);
});

test('an archived group\'s discussion is read-only, like the group', async () => {
  const owner = await newUser(admin), member = await newUser(admin);
  const g = (await owner.client.post('/groups', { name: unique('Archivé '), visibility: 'public' })).body;
  assert.equal((await owner.client.put(`/groups/${g.id}/members/${member.id}`, { role: 'member' })).status, 200);
  const room = (await owner.client.post('/conversations', { group_id: g.id })).body;
  const m = await send(member, room, 'avant l\'archivage');
  assert.equal((await owner.client.patch(`/groups/${g.id}`, { archived: true })).status, 200);
  const r = await member.client.post(`/conversations/${room.id}/messages`, { body: 'après', client_id: randomUUID() });
  assert.equal(r.status, 409, r.text);
  assert.equal((await member.client.patch(`/messages/${m.id}`, { body: 'changé' })).status, 409);
  assert.equal((await history(member, room)).items[0].id, m.id, 'still readable');
});

test('erasing an account: its messages become tombstones in the others\' conversations, its files go', async () => {
  const alice = await newUser(admin), bruno = await newUser(admin);
  const c = await open(alice, [bruno]);
  const up = await bruno.client.request('PUT', `/conversations/${c.id}/files/photo.txt`, undefined,
    { raw: 'données de Bruno\n', headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(up.status, 201, up.text);
  const m = await send(bruno, c, 'Mon numéro est le 06 12 34 56 78', { attachments: [up.body.id] });
  const reply = await send(alice, c, 'Merci', { reply_to: m.id });
  assert.equal((await admin.del(`/users/${bruno.id}`)).status, 204);
  const h = await history(alice, c);
  assert.deepEqual(h.items.map((x) => x.id), [reply.id, m.id], 'the conversation keeps its order');
  assert.equal(h.items[1].deleted, true);
  assert.equal(h.items[1].body, '');
  assert.equal(h.items[1].author, null);
  assert.deepEqual(h.items[1].attachments, []);
  assert.equal(h.items[0].reply_to.excerpt, '', 'the quote says nothing of it either');
  assert.equal((await alice.client.get(m.attachments[0].content_url)).status, 404);
});

test('no live channel carries a conversation: chat goes only to each person\'s own channel', async () => {
  const alice = await newUser(admin), bruno = await newUser(admin);
  const c = await open(alice, [bruno]);
  for (const channel of [`c${c.id}`, `conversation${c.id}`, `u${bruno.id}`]) {
    const r = await alice.client.get(`/live/authorize?channels=${channel}`);
    assert.equal(r.status, 403, `${channel}: ${r.text}`);
  }
  assert.equal((await alice.client.get(`/live/authorize?channels=u${alice.id}`)).status, 200);
});
