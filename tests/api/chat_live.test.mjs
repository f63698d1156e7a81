// Chat live, through nginx's nchan: every open tab of every participant
// receives a new message, its edits, deletion and reactions, « écrit… »,
// the read receipts and the header's count, on the person's own channel;
// nobody else does. A person removed from a conversation is told to drop
// it and receives nothing of it afterwards; a group's discussion follows
// the group's members as they join and leave.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { adminClient, newUser, unique, eventually, sql } from './client.mjs';
import { subscribe } from './eventsource.mjs';

const admin = await adminClient();
const open = [];
after(() => { for (const s of open) s.close(); });

async function tab(who) {
  const s = await subscribe(who.client, null);
  assert.equal(s.status, 200, 'GET /live answered');
  open.push(s);
  return s;
}
async function conversation(who, people, extra = {}) {
  const r = await who.client.post('/conversations', { participants: people.map((p) => p.id), ...extra });
  assert.ok(r.status === 201 || r.status === 200, r.text);
  return r.body;
}
async function send(who, conv, body) {
  const r = await who.client.post(`/conversations/${conv.id}/messages`, { body, client_id: randomUUID() });
  assert.equal(r.status, 201, r.text);
  return r.body;
}
const about = (conv) => (e) => e.conversation_id === conv.id;
// the first event of `sub` that `pred` accepts, once it arrived
const arrives = (sub, pred, what) => eventually(() => sub.events.find(pred), 10000, what);
const messageEvent = (m, type = 'chat.message') => (e) => e.type === type && e.message?.id === m.id;

// A marker: a direct message from the postman, published after everything
// queued before it (the notifier takes its queue in order, nchan keeps a
// channel's order). Once every tab of `who` has it, what they were not
// sent before it will never come.
const postman = await newUser(admin, { name: unique('Facteur ') });
async function settled(who, tabs) {
  const c = await conversation(postman, [who]);
  const m = await send(postman, c, unique('marqueur '));
  for (const s of tabs) await arrives(s, messageEvent(m), `the marker in ${who.email}'s tab`);
}

test('a message reaches every open tab of every participant, and nobody else', async () => {
  const alice = await newUser(admin), bruno = await newUser(admin), carla = await newUser(admin), dan = await newUser(admin);
  const c = await conversation(alice, [bruno, carla], { name: unique('Projet ') });
  const a1 = await tab(alice), b1 = await tab(bruno), b2 = await tab(bruno), c1 = await tab(carla), d1 = await tab(dan);
  const m = await send(alice, c, 'Bonjour à **tous**');
  for (const [s, who] of [[a1, 'Alice'], [b1, 'Bruno (first tab)'], [b2, 'Bruno (second tab)'], [c1, 'Carla']]) {
    const e = await arrives(s, messageEvent(m), `the message in ${who}'s tab`);
    assert.equal(e.conversation_id, c.id);
    assert.equal(e.message.body, 'Bonjour à **tous**');
    assert.match(e.message.body_html, /<strong>tous<\/strong>/);
    assert.equal(e.message.author.id, alice.id);
    assert.equal(e.message.seq, m.seq);
  }
  await settled(dan, [d1]);
  assert.deepEqual(d1.events.filter(about(c)), [], 'nothing of the conversation reaches someone outside it');
});

test('edits, deletions and reactions reach the participants as the message changed', async () => {
  const alice = await newUser(admin), bruno = await newUser(admin);
  const c = await conversation(alice, [bruno]);
  const b1 = await tab(bruno);
  const m = await send(alice, c, 'Premier jet');
  await arrives(b1, messageEvent(m), 'the new message');
  assert.equal((await alice.client.patch(`/messages/${m.id}`, { body: 'Version revue' })).status, 200);
  let e = await arrives(b1, (x) => messageEvent(m, 'chat.message_changed')(x) && x.message.edited, 'the edit');
  assert.equal(e.message.body, 'Version revue');
  assert.equal((await bruno.client.put(`/messages/${m.id}/reactions/${encodeURIComponent('👍')}`)).status, 204);
  e = await arrives(b1, (x) => messageEvent(m, 'chat.message_changed')(x) && x.message.reactions.length, 'the reaction');
  assert.deepEqual(e.message.reactions.map((r) => [r.emoji, r.count, r.users]), [['👍', 1, [bruno.id]]]);
  assert.equal((await alice.client.del(`/messages/${m.id}`)).status, 204);
  e = await arrives(b1, (x) => messageEvent(m, 'chat.message_changed')(x) && x.message.deleted, 'the deletion');
  assert.equal(e.message.body, '', 'a tombstone carries no text');
  assert.deepEqual(e.message.reactions, []);
});

