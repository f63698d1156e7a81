// Full-text search of posts and comments: findable within a second of
// being written, only by those who may read them, gone at once when
// deleted or when a right is removed, accents and case ignored.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { adminClient, newUser, unique, eventually, sql } from './client.mjs';

const find = (who, q, type = '') => who.client.get(`/search?q=${encodeURIComponent(q)}${type ? `&type=${type}` : ''}`);
const ids = async (who, q, type) => (await find(who, q, type)).body.items.map((i) => `${i.type}:${i.id}`).sort();

test('posts and comments are found by whoever may read them, and by nobody else', async () => {
  const admin = await adminClient();
  const [alice, bob, carol] = [await newUser(admin), await newUser(admin), await newUser(admin)];
  const word = `zorglub${unique().replace(/\W/g, '').toLowerCase()}`;
  const priv = (await alice.client.post('/groups', { name: unique('Privé'), visibility: 'private' })).body;
  const pub = (await alice.client.post('/groups', { name: unique('Public'), visibility: 'public' })).body;
  await alice.client.put(`/groups/${priv.id}/members/${bob.id}`, {});
  const secret = (await alice.client.post(`/groups/${priv.id}/posts`,
    { title: 'Réunion budgétaire', body: `Le budget de l'école ${word} est prêt.` })).body;
  const open = (await alice.client.post(`/groups/${pub.id}/posts`, { body: `Fête du quartier ${word}` })).body;
  const comment = (await bob.client.post(`/posts/${secret.id}/comments`, { body: `Merci pour le ${word} !` })).body;
  const t0 = performance.now();
  await eventually(async () => (await ids(bob, word)).length === 3, 5000, 'the three in the index');
  assert.ok(performance.now() - t0 < 2000, `findable after ${Math.round(performance.now() - t0)} ms`);
  assert.deepEqual(await ids(bob, word), [`comment:${comment.id}`, `post:${open.id}`, `post:${secret.id}`].sort());
  assert.deepEqual(await ids(carol, word), [`post:${open.id}`], 'an outsider sees the public group only');
  assert.deepEqual(await ids({ client: admin }, word), [`comment:${comment.id}`, `post:${open.id}`, `post:${secret.id}`].sort());
  // the result: title, highlighted words, its group, its author, where it leads
  const r = (await find(bob, `ECOLE ${word}`, 'post')).body;
  const hit = r.items.find((i) => i.id === secret.id);
  assert.equal(hit.title, 'Réunion budgétaire');
  assert.equal(hit.url, `/publications/${secret.id}`);
  assert.deepEqual(hit.group, { id: priv.id, name: priv.name });
  assert.equal(hit.author.id, alice.id);
  assert.ok(hit.snippet.some((s) => s.hit && s.text === word));
  assert.ok(hit.snippet.some((s) => s.hit && s.text === "l'école") || hit.snippet.some((s) => s.hit && /école/.test(s.text)));
  const c = (await find(bob, word, 'comment')).body.items[0];
  assert.equal(c.post_id, secret.id);
  assert.equal(c.url, `/publications/${secret.id}#commentaire-${comment.id}`);
  assert.equal((await find(bob, word)).body.facets.type.post, 2);
  // a right removed: gone on the very next query, whatever the index says
  await alice.client.del(`/groups/${priv.id}/members/${bob.id}`);
  assert.deepEqual(await ids(bob, word), [`post:${open.id}`]);
  // deleted: gone
  await alice.client.del(`/posts/${open.id}`);
  assert.deepEqual(await ids(carol, word), []);
  // a group made public: its content found by everyone, once re-scoped
  await alice.client.patch(`/groups/${priv.id}`, { visibility: 'public' });
  await eventually(async () => (await ids(carol, word)).length === 2, 5000, 'the group\'s content re-scoped');
});

test('scheduled posts are not found before their date', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const word = `plouf${unique().replace(/\W/g, '').toLowerCase()}`;
  const g = (await alice.client.post('/groups', { name: unique('Plus tard'), visibility: 'public' })).body;
  const later = new Date(Date.now() + 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');
  await alice.client.post(`/groups/${g.id}/posts`, { body: `Annonce ${word}`, publish_at: later });
  const now = (await alice.client.post(`/groups/${g.id}/posts`, { body: `Maintenant ${word}` })).body;
  const bob = await newUser(admin);
  await eventually(async () => (await ids(bob, word)).length >= 1, 5000, 'indexed');
  assert.deepEqual(await ids(bob, word), [`post:${now.id}`]);
});

