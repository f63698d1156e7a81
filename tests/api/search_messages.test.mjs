// Chat messages in the search box (type=message): found with the same
// French words as posts (accents, elisions, stems), only by the
// conversation's participants of the moment — never by an outsider nor by
// an administrator —; a removal counts on the very next search; edits and
// deletions follow.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { VAR, adminClient, newUser, unique, eventually, sql } from './client.mjs';

const admin = await adminClient();
const word = (p) => `${p}${unique().replace(/\W/g, '').toLowerCase()}`;
const find = (who, q, extra = '') => (who.client ?? who).get(`/search?q=${encodeURIComponent(q)}${extra}`);
const found = async (who, q, extra = '&type=message') => (await find(who, q, extra)).body.items.map((i) => i.id).sort((x, y) => x - y);
const indexed = () => eventually(async () => (await admin.get('/health')).body.index.pending === 0, 10000, 'the index queue empty');

function ok(r, what, status = [200, 201, 204]) {
  assert.ok(status.includes(r.status), `${what}: ${r.status} ${r.text}`);
  return r.body;
}
const conversation = async (who, participants, name) =>
  ok(await who.client.post('/conversations', name ? { participants, name } : { participants }), 'a conversation');
const send = async (who, conv, body, extra = {}) =>
  ok(await who.client.post(`/conversations/${conv}/messages`, { body, client_id: unique('c'), ...extra }), 'a message');