test('« écrit… » reaches the others, not the one who types', async () => {
  const alice = await newUser(admin, { name: unique('Alice ') }), bruno = await newUser(admin);
  const c = await conversation(alice, [bruno]);
  const a1 = await tab(alice), b1 = await tab(bruno);
  assert.equal((await alice.client.post(`/conversations/${c.id}/typing`)).status, 204);
  const e = await arrives(b1, (x) => x.type === 'chat.typing' && x.conversation_id === c.id, 'Alice typing, in Bruno\'s tab');
  assert.deepEqual(e.user, { id: alice.id, display_name: alice.user.display_name });
  await settled(alice, [a1]);
  assert.equal(a1.events.filter((x) => x.type === 'chat.typing').length, 0, 'one is not told one types');
});

test('a « écrit… » the notifier reaches late (over 5 s) is dropped', async () => {
  const alice = await newUser(admin), bruno = await newUser(admin), carla = await newUser(admin);
  const c = await conversation(alice, [bruno, carla], { name: unique('Retard ') });
  const b1 = await tab(bruno);
  // Carla's, written 10 s ago (as when the notifier was behind), then Alice's now
  sql(`INSERT INTO notify_queue (event, object_id, actor_id, created_at)
       VALUES ('chat_typing', ${c.id}, ${carla.id}, UTC_TIMESTAMP(3) - INTERVAL 10 SECOND)`);
  assert.equal((await alice.client.post(`/conversations/${c.id}/typing`)).status, 204);
  await arrives(b1, (x) => x.type === 'chat.typing' && x.user.id === alice.id, 'Alice typing, in Bruno\'s tab');
  assert.equal(b1.events.filter((x) => x.type === 'chat.typing' && x.user.id === carla.id).length, 0,
    'the stale one, queued before, was not published');
});

test('read receipts reach the others; the reader\'s other tabs get their count', async () => {
  const alice = await newUser(admin), bruno = await newUser(admin);
  const c = await conversation(alice, [bruno]);
  const a1 = await tab(alice), b1 = await tab(bruno);
  const m = await send(alice, c, 'Tu as vu ?');
  await arrives(b1, (x) => x.type === 'chat.unread' && x.count === 1, 'Bruno\'s count of 1');
  assert.equal((await bruno.client.post(`/conversations/${c.id}/read`, { up_to: m.id })).status, 204);
  const e = await arrives(a1, (x) => x.type === 'chat.read' && x.conversation_id === c.id, 'Bruno\'s receipt in Alice\'s tab');
  assert.deepEqual(e, { type: 'chat.read', conversation_id: c.id, user_id: bruno.id, seq: m.seq });
  await eventually(() => b1.events.filter((x) => x.type === 'chat.unread').at(-1)?.count === 0, 10000,
    'a count of 0 in Bruno\'s tab once he read');
});

test('a removed participant is told to drop the conversation, then receives nothing of it', async () => {
  const alice = await newUser(admin), bruno = await newUser(admin), carla = await newUser(admin);
  const c = await conversation(alice, [bruno, carla], { name: unique('Équipe ') });
  const b1 = await tab(bruno), c1 = await tab(carla);
  const before = await send(alice, c, 'Avant');
  await arrives(c1, messageEvent(before), 'the first message, while Carla takes part');
  assert.equal((await alice.client.del(`/conversations/${c.id}/participants/${carla.id}`)).status, 204);
  await arrives(c1, (x) => x.type === 'chat.removed' && x.conversation_id === c.id, 'chat.removed for Carla');
  await arrives(b1, (x) => x.type === 'chat.conversation' && x.conversation_id === c.id, 'chat.conversation for Bruno');
  const removedAt = c1.events.findIndex((x) => x.type === 'chat.removed');
  const later = await send(alice, c, 'Après');
  await arrives(b1, messageEvent(later), 'the later message for Bruno');
  await settled(carla, [c1]);
  assert.deepEqual(c1.events.slice(removedAt + 1).filter(about(c)), [], 'nothing of it after chat.removed');
  // leaving by oneself: the same
  assert.equal((await bruno.client.del(`/conversations/${c.id}/participants/${bruno.id}`)).status, 204);
  await arrives(b1, (x) => x.type === 'chat.removed' && x.conversation_id === c.id, 'chat.removed for Bruno, who left');
});