test('filters: a group\'s content, an author\'s, newest first, a date range; bad filters answer 400', async () => {
  const admin = await adminClient();
  const [alice, bob] = [await newUser(admin), await newUser(admin)];
  const w = `wombat${unique().replace(/\W/g, '').toLowerCase()}`;
  const g1 = (await alice.client.post('/groups', { name: unique('Un'), visibility: 'public' })).body;
  const g2 = (await alice.client.post('/groups', { name: unique('Deux'), visibility: 'public' })).body;
  await alice.client.put(`/groups/${g1.id}/members/${bob.id}`, {});
  const a1 = (await alice.client.post(`/groups/${g1.id}/posts`, { body: `premier ${w}` })).body;
  const b1 = (await bob.client.post(`/groups/${g1.id}/posts`, { body: `deuxième ${w} ${w}` })).body;
  const a2 = (await alice.client.post(`/groups/${g2.id}/posts`, { body: `troisième ${w}` })).body;
  await eventually(async () => (await ids(alice, w)).length === 3, 5000, 'indexed');
  const q = (extra) => alice.client.get(`/search?q=${w}&type=post${extra}`);
  assert.deepEqual((await q(`&group=${g1.id}`)).body.items.map((i) => i.id).sort(), [a1.id, b1.id].sort());
  assert.deepEqual((await q(`&author=${bob.id}`)).body.items.map((i) => i.id), [b1.id]);
  assert.deepEqual((await q('&sort=date')).body.items.map((i) => i.id), [a2.id, b1.id, a1.id], 'newest first');
  const today = new Date().toISOString().slice(0, 10);
  assert.equal((await q(`&from=${today}&to=${today}`)).body.items.length, 3);
  assert.equal((await q('&to=2000-01-01')).body.items.length, 0);
  assert.equal((await q('&from=2999-01-01')).body.items.length, 0);
  const facets = (await alice.client.get(`/search?q=${w}&group=${g1.id}`)).body.facets.type;
  assert.equal(facets.post, 2, 'the counts follow the filters');
  for (const bad of ['&group=x', '&author=-1', '&sort=size', '&from=2026-13', '&to=hier'])
    assert.equal((await q(bad)).status, 400, bad);
  assert.equal((await alice.client.get(`/search?q=${w}&type=post,nope`)).status, 400);
  // several types at once (the header's suggestions), and every type counted whatever type is asked
  await alice.client.patch(`/groups/${g1.id}`, { description: `groupe ${w}` });
  await eventually(async () => (await alice.client.get(`/search?q=${w}&type=group`)).body.items.length === 1, 5000, 'the group');
  const some = (await alice.client.get(`/search?q=${w}&type=person,group`)).body;
  assert.deepEqual(some.items.map((i) => i.type), ['group']);
  const counted = (await alice.client.get(`/search?q=${w}&type=group`)).body.facets.type;
  assert.equal(counted.post, 3);
  assert.equal(counted.group, 1);
});

test('parvis reindex rebuilds the index from MariaDB: what it lacks comes back, orphans go', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const w = `yak${unique().replace(/\W/g, '').toLowerCase()}`;
  const g = (await alice.client.post('/groups', { name: unique('Reindex'), visibility: 'public' })).body;
  const kept = (await alice.client.post(`/groups/${g.id}/posts`, { body: `gardé ${w}` })).body;
  const gone = (await alice.client.post(`/groups/${g.id}/posts`, { body: `perdu ${w}` })).body;
  await eventually(async () => (await ids(alice, w)).length === 2, 5000, 'indexed');
  // drift behind the index's back: a row gone, a row that never reached it
  sql(`DELETE FROM posts WHERE id = ${gone.id}`);
  sql(`INSERT INTO posts (group_id, author_id, body, body_html, publish_at)
       VALUES (${g.id}, ${alice.id}, 'retrouvé ${w}', '<p>retrouvé</p>', UTC_TIMESTAMP(3))`);
  const added = Number(sql('SELECT MAX(id) FROM posts').trim());
  assert.deepEqual(await ids(alice, w), [`post:${kept.id}`], 'the deleted row is never shown; the new one not indexed yet');
  const { VAR } = await import('./client.mjs');
  const log = () => readFileSync(`${VAR}/log/indexer.log`, 'utf8');
  const before = (log().match(/reconcile: /g) || []).length;
  execFileSync(`${process.env.PARVIS_BUILD || 'build/test'}/parvis-ctl`, ['reindex', '-'],
    { cwd: new URL('../..', import.meta.url).pathname, env: process.env });
  // (the whole platform is queued: the test waits for what it needs)
  await eventually(() => (log().match(/reconcile: /g) || []).length > before, 60000, 'the reconciliation ran');
  await eventually(async () => (await ids(alice, w)).includes(`post:${added}`), 60000, 'the missing post indexed');
  assert.match(log().split('\n').filter((l) => l.includes('reconcile: ')).pop(), /[1-9]\d* orphans removed/);
  // the rest of the platform queued behind: done before the next test writes
  // (every file read again, scans OCR'd again: minutes on a busy machine)
  await eventually(async () => (await admin.get('/health')).body.index.pending === 0, 600000, 'the reindex of the whole platform done');
});

