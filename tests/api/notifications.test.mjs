// Notifications: what notifies whom (comments, replies, mentions, grouped
// reactions, must-read posts, new posts at the level « tout », files,
// shares, requests and their answers, being added or made a manager,
// administrators' messages), grouping, following levels and mutes, what
// a person may not see never reaching them, the list, the unread count,
// marking read, and the e-mail choices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { adminClient, newUser, unique, eventually, sql, pidOf, VAR } from './client.mjs';

const admin = await adminClient();

async function group(owner, visibility = 'public', extra = {}) {
  const r = await owner.client.post('/groups', { name: unique('Groupe '), visibility, ...extra });
  assert.equal(r.status, 201, r.text);
  return r.body;
}
async function addMember(owner, g, person, role = 'member') {
  const r = await owner.client.put(`/groups/${g.id}/members/${person.id}`, { role });
  assert.equal(r.status, 200, r.text);
}
async function post(who, g, body, extra = {}) {
  const r = await who.client.post(`/groups/${g.id}/posts`, { body, ...extra });
  assert.equal(r.status, 201, r.text);
  return r.body;
}
async function list(who, query = '') {
  const r = await who.client.get('/notifications' + query);
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}
async function unread(who) {
  const r = await who.client.get('/notifications/unread');
  assert.equal(r.status, 200, r.text);
  return r.body.count;
}
// the first notification of `kind` about target id, once the notifier wrote it
async function awaitNote(who, kind, targetId, pred = () => true, what = '') {
  let found;
  await eventually(async () => {
    found = (await list(who, '?limit=100')).find((n) => n.kind === kind && n.target.id === targetId && pred(n));
    return !!found;
  }, 10000, `a « ${kind} » notification about ${targetId} for ${who.email} ${what}`);
  return found;
}
// the notifier has handled everything queued before now: a marker event
// (a comment on a post of the marker's own) arrives, in queue order
async function settled(who) {
  const g = await group(who);
  const p = await post(who, g, 'marqueur');
  const other = await newUser(admin);
  await addMember(who, g, other);
  await other.client.post(`/posts/${p.id}/comments`, { body: 'marqueur' });
  await awaitNote(who, 'comment', p.id, () => true, '(the marker)');
}

test('a comment notifies the post author; several commenters make one notification that counts them', async () => {
  const alice = await newUser(admin, { name: 'Alice Martin' });
  const bob = await newUser(admin, { name: 'Bob Durand' });
  const carol = await newUser(admin, { name: 'Carol Petit' });
  const dan = await newUser(admin, { name: 'Dan Roux' });
  const g = await group(alice);
  for (const p of [bob, carol, dan]) await addMember(alice, g, p);
  const p = await post(alice, g, 'Le budget 2027', { title: 'Budget' });
  await bob.client.post(`/posts/${p.id}/comments`, { body: 'Merci' });
  const first = await awaitNote(alice, 'comment', p.id);
  assert.equal(first.read, false);
  assert.equal(first.target.url, `/publications/${p.id}`);
  assert.match(first.text, /Bob Durand a commenté votre publication «\s*Budget\s*»/);
  await carol.client.post(`/posts/${p.id}/comments`, { body: 'Oui' });
  await dan.client.post(`/posts/${p.id}/comments`, { body: 'Bien' });
  await bob.client.post(`/posts/${p.id}/comments`, { body: 'Encore moi' });
  const grouped = await awaitNote(alice, 'comment', p.id, (n) => n.count === 3 && n.text.startsWith('Bob'), 'counting 3 people, Bob last');
  assert.equal(grouped.id, first.id, 'the same notification, updated');
  assert.match(grouped.text, /^Bob Durand et 2 autres ont commenté/);
  assert.equal((await list(alice)).filter((n) => n.kind === 'comment' && n.target.id === p.id).length, 1);
  // English for an English reader
  alice.client.lang = 'en';
  assert.match((await list(alice)).find((n) => n.id === first.id).text, /^Bob Durand and 2 others commented on your post “Budget”$/);
  alice.client.lang = 'fr';
  // commenters follow the post: Carol hears of Dan's next comment, Dan of none of his own
  await dan.client.post(`/posts/${p.id}/comments`, { body: 'Dernier mot' });
  await awaitNote(carol, 'comment', p.id, (n) => n.actors[0]?.id === dan.id, '(Dan\'s last comment)');
  await settled(dan);
  const dans = (await list(dan)).filter((n) => n.kind === 'comment' && n.target.id === p.id);
  assert.equal(dans.length, 1, 'Dan heard of Bob\'s comment after his own');
  assert.ok(dans[0].actors.every((a) => a.id !== dan.id), 'never of his own');
});

