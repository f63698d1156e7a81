// People search through the real path: outbox row, indexer, Xapian, worker.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, adminClient, newUser, unique, eventually } from './client.mjs';

const search = (c, q, extra = '') => c.get(`/search?q=${encodeURIComponent(q)}&type=person${extra}`);

test('a new colleague is found by name within a second, accents and case ignored', async () => {
  const admin = await adminClient();
  const tag = unique('zq').toLowerCase();
  const u = await newUser(admin, { name: `Hélène Dupont-${tag}`, signIn: false });
  const t0 = performance.now();
  const r = await eventually(async () => {
    const s = await search(admin, `helene dupont-${tag}`);
    return s.body.items.length ? s : null;
  }, 3000, 'the new account in the index');
  const delay = performance.now() - t0;
  assert.ok(delay < 1500, `findable after ${delay} ms`);
  const hit = r.body.items[0];
  assert.equal(hit.type, 'person');
  assert.equal(hit.id, u.id);
  assert.equal(hit.title, `Hélène Dupont-${tag}`);
  assert.equal(hit.url, `/personnes/${u.id}`);
  assert.deepEqual(hit.snippet[0], { text: 'Hélène', hit: true });
  assert.equal(r.body.total, 1);
  assert.equal(r.body.facets.type.person, 1);
  for (const q of [`HÉLÈNE ${tag}`, `hel ${tag}`, `Helene ${tag}`, `${tag} dupont`])
    assert.equal((await search(admin, q)).body.items[0]?.id, u.id, q);
  assert.equal((await search(admin, `helena ${tag}`)).body.items.length, 0);
});

test('any signed-in person finds colleagues; a disabled account disappears from search', async () => {
  const admin = await adminClient();
  const tag = unique('yq').toLowerCase();
  const viewer = await newUser(admin);
  const u = await newUser(admin, { name: `Gaëlle Ørsted ${tag}`, signIn: false });
  await eventually(async () => (await search(viewer.client, tag)).body.items.length === 1, 3000, 'indexed');
  await admin.patch(`/users/${u.id}`, { status: 'disabled' });
  const r = await search(viewer.client, tag);
  assert.equal(r.body.items.length, 0, 'checked against MariaDB at once');
  await eventually(async () => (await admin.get('/health')).body.index.pending === 0, 3000, 'queue drained');
  assert.equal((await search(admin, tag)).body.total, 0, 'gone from the index too');
});

test('a renamed person is found under the new name only', async () => {
  const admin = await adminClient();
  const tag = unique('xq').toLowerCase();
  const u = await newUser(admin, { name: `Ancien ${tag}` });
  await eventually(async () => (await search(admin, `ancien ${tag}`)).body.items.length === 1, 3000, 'indexed');
  await u.client.patch(`/users/${u.id}`, { display_name: `Nouveau ${tag}` });
  await eventually(async () => (await search(admin, `nouveau ${tag}`)).body.items.length === 1, 3000, 'reindexed');
  assert.equal((await search(admin, `ancien ${tag}`)).body.items.length, 0);
});

test('odd queries and parameters never break search', async () => {
  const admin = await adminClient();
  for (const q of ['"unterminated', 'AND OR NOT', '(((', '*', '-', 'a'.repeat(200), "l'école", '💡', '   ']) {
    const r = await admin.get(`/search?q=${encodeURIComponent(q)}`);
    assert.equal(r.status, 200, q);
    assert.ok(Array.isArray(r.body.items));
  }
  assert.equal((await admin.get(`/search?q=${'a'.repeat(201)}`)).status, 400);
  assert.equal((await admin.get('/search?q=a&type=nope')).status, 400);
  assert.equal((await admin.get('/search?q=a&offset=-1')).status, 400);
  assert.equal((await admin.get('/search?q=a&limit=1000')).status, 400);
  const empty = await admin.get('/search?q=');
  assert.deepEqual([empty.status, empty.body.total], [200, 0]);
  assert.equal((await new Client().get('/search?q=a')).status, 401);
});