test('a group\'s discussion follows its members: who joins gets it live, who left does not', async () => {
  const alice = await newUser(admin), bruno = await newUser(admin), carla = await newUser(admin);
  const g = (await alice.client.post('/groups', { name: unique('Voirie '), visibility: 'public' })).body;
  assert.equal((await alice.client.put(`/groups/${g.id}/members/${bruno.id}`, { role: 'member' })).status, 200);
  const r = await alice.client.post('/conversations', { group_id: g.id });
  assert.equal(r.status, 201, r.text);
  const room = r.body;
  const b1 = await tab(bruno), c1 = await tab(carla);
  const first = await send(alice, room, 'Réunion jeudi');
  await arrives(b1, messageEvent(first), 'the room\'s message for Bruno, a member');
  // Carla joins the group by herself: the discussion appears, then its messages
  assert.equal((await carla.client.post(`/groups/${g.id}/join`)).status, 200);
  await arrives(c1, (x) => x.type === 'chat.conversation' && x.conversation_id === room.id, 'the room appearing for Carla');
  await arrives(c1, (x) => x.type === 'chat.unread' && x.count >= 1, 'Carla\'s count: the room\'s history is unread');
  const second = await send(alice, room, 'Ordre du jour');
  await arrives(c1, messageEvent(second), 'the room\'s message for Carla, a member now');
  // Bruno leaves the group: the room goes, and its messages stop
  assert.equal((await bruno.client.del(`/groups/${g.id}/members/${bruno.id}`)).status, 204);
  await arrives(b1, (x) => x.type === 'chat.removed' && x.conversation_id === room.id, 'chat.removed for Bruno, who left the group');
  const removedAt = b1.events.findIndex((x) => x.type === 'chat.removed');
  const third = await send(alice, room, 'Compte rendu');
  await arrives(c1, messageEvent(third), 'the third message for Carla');
  await settled(bruno, [b1]);
  assert.deepEqual(b1.events.slice(removedAt + 1).filter(about(room)), [], 'nothing of the room once he left the group');
});

test('the header\'s count: conversations with unread messages, muted ones left out', async () => {
  const alice = await newUser(admin), bruno = await newUser(admin), carla = await newUser(admin);
  const b1 = await tab(bruno);
  const latest = () => b1.events.filter((x) => x.type === 'chat.unread').at(-1)?.count;
  const apiCount = async () => (await bruno.client.get('/conversations/unread')).body.count;
  const withAlice = await conversation(alice, [bruno]);
  const m1 = await send(alice, withAlice, 'Un');
  await eventually(() => latest() === 1, 10000, 'a count of 1');
  await send(alice, withAlice, 'Deux');
  const withCarla = await conversation(carla, [bruno]);
  await send(carla, withCarla, 'Trois');
  await eventually(() => latest() === 2, 10000, 'a count of 2: two conversations, whatever the messages');
  assert.equal(await apiCount(), 2);
  assert.equal((await bruno.client.post(`/conversations/${withAlice.id}/read`, { up_to: m1.id })).status, 204);
  await eventually(async () => latest() === 2 && await apiCount() === 2, 10000, 'still 2: a message of Alice\'s is unread');
  const h = (await bruno.client.get(`/conversations/${withAlice.id}/messages`)).body.items;
  assert.equal((await bruno.client.post(`/conversations/${withAlice.id}/read`, { up_to: h[0].id })).status, 204);
  await eventually(() => latest() === 1, 10000, 'a count of 1 once Alice\'s conversation is read');
  assert.equal((await bruno.client.patch(`/conversations/${withCarla.id}`, { muted: true })).status, 200);
  await eventually(() => latest() === 0, 10000, 'a count of 0: Carla\'s conversation muted');
  assert.equal(await apiCount(), 0);
});