test('reactions are grouped per post, never one notification per like', async () => {
  const alice = await newUser(admin);
  const g = await group(alice);
  const p = await post(alice, g, 'Réagissez');
  const people = [];
  for (let i = 0; i < 4; i++) { const u = await newUser(admin); await addMember(alice, g, u); people.push(u); }
  for (const u of people) assert.equal((await u.client.put(`/posts/${p.id}/reaction`, { kind: 'like' })).status, 200);
  // changing one's reaction is not a new one
  await people[0].client.put(`/posts/${p.id}/reaction`, { kind: 'bravo' });
  const n = await awaitNote(alice, 'reaction', p.id, (x) => x.count === 4, 'counting 4 people');
  assert.equal((await list(alice)).filter((x) => x.kind === 'reaction').length, 1);
  assert.equal(n.actors.length, 3, 'three names shown at most');
});

test('mentions reach the person mentioned if they may read the post, and nobody else', async () => {
  const alice = await newUser(admin);
  const bob = await newUser(admin);
  const outsider = await newUser(admin);
  const g = await group(alice, 'private');
  await addMember(alice, g, bob);
  const p = await post(alice, g, `Bonjour [@${bob.user.display_name}](mention:${bob.id}) et [@${outsider.user.display_name}](mention:${outsider.id})`);
  const n = await awaitNote(bob, 'mention', p.id);
  assert.match(n.text, /vous a mentionné/);
  await settled(outsider);
  assert.equal((await list(outsider)).filter((x) => x.target.type === 'post' && x.target.id === p.id).length, 0, 'a private group\'s post never reaches an outsider');
});

test('a must-read post notifies every member whatever their level; new posts only those at « tout », grouped per hour', async () => {
  const alice = await newUser(admin);
  const all = await newUser(admin);
  const essential = await newUser(admin);
  const none = await newUser(admin);
  const g = await group(alice);
  for (const p of [all, essential, none]) await addMember(alice, g, p);
  assert.equal((await all.client.put(`/groups/${g.id}/follow`, { level: 'all' })).status, 204);
  assert.equal((await none.client.put(`/groups/${g.id}/follow`, { level: 'none' })).status, 204);
  assert.deepEqual((await all.client.get(`/groups/${g.id}/follow`)).body, { level: 'all', default: 'essential', explicit: true });
  assert.equal((await essential.client.get(`/groups/${g.id}/follow`)).body.level, 'essential');
  assert.equal((await all.client.put(`/groups/${g.id}/follow`, { level: 'loud' })).status, 400);
  const p1 = await post(alice, g, 'Premier');
  const p2 = await post(alice, g, 'Deuxième');
  await awaitNote(all, 'post', p2.id, (n) => n.count === 2, '(two posts grouped)');
  assert.match((await list(all)).find((n) => n.kind === 'post').text, /^2 nouvelles publications dans/);
  assert.equal((await list(all)).find((n) => n.kind === 'post').target.url, `/groupes/${g.id}`);
  const mr = await post(alice, g, 'Consignes de sécurité', { must_read: true, title: 'Sécurité' });
  for (const u of [all, essential, none]) await awaitNote(u, 'must_read', mr.id);
  await settled(essential);
  assert.equal((await list(essential)).filter((n) => n.kind === 'post').length, 0, '« essentiel » hears of no ordinary post');
  assert.equal((await list(none)).filter((n) => n.kind === 'post').length, 0);
  void p1;
  // the managers' default level for the group
  assert.equal((await alice.client.patch(`/groups/${g.id}`, { follow_default: 'all', must_read_reminder_days: 5 })).status, 200);
  const gg = (await essential.client.get(`/groups/${g.id}`)).body;
  assert.equal(gg.follow_default, 'all');
  assert.equal(gg.must_read_reminder_days, 5);
  assert.equal((await essential.client.get(`/groups/${g.id}/follow`)).body.level, 'all');
  assert.equal((await essential.client.patch(`/groups/${g.id}`, { follow_default: 'none' })).status, 403);
  assert.equal((await alice.client.patch(`/groups/${g.id}`, { must_read_reminder_days: 31 })).status, 400);
});

