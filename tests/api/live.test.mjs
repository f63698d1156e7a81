// Live updates through nginx's nchan module: a person's channel carries
// their unread count at once; a group's channel its new posts; a post's
// its comments and reaction counts. Each channel is authorised by a
// worker: another person's channel, a private group or post one may not
// read, or no session: refused. A reconnecting client catches up with
// Last-Event-ID.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminClient, newUser, unique, eventually } from './client.mjs';
import { subscribe } from './eventsource.mjs';

const admin = await adminClient();

async function group(owner, visibility = 'public') {
  const r = await owner.client.post('/groups', { name: unique('Direct '), visibility });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

test('the bell\'s count arrives on one\'s own channel without asking', async () => {
  const alice = await newUser(admin);
  const bob = await newUser(admin);
  const g = await group(alice);
  await alice.client.put(`/groups/${g.id}/members/${bob.id}`, { role: 'member' });
  const sub = await subscribe(bob.client, `u${bob.id}`);
  assert.equal(sub.status, 200);
  try {
    await alice.client.post(`/groups/${g.id}/posts`, { body: 'À lire', must_read: true });
    await eventually(() => sub.events.some((e) => e.type === 'unread' && e.count >= 2), 10000,
      'an unread count of 2 (added to the group, a must-read post) on Bob\'s channel');
    const n = (await bob.client.get('/notifications/unread')).body.count;
    assert.equal(sub.events.at(-1).count, n);
    // marking read elsewhere: the count follows in every tab
    await bob.client.post('/notifications/read', { all: true });
    await eventually(() => sub.events.at(-1).type === 'unread' && sub.events.at(-1).count === 0, 10000,
      'a count of 0 after « Tout marquer comme lu »');
  } finally { sub.close(); }
});

test('GET /live without channels is one\'s own channel', async () => {
  const alice = await newUser(admin);
  const bob = await newUser(admin);
  const g = await group(alice);
  const sub = await subscribe(bob.client, null);
  assert.equal(sub.status, 200);
  try {
    await alice.client.put(`/groups/${g.id}/members/${bob.id}`, { role: 'member' });
    await eventually(() => sub.events.some((e) => e.type === 'unread' && e.count >= 1), 10000,
      'Bob\'s count on GET /live (added to a group)');
  } finally { sub.close(); }
});

test('a group\'s feed and an open post are live', async () => {
  const alice = await newUser(admin);
  const bob = await newUser(admin);
  const g = await group(alice);
  await alice.client.put(`/groups/${g.id}/members/${bob.id}`, { role: 'member' });
  const feed = await subscribe(bob.client, `u${bob.id},g${g.id},news`);
  assert.equal(feed.status, 200);
  try {
    const p = (await alice.client.post(`/groups/${g.id}/posts`, { body: 'Nouvelle' })).body;
    await eventually(() => feed.events.some((e) => e.type === 'post' && e.id === p.id && e.group === g.id), 10000,
      'the new post on the group\'s channel');
    const open = await subscribe(bob.client, `u${bob.id},p${p.id}`);
    try {
      await alice.client.post(`/posts/${p.id}/comments`, { body: 'Un commentaire' });
      await eventually(() => open.events.some((e) => e.type === 'comments' && e.post === p.id && e.count === 1), 10000,
        'the comment count on the post\'s channel');
      await bob.client.put(`/posts/${p.id}/reaction`, { kind: 'merci' });
      await eventually(() => open.events.some((e) => e.type === 'reactions' && e.reactions.merci === 1), 10000,
        'the reaction counts on the post\'s channel');
      await bob.client.del(`/posts/${p.id}/reaction`);
      await eventually(() => open.events.some((e) => e.type === 'reactions' && e.reactions.merci === 0), 10000,
        'the reaction counts after removing one');
    } finally { open.close(); }
  } finally { feed.close(); }
});

test('channels one may not read are refused', async () => {
  const alice = await newUser(admin);
  const bob = await newUser(admin);
  const secret = await group(alice, 'secret');
  const p = (await alice.client.post(`/groups/${secret.id}/posts`, { body: 'Caché' })).body;
  for (const channels of [`u${alice.id}`, `u${bob.id},u${alice.id}`, `g${secret.id}`, `p${p.id}`, 'x1', 'u', 'u0', ',', 'news,,x']) {
    const s = await subscribe(bob.client, channels);
    s.close();
    assert.ok([400, 403].includes(s.status), `${channels}: ${s.status}`);
  }
  const anonymous = await subscribe(null, `u${bob.id}`);
  anonymous.close();
  assert.ok([401, 403].includes(anonymous.status), `no session: ${anonymous.status}`);
  // an escaped list is read as the worker reads it: nchan subscribes to what the worker checked
  const escaped = await subscribe(bob.client, `u${bob.id}%2Cnews`);
  escaped.close();
  assert.equal(escaped.status, 200);
  const hidden = await subscribe(bob.client, `u${bob.id}%2Cu${alice.id}`);
  hidden.close();
  assert.equal(hidden.status, 403, 'another person\'s channel, escaped');
  const many = await subscribe(bob.client, Array.from({ length: 70 }, () => `u${bob.id}`).join(','));
  many.close();
  assert.ok([400, 403].includes(many.status));
});

test('a tab that reconnects catches up with Last-Event-ID', async () => {
  const alice = await newUser(admin);
  const bob = await newUser(admin);
  const g = await group(alice);
  await alice.client.put(`/groups/${g.id}/members/${bob.id}`, { role: 'member' });
  // Alice's tab stays open: it says when a message has been published
  const watcher = await subscribe(alice.client, `g${g.id}`);
  const first = await subscribe(bob.client, `g${g.id}`);
  try {
    const p1 = (await alice.client.post(`/groups/${g.id}/posts`, { body: 'Un' })).body;
    await eventually(() => first.events.some((e) => e.id === p1.id), 10000, 'the first post live');
    const last = first.lastId;
    first.close();
    const p2 = (await alice.client.post(`/groups/${g.id}/posts`, { body: 'Deux, pendant la coupure' })).body;
    await eventually(() => watcher.events.some((e) => e.id === p2.id), 10000, 'the second post published (seen by an open tab)');
    // Bob's tab comes back after the publication, with the id of the last message it had
    const again = await subscribe(bob.client, `g${g.id}`, { lastEventId: last });
    try {
      await eventually(() => again.events.some((e) => e.id === p2.id), 10000,
        'the post published while disconnected, replayed after Last-Event-ID');
    } finally { again.close(); }
  } finally { watcher.close(); first.close(); }
});