test('a message is found by its participants with French words, by nobody else', async () => {
  const [alice, bob, carol] = [await newUser(admin), await newUser(admin), await newUser(admin)];
  const w = word('zorglub');
  const conv = await conversation(alice, [bob.id], `Projet ${w}`);
  const m = await send(alice, conv.id, `Les **réunions** budgétaires de l'école ${w} sont reportées.`);
  const other = await send(bob, conv.id, `D'accord, j'ai prévenu l'équipe ${w}.`);
  await eventually(async () => (await found(bob, w)).length === 2, 5000, 'both messages in the index');
  // accents, case, elision and stems, as posts
  for (const q of [`reunion budgetaire ${w}`, `ÉCOLE ${w}`, `l'ecole ${w}`, `réunions ${w}`, `reportee ${w}`])
    assert.deepEqual(await found(bob, q), [m.id], q);
  assert.deepEqual(await found(alice, `equipe ${w}`), [other.id]);
  // outsiders, administrators included, find nothing, not even in the counts
  for (const [who, name] of [[carol, 'an outsider'], [admin, 'an administrator']]) {
    const r = (await find(who, w)).body;
    assert.deepEqual([r.total, r.items, r.facets.type.message], [0, [], undefined], name);
  }
  // the result: the conversation's name, the words marked, its author, where it opens
  const r = (await find(bob, `reunions ${w}`)).body;
  const hit = r.items.find((i) => i.id === m.id);
  assert.equal(hit.type, 'message');
  assert.equal(hit.conversation_id, conv.id);
  assert.equal(hit.title, `Projet ${w}`);
  assert.equal(hit.url, `/messagerie/${conv.id}?message=${m.id}`);
  assert.deepEqual(hit.author, { id: alice.id, display_name: alice.user.display_name });
  assert.equal(hit.group, null);
  assert.match(hit.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.ok(hit.snippet.some((s) => s.hit && s.text === 'réunions'), JSON.stringify(hit.snippet));
  assert.equal(r.facets.type.message, 1);
  // counted by type with the rest; the author and date filters apply
  assert.equal((await find(bob, w)).body.facets.type.message, 2);
  assert.deepEqual(await found(bob, w, `&type=message&author=${bob.id}`), [other.id]);
  assert.equal((await find(bob, w, `&author=${bob.id}`)).body.facets.type.message, 1);
  const today = new Date().toISOString().slice(0, 10);
  assert.equal((await found(bob, w, `&type=message&from=${today}&to=${today}`)).length, 2);
  assert.equal((await found(bob, w, '&type=message&to=2000-01-01')).length, 0);
  assert.deepEqual((await find(bob, w, '&type=message&sort=date')).body.items.map((i) => i.id), [other.id, m.id], 'newest first');
  // a group filter names no conversation
  const g = ok(await bob.client.post('/groups', { name: unique('Groupe'), visibility: 'public' }), 'a group');
  assert.equal((await found(bob, w, `&group=${g.id}`)).length, 0);
});

test('a participant removed finds nothing on the very next search, and again once added back', async () => {
  const [alice, bob, carol] = [await newUser(admin), await newUser(admin), await newUser(admin)];
  const w = word('plouf');
  const conv = await conversation(alice, [bob.id, carol.id], unique('Trio'));
  const m = await send(alice, conv.id, `Ordre du jour ${w}`);
  await eventually(async () => (await found(bob, w)).length === 1, 5000, 'the message in the index');
  ok(await alice.client.del(`/conversations/${conv.id}/participants/${bob.id}`), 'bob removed');
  const r = (await find(bob, w)).body;
  assert.deepEqual([r.total, r.items, r.facets.type.message], [0, [], undefined], 'no waiting for the index');
  assert.deepEqual(await found(carol, w), [m.id], 'the others still find it');
  // leaving is the same
  ok(await carol.client.del(`/conversations/${conv.id}/participants/${carol.id}`), 'carol leaves');
  assert.deepEqual(await found(carol, w), []);
  // back: the history is theirs again (no reindexing either)
  ok(await alice.client.put(`/conversations/${conv.id}/participants/${bob.id}`, {}), 'bob added back');
  assert.deepEqual(await found(bob, w), [m.id]);
});

test('a direct conversation is titled with the other person\'s name', async () => {
  const [alice, bob] = [await newUser(admin), await newUser(admin)];
  const w = word('tete');
  const conv = await conversation(alice, [bob.id]);
  const m = await send(alice, conv.id, `Tu as un moment ? ${w}`);
  await eventually(async () => (await found(bob, w)).length === 1, 5000, 'the message in the index');
  assert.equal((await find(alice, w)).body.items[0].title, bob.user.display_name);
  assert.equal((await find(bob, w)).body.items[0].title, alice.user.display_name);
  assert.equal((await find(bob, w)).body.items[0].id, m.id);
});

test('a group\'s discussion is found by its members, and no longer once they leave the group', async () => {
  const [alice, bob, carol] = [await newUser(admin), await newUser(admin), await newUser(admin)];
  const w = word('salon');
  const g = ok(await alice.client.post('/groups', { name: unique('Équipe'), visibility: 'private' }), 'a group');
  ok(await alice.client.put(`/groups/${g.id}/members/${bob.id}`, {}), 'bob joins');
  const room = ok(await alice.client.post('/conversations', { group_id: g.id }), 'the group\'s discussion');
  const m = await send(bob, room.id, `Qui vient au séminaire ${w} ?`);
  await eventually(async () => (await found(alice, w)).length === 1, 5000, 'the message in the index');
  const hit = (await find(alice, `seminaire ${w}`)).body.items[0];
  assert.deepEqual([hit.id, hit.title, hit.url], [m.id, g.name, `/messagerie/${room.id}?message=${m.id}`]);
  assert.deepEqual(await found(carol, w), [], 'not a member');
  assert.deepEqual(await found(admin, w), [], 'an administrator who is not a member');
  // joining the group gives the history, leaving it takes it away
  ok(await alice.client.put(`/groups/${g.id}/members/${carol.id}`, {}), 'carol joins');
  assert.deepEqual(await found(carol, w), [m.id]);
  ok(await alice.client.del(`/groups/${g.id}/members/${bob.id}`), 'bob removed from the group');
  assert.deepEqual(await found(bob, w), []);
  // a discussion switched off is found by nobody
  ok(await alice.client.patch(`/conversations/${room.id}`, { enabled: false }), 'switched off');
  assert.deepEqual(await found(alice, w), []);
});

test('an edited message is found by its new words only; a deleted one is gone', async () => {
  const [alice, bob] = [await newUser(admin), await newUser(admin)];
  const w = word('kiwi');
  const conv = await conversation(alice, [bob.id], unique('Édition'));
  const m = await send(alice, conv.id, `ancienne formulation ${w}`);
  const kept = await send(alice, conv.id, `message gardé ${w}`);
  await eventually(async () => (await found(bob, w)).length === 2, 5000, 'the messages in the index');
  ok(await alice.client.patch(`/messages/${m.id}`, { body: `nouvelle rédaction ${w}` }), 'edited');
  await eventually(async () => (await found(bob, `redaction ${w}`)).length === 1, 5000, 'the new words in the index');
  assert.deepEqual(await found(bob, `formulation ${w}`), [], 'the old words are gone');
  ok(await alice.client.del(`/messages/${m.id}`), 'deleted');
  assert.deepEqual(await found(bob, w), [kept.id], 'gone at once');
  await indexed();
  assert.equal((await find(bob, w)).body.facets.type.message, 1, 'gone from the index too');
});

test('a message is found by its attachments\' names', async () => {
  const [alice, bob] = [await newUser(admin), await newUser(admin)];
  const w = word('bilan');
  const conv = await conversation(alice, [bob.id], unique('Pièces'));
  const file = ok(await alice.client.request('PUT', `/conversations/${conv.id}/files/${encodeURIComponent(`Compte-rendu ${w}.txt`)}`,
    undefined, { raw: 'texte du fichier' }), 'an upload');
  const m = await send(alice, conv.id, 'Voici le document', { attachments: [file.id] });
  await eventually(async () => (await found(bob, `compte rendu ${w}`)).length === 1, 5000, 'the message in the index');
  assert.deepEqual(await found(bob, `compte rendu ${w}`), [m.id]);
  const hit = (await find(bob, w)).body.items[0];
  assert.ok(hit.snippet.some((s) => s.hit && s.text === w), JSON.stringify(hit.snippet));
});

test('a reconciliation repairs messages changed behind the index: moved, deleted, missing', async () => {
  const [alice, bob, carol] = [await newUser(admin), await newUser(admin), await newUser(admin)];
  const w = word('recon');
  const here = await conversation(alice, [bob.id], unique('Ici'));
  const there = await conversation(alice, [carol.id], unique('Là-bas'));
  const moved = await send(alice, here.id, `déplacé ${w}`);
  const erased = await send(alice, here.id, `effacé ${w}`);
  await eventually(async () => (await found(bob, w)).length === 2, 5000, 'indexed');
  // the indexer paused and its queue lost while rows change behind its back
  const master = readFileSync(`${VAR}/run/indexer.pid`, 'utf8').trim();
  const indexers = execFileSync('pgrep', ['-P', master]).toString().trim().split('\n');
  execFileSync('kill', ['-STOP', ...indexers]);
  try {
    sql(`UPDATE chat_messages SET conversation_id = ${there.id}, seq = 1000 WHERE id = ${moved.id}`);
    sql(`UPDATE chat_messages SET deleted_at = UTC_TIMESTAMP(3), body = '' WHERE id = ${erased.id}`);
    sql(`INSERT INTO chat_messages (conversation_id, seq, author_id, body, body_html)
         VALUES (${here.id}, 1001, ${alice.id}, 'ajouté ${w}', '<p>ajouté</p>')`);
    sql('DELETE FROM index_queue');
  } finally {
    execFileSync('kill', ['-CONT', ...indexers]);
  }
  const added = Number(sql('SELECT MAX(id) FROM chat_messages').trim());
  assert.deepEqual(await found(carol, w), [], 'the index does not know');
  assert.deepEqual(await found(bob, w), [], 'moved away and deleted: checked in MariaDB; the new one is not indexed');
  const log = () => readFileSync(`${VAR}/log/indexer.log`, 'utf8');
  const before = (log().match(/reconcile: .*stale/g) || []).length;
  execFileSync(`${process.env.PARVIS_BUILD || 'build/test'}/parvis-ctl`, ['reconcile', '-'],
    { cwd: new URL('../..', import.meta.url).pathname, env: process.env });
  await eventually(() => (log().match(/reconcile: .*stale/g) || []).length > before, 60000, 'the reconciliation ran');
  assert.deepEqual(await found(carol, w), [moved.id], 'found in its new conversation');
  assert.deepEqual(await found(bob, w), [added], 'the missing one indexed');
  assert.equal((await find(bob, w)).body.facets.type.message, 1, 'the deleted one gone from the index (its counts)');
  const report = log().split('\n').filter((l) => l.includes('reconcile: ')).pop();
  assert.match(report, /[1-9]\d* orphans removed, [1-9]\d* missing indexed, [1-9]\d* stale scopes repaired/);
});