test('a muted post tells nothing; following a post one never wrote on tells its comments', async () => {
  const alice = await newUser(admin);
  const bob = await newUser(admin);
  const carol = await newUser(admin);
  const g = await group(alice);
  await addMember(alice, g, bob);
  await addMember(alice, g, carol);
  const p = await post(alice, g, 'Sujet');
  assert.equal((await alice.client.put(`/posts/${p.id}/follow`, { state: 'mute' })).status, 204);
  assert.equal((await alice.client.get(`/posts/${p.id}/follow`)).body.state, 'mute');
  assert.equal((await carol.client.put(`/posts/${p.id}/follow`, { state: 'follow' })).status, 204);
  await bob.client.post(`/posts/${p.id}/comments`, { body: 'Un avis' });
  await awaitNote(carol, 'comment', p.id);
  await settled(alice);
  assert.equal((await list(alice)).filter((n) => n.target.type === 'post' && n.target.id === p.id).length, 0, 'muted');
  assert.equal((await carol.client.put(`/posts/${p.id}/follow`, { state: 'loud' })).status, 400);
});

test('requests, their answers, being added and made a manager', async () => {
  const alice = await newUser(admin);
  const bob = await newUser(admin, { name: 'Bob Demandeur' });
  const carol = await newUser(admin);
  const g = await group(alice, 'private');
  assert.equal((await bob.client.post(`/groups/${g.id}/join`)).body.status, 'requested');
  const req = await awaitNote(alice, 'request', g.id);
  assert.match(req.text, /Bob Demandeur demande à rejoindre/);
  assert.equal(req.target.url, `/groupes/${g.id}?onglet=membres`);
  assert.equal((await alice.client.post(`/groups/${g.id}/requests/${bob.id}/approve`)).status, 200);
  const ok = await awaitNote(bob, 'request_decided', g.id);
  assert.match(ok.text, /a été acceptée/);
  assert.equal((await carol.client.post(`/groups/${g.id}/join`)).body.status, 'requested');
  assert.equal((await alice.client.del(`/groups/${g.id}/requests/${carol.id}`)).status, 204);
  assert.match((await awaitNote(carol, 'request_decided', g.id)).text, /a été refusée/);
  await addMember(alice, g, bob, 'manager');
  await awaitNote(bob, 'added_to_group', g.id, (n) => /gestionnaire/.test(n.text));
});

test('a secret group\'s notifications vanish for someone removed from it, and never name it to others', async () => {
  const alice = await newUser(admin);
  const bob = await newUser(admin);
  const g = await group(alice, 'secret');
  await addMember(alice, g, bob);
  const added = await awaitNote(bob, 'added_to_group', g.id);
  assert.ok(added.text.includes(g.name));
  const p = await post(alice, g, 'Secret', { must_read: true });
  await awaitNote(bob, 'must_read', p.id);
  const before = await unread(bob);
  assert.ok(before >= 2);
  assert.equal((await alice.client.del(`/groups/${g.id}/members/${bob.id}`)).status, 204);
  await eventually(async () => (await list(bob)).every((n) => n.group?.id !== g.id && !(n.target.type === 'post' && n.target.id === p.id))
    && (await unread(bob)) === before - 2, 10000, 'the secret group\'s notifications gone from the list and the count');
  assert.ok(!JSON.stringify(await list(bob)).includes(g.name));
});

test('a deleted post takes its notifications with it', async () => {
  const alice = await newUser(admin);
  const bob = await newUser(admin);
  const g = await group(alice);
  await addMember(alice, g, bob);
  const p = await post(alice, g, 'Bientôt supprimé', { must_read: true });
  await awaitNote(bob, 'must_read', p.id);
  assert.equal((await alice.client.del(`/posts/${p.id}`)).status, 204);
  assert.equal((await list(bob)).filter((n) => n.target.id === p.id && n.target.type === 'post').length, 0);
});