test('a reconciliation repairs what changed behind the index: stale rights, a missing post, an orphan', async () => {
  const admin = await adminClient();
  const [alice, bob] = [await newUser(admin), await newUser(admin)];
  const w = `recon${unique().replace(/\W/g, '').toLowerCase()}`;
  const g = (await alice.client.post('/groups', { name: unique('Recon'), visibility: 'private' })).body;
  const p = (await alice.client.post(`/groups/${g.id}/posts`, { body: `privé puis public ${w}` })).body;
  const gone = (await alice.client.post(`/groups/${g.id}/posts`, { body: `effacé ${w}` })).body;
  const root = (await alice.client.get('/drive')).body.root_folder_id;
  const f = (await alice.client.request('PUT', `/folders/${root}/files/recon.txt`, undefined, { raw: `note ${w}` })).body;
  await eventually(async () => (await ids(alice, w)).length === 3, 5000, 'indexed');
  // the indexer paused, and what it was told lost: the group made public
  // and the file shared (through the API), a post deleted and one added
  // (behind its back)
  const { VAR } = await import('./client.mjs');
  const master = readFileSync(`${VAR}/run/indexer.pid`, 'utf8').trim();
  const indexers = execFileSync('pgrep', ['-P', master]).toString().trim().split('\n');
  execFileSync('kill', ['-STOP', ...indexers]);
  try {
    assert.equal((await alice.client.patch(`/groups/${g.id}`, { visibility: 'public' })).status, 200);
    assert.equal((await alice.client.put(`/nodes/${f.id}/shares/${bob.id}`, {})).status, 200);
    sql(`DELETE FROM posts WHERE id = ${gone.id}`);
    sql(`INSERT INTO posts (group_id, author_id, body, body_html, publish_at)
         VALUES (${g.id}, ${alice.id}, 'ajouté ${w}', '<p>ajouté</p>', UTC_TIMESTAMP(3))`);
    sql('DELETE FROM index_queue');
  } finally {
    execFileSync('kill', ['-CONT', ...indexers]);
  }
  const added = Number(sql('SELECT MAX(id) FROM posts').trim());
  assert.deepEqual(await ids(bob, w), [], 'the index does not know');
  const log = () => readFileSync(`${VAR}/log/indexer.log`, 'utf8');
  const before = (log().match(/reconcile: .*stale/g) || []).length;
  execFileSync(`${process.env.PARVIS_BUILD || 'build/test'}/parvis-ctl`, ['reconcile', '-'],
    { cwd: new URL('../..', import.meta.url).pathname, env: process.env });
  await eventually(() => (log().match(/reconcile: .*stale/g) || []).length > before, 60000, 'the reconciliation ran');
  assert.deepEqual(await ids(bob, w), [`file:${f.id}`, `post:${added}`, `post:${p.id}`].sort(),
    'public now, shared now, and the missing post indexed');
  const report = log().split('\n').filter((l) => l.includes('reconcile: ')).pop();
  assert.match(report, /[1-9]\d* orphans removed, [1-9]\d* missing indexed, [1-9]\d* stale scopes repaired/);
  assert.match(sql("SELECT v FROM settings WHERE k = 'search_reconcile'"), /stale scopes repaired/);
  // a second one finds nothing left to repair
  execFileSync(`${process.env.PARVIS_BUILD || 'build/test'}/parvis-ctl`, ['reconcile', '-'],
    { cwd: new URL('../..', import.meta.url).pathname, env: process.env });
  await eventually(() => (log().match(/reconcile: .*stale/g) || []).length > before + 1, 60000, 'the second ran');
  assert.match(log().split('\n').filter((l) => l.includes('reconcile: ')).pop(), / 0 orphans removed, 0 missing indexed, 0 stale scopes repaired/);
});

test('« did you mean » comes from the news only, never from a group\'s words', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const tag = unique().replace(/[^a-z]/gi, '').toLowerCase().slice(-4);
  const open = `quintessenciel${tag}`, closed = `xylographiquement${tag}`;
  await admin.post('/news/posts', { body: `Une note ${open} pour tous.` });
  const g = (await alice.client.post('/groups', { name: unique('Secret'), visibility: 'secret' })).body;
  await alice.client.post(`/groups/${g.id}/posts`, { body: `Un mot ${closed} à nous.` });
  await eventually(async () => (await ids(alice, closed)).length === 1 && (await ids(alice, open)).length === 1, 5000, 'indexed');
  const typo = (w) => w.slice(0, 5) + w.slice(6);           // one letter missing
  const near = (await alice.client.get(`/search?q=${typo(open)}`)).body;
  assert.equal(near.suggestion, open);
  const far = (await alice.client.get(`/search?q=${typo(closed)}`)).body;
  assert.ok(far.suggestion === null || !far.suggestion.includes(closed), 'a group\'s word is never suggested');
  assert.equal((await alice.client.get(`/search?q=${open}`)).body.suggestion, null, 'nothing to correct');
});