test('files added to a group drive, shares, and a followed folder', async () => {
  const alice = await newUser(admin);
  const bob = await newUser(admin);
  const g = await group(alice);
  await addMember(alice, g, bob);
  await bob.client.put(`/groups/${g.id}/follow`, { level: 'all' });
  const root = (await alice.client.get(`/groups/${g.id}/drive`)).body.root_folder_id;
  const up = await alice.client.put(`/folders/${root}/files/${encodeURIComponent('compte-rendu.txt')}`, undefined, { raw: 'bonjour' });
  assert.equal(up.status, 201, up.text);
  const n = await awaitNote(bob, 'file', up.body.id);
  assert.match(n.text, /a ajouté «\s*compte-rendu\.txt\s*»/);
  assert.equal(n.target.url, `/drive/dossiers/${root}`);
  // a personal folder shared with Carol, who follows it
  const carol = await newUser(admin);
  const mine = (await alice.client.get('/drive')).body.root_folder_id;
  const folder = (await alice.client.post('/folders', { parent_id: mine, name: unique('Partagé ') })).body;
  assert.equal((await alice.client.put(`/nodes/${folder.id}/shares/${carol.id}`, {})).status, 200);
  await awaitNote(carol, 'share', folder.id, (x) => x.target.type === 'folder');
  assert.equal((await carol.client.put(`/folders/${folder.id}/follow`, { follow: true })).status, 204);
  assert.deepEqual((await carol.client.get(`/folders/${folder.id}/follow`)).body, { follow: true });
  const f2 = await alice.client.put(`/folders/${folder.id}/files/plan.txt`, undefined, { raw: 'plan' });
  await awaitNote(carol, 'file', f2.body.id);
  // someone the folder is not shared with cannot follow it
  assert.equal((await bob.client.put(`/folders/${folder.id}/follow`, { follow: true })).status, 404);
});

test('an administrators\' message reaches every account; others may not send one', async () => {
  const bob = await newUser(admin);
  const title = unique('Maintenance ');
  const r = await admin.post('/admin/messages', { title, body: 'Coupure samedi' });
  assert.equal(r.status, 202, r.text);
  const n = await awaitNote(bob, 'announcement', r.body.id);
  assert.equal(n.target.type, 'announcement');
  assert.ok(n.text.includes(title));
  assert.deepEqual(n.announcement, { title, body: 'Coupure samedi' });
  assert.equal((await bob.client.post('/admin/messages', { title: 'x' })).status, 403);
  assert.equal((await admin.post('/admin/messages', {})).status, 400);
});

test('marking read: by id, by target, all; another person\'s or an unknown id is 404', async () => {
  const alice = await newUser(admin);
  const bob = await newUser(admin);
  const g = await group(alice);
  await addMember(alice, g, bob);
  const p1 = await post(alice, g, 'Un', { must_read: true });
  const p2 = await post(alice, g, 'Deux', { must_read: true });
  const p3 = await post(alice, g, 'Trois', { must_read: true });
  const n1 = await awaitNote(bob, 'must_read', p1.id);
  await awaitNote(bob, 'must_read', p3.id);
  const count = await unread(bob);
  assert.equal((await alice.client.post('/notifications/read', { ids: [n1.id] })).status, 404, 'not hers');
  assert.equal((await bob.client.post('/notifications/read', { ids: [n1.id, 999999999] })).status, 404);
  assert.equal(await unread(bob), count, 'nothing marked by a refused request');
  assert.equal((await bob.client.post('/notifications/read', { ids: [n1.id] })).status, 204);
  assert.equal(await unread(bob), count - 1);
  assert.equal((await bob.client.post('/notifications/read', { target: { type: 'post', id: p2.id } })).status, 204);
  assert.equal(await unread(bob), count - 2);
  assert.equal((await list(bob, '?unread=1')).filter((n) => n.target.type === 'post' && [p1.id, p2.id].includes(n.target.id)).length, 0);
  assert.equal((await bob.client.post('/notifications/read', { all: true })).status, 204);
  assert.equal(await unread(bob), 0, JSON.stringify(await list(bob, '?unread=1')));
  for (const bad of [{}, { ids: [] }, { ids: ['x'] }, { all: false }, { target: { type: 'moon', id: 1 } }, { ids: [1], all: true }])
    assert.equal((await bob.client.post('/notifications/read', bad)).status, 400, JSON.stringify(bad));
  // read ones stay listed, as read
  assert.equal((await list(bob)).find((n) => n.id === n1.id).read, true);
});

test('paging through many notifications', async () => {
  const alice = await newUser(admin);
  const bob = await newUser(admin);
  const g = await group(alice);
  await addMember(alice, g, bob);
  const ids = [];
  for (let i = 0; i < 25; i++) ids.push((await post(alice, g, `Note ${i}`, { must_read: true })).id);
  await awaitNote(bob, 'must_read', ids[24]);
  await eventually(async () => (await list(bob, '?limit=100')).length >= 25, 10000, '25 notifications');
  const seen = [];
  let cursor = null;
  do {
    const r = await bob.client.get('/notifications?limit=7' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
    assert.equal(r.status, 200);
    seen.push(...r.body.items.filter((n) => n.target.type === 'post').map((n) => n.target.id));
    cursor = r.body.next;
  } while (cursor);
  assert.deepEqual(seen.filter((id) => ids.includes(id)), [...ids].reverse(), 'newest first, each once');
  assert.equal((await bob.client.get('/notifications?cursor=garbage')).status, 400);
  assert.equal((await bob.client.get('/notifications?limit=1000')).status, 400);
});

test('e-mail choices per kind, with defaults', async () => {
  const bob = await newUser(admin);
  const r = await bob.client.get('/me/notification-settings');
  assert.equal(r.status, 200);
  assert.equal(r.body.email.mention, 'immediate');
  assert.equal(r.body.email.must_read, 'immediate');
  assert.equal(r.body.email.comment, 'daily');
  // chat's messages and the administrators' announcements: at once
  assert.equal(r.body.email.message, 'immediate');
  assert.equal(r.body.email.announcement, 'immediate');
  assert.ok(r.body.kinds.includes('file') && r.body.kinds.includes('announcement'));
  const w = await bob.client.put('/me/notification-settings', { email: { comment: 'weekly', mention: 'never' } });
  assert.equal(w.status, 200, w.text);
  assert.equal(w.body.email.comment, 'weekly');
  assert.equal(w.body.email.mention, 'never');
  assert.equal((await bob.client.put('/me/notification-settings', { email: { comment: 'hourly' } })).status, 400);
  assert.equal((await bob.client.put('/me/notification-settings', { email: { weather: 'daily' } })).status, 400);
  assert.equal((await bob.client.put('/me/notification-settings', { other: 1 })).status, 400);
});

test('a person with 50,000 notifications pages through them all', async () => {
  const bob = await newUser(admin);
  const msg = (await admin.post('/admin/messages', { title: unique('Ancien ') })).body.id;
  await awaitNote(bob, 'announcement', msg);
  // 50,000 more, written directly (an administrators' message each time would take minutes)
  sql(`INSERT INTO notifications (user_id, kind, gkey, target_type, target_id, message_id, actors, actor_count,
         event_count, created_at, updated_at)
       SELECT ${bob.id}, 'announcement', CONCAT('bulk:', seq), 'announcement', ${msg}, ${msg}, '[]', 0, 1,
              UTC_TIMESTAMP(3) - INTERVAL seq SECOND, UTC_TIMESTAMP(3) - INTERVAL seq SECOND FROM seq_1_to_50000`);
  assert.equal(await unread(bob), 50001);
  let cursor = null, pages = 0, seen = 0, last = null;
  do {
    const r = await bob.client.get('/notifications?limit=100' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
    assert.equal(r.status, 200, r.text);
    for (const n of r.body.items) {
      if (last) assert.ok(n.updated <= last, 'newest first');
      last = n.updated;
    }
    seen += r.body.items.length;
    cursor = r.body.next;
    pages++;
  } while (cursor);
  assert.equal(seen, 50001);
  assert.equal(pages, 501);
  assert.equal((await bob.client.post('/notifications/read', { all: true })).status, 204);
  assert.equal(await unread(bob), 0);
});

test('a must-read post not confirmed after the group\'s delay is recalled to those who did not confirm it', async () => {
  const alice = await newUser(admin);
  const reader = await newUser(admin);
  const late = await newUser(admin);
  const g = await group(alice);
  await addMember(alice, g, reader);
  await addMember(alice, g, late);
  assert.equal((await alice.client.patch(`/groups/${g.id}`, { must_read_reminder_days: 2 })).status, 200);
  const p = await post(alice, g, 'Procédure incendie', { must_read: true, title: 'Incendie' });
  await awaitNote(late, 'must_read', p.id);
  assert.equal((await reader.client.post(`/posts/${p.id}/ack`)).status, 200);
  // three days ago; the notifier looks for due reminders when it starts (and every ten minutes)
  sql(`UPDATE posts SET publish_at = UTC_TIMESTAMP(3) - INTERVAL 3 DAY WHERE id = ${p.id}`);
  process.kill(pidOf('notifier'), 'SIGHUP');
  const n = await eventually(async () => (await list(late)).find((x) => x.kind === 'must_read' && x.target.id === p.id
    && /^Rappel/.test(x.text)), 30000, 'the reminder for the member who did not confirm');
  assert.match(n.text, /Rappel : «\s*Incendie\s*» dans .* est à lire et à confirmer/);
  assert.equal((await list(reader)).filter((x) => /^Rappel/.test(x.text)).length, 0, 'none for who confirmed');
  // once only
  process.kill(pidOf('notifier'), 'SIGHUP');
  await settled(late);
  assert.equal((await list(late)).filter((x) => /^Rappel/.test(x.text)).length, 1);
});

test('a group made secret: what outsiders were told of it disappears, its name with it', async () => {
  const alice = await newUser(admin);
  const carol = await newUser(admin);
  const g = await group(alice, 'private');
  assert.equal((await carol.client.post(`/groups/${g.id}/join`)).body.status, 'requested');
  assert.equal((await alice.client.del(`/groups/${g.id}/requests/${carol.id}`)).status, 204);
  const declined = await awaitNote(carol, 'request_decided', g.id);
  assert.ok(declined.text.includes(g.name), 'a private group\'s name may be told');
  const before = await unread(carol);
  assert.equal((await alice.client.patch(`/groups/${g.id}`, { visibility: 'secret' })).status, 200);
  await eventually(async () => !(await list(carol)).some((n) => n.id === declined.id) && (await unread(carol)) === before - 1,
    10000, 'the refusal gone from the list and the count once the group is secret');
  assert.ok(!JSON.stringify(await list(carol)).includes(g.name));
});

test('the notifier met no event it could not handle (a statement refused, a row skipped)', () => {
  const log = readFileSync(join(VAR, 'log', 'notifier.log'), 'utf8');
  const bad = log.split('\n').filter((l) => /skipped after|does not match the statement|unknown event/.test(l));
  assert.deepEqual(bad, []);
});

test('a renamed person reads under the new name in notifications already written (on every worker)', async () => {
  const alice = await newUser(admin);
  const bob = await newUser(admin, { name: unique('Avant ') });
  const g = await group(alice);
  await addMember(alice, g, bob);
  const p = await post(alice, g, 'Avis');
  await bob.client.post(`/posts/${p.id}/comments`, { body: 'Premier' });
  const n = await awaitNote(alice, 'comment', p.id);
  assert.match(n.text, /^Avant /);
  for (let i = 0; i < 12; i++) await list(alice);           // every worker keeps the old name
  const renamed = unique('Après ');
  assert.equal((await bob.client.patch(`/users/${bob.id}`, { display_name: renamed })).status, 200);
  for (let i = 0; i < 12; i++) {
    const again = (await list(alice)).find((x) => x.id === n.id);
    assert.ok(again.text.startsWith(renamed), again.text);
    assert.equal(again.actors[0].display_name, renamed);
  }
});

test('names and titles with quotes, backslashes and emoji come back intact in the list', async () => {
  const alice = await newUser(admin, { name: 'Zoé "la \\ Reine" 🎉' });
  const bob = await newUser(admin);
  const g = (await alice.client.post('/groups', { name: unique('Chorale « \\ " ') , visibility: 'public' })).body;
  await addMember(alice, g, bob);
  const title = 'Répétition "générale" \\ 20 h 🎶';
  const p = await post(alice, g, 'x', { title, must_read: true });
  const n = await awaitNote(bob, 'must_read', p.id);
  assert.ok(n.text.includes(title), n.text);
  assert.equal(n.group.name, g.name);
  assert.equal(n.actors[0].display_name, 'Zoé "la \\ Reine" 🎉');
});

test('a post made must-read afterwards tells its members once', async () => {
  const alice = await newUser(admin);
  const bob = await newUser(admin);
  const g = await group(alice);
  await addMember(alice, g, bob);
  const p = await post(alice, g, 'Ordinaire d\'abord', { title: 'Consigne' });
  assert.equal((await alice.client.patch(`/posts/${p.id}`, { must_read: true })).status, 200);
  const n = await awaitNote(bob, 'must_read', p.id);
  assert.match(n.text, /^À lire obligatoirement dans .* : «\s*Consigne\s*»/);
  // marked again: still one, and what was read stays read
  await bob.client.post('/notifications/read', { ids: [n.id] });
  assert.equal((await alice.client.patch(`/posts/${p.id}`, { must_read: true })).status, 200);
  await settled(bob);
  const mine = (await list(bob)).filter((x) => x.kind === 'must_read' && x.target.id === p.id);
  assert.equal(mine.length, 1);
  assert.equal(mine[0].read, true, 'not made unread again');
  assert.equal(mine[0].count, 1);
});
