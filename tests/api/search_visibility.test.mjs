// What a search counts is what it shows: the facets and the total of a
// search never count a document the person may not see now, whatever the
// reason they may not — a post scheduled for later, a post withdrawn, a
// post deleted, a share revoked, a membership removed. (The facets once
// counted scheduled posts, naming their group and author: an outsider
// could test an embargoed post's words one by one.)
import test from 'node:test';
import assert from 'node:assert/strict';
import { adminClient, newUser, unique, eventually, sleep } from './client.mjs';

const search = async (who, q) => (await who.get(`/search?q=${encodeURIComponent(q)}&limit=100`)).body;

// The facets (type, group, author) and the total computed again from the
// items; with fewer than 100 matches the two must agree exactly.
function fromItems(r) {
  const count = (key) => {
    const out = {};
    for (const i of r.items) {
      const k = key(i);
      if (k !== undefined && k !== null) out[k] = (out[k] ?? 0) + 1;
    }
    return out;
  };
  return {
    total: r.items.length,
    type: count((i) => i.type),
    group: count((i) => i.group?.id),
    author: count((i) => i.author?.id),
  };
}

function asShown(r) {
  const pick = (o) => Object.fromEntries(Object.entries(o ?? {}).filter(([, n]) => n > 0).map(([k, n]) => [String(k), n]));
  return { total: r.total, type: pick(r.facets.type), group: pick(r.facets.group), author: pick(r.facets.author) };
}

async function agrees(who, q, what) {
  const r = await search(who, q);
  const want = fromItems(r);
  const norm = (o) => Object.fromEntries(Object.entries(o).map(([k, n]) => [String(k), n]));
  assert.deepEqual(asShown(r), { total: want.total, type: norm(want.type), group: norm(want.group), author: norm(want.author) },
    `${what}: the counts and facets are those of the items shown`);
  return r;
}

const future = (s) => new Date(Date.now() + s * 1000).toISOString();
const pending = async (admin) => (await admin.get('/health')).body.index.pending;

test('facets and totals count exactly what the person may see: scheduled, withdrawn, deleted, unshared, removed', async () => {
  const admin = await adminClient();
  const [alice, bob, carol] = [await newUser(admin), await newUser(admin), await newUser(admin)];
  const w = `facetleak${unique().replace(/\W/g, '').toLowerCase()}`;
  const pub = (await alice.client.post('/groups', { name: unique('Public'), visibility: 'public' })).body;
  const priv = (await alice.client.post('/groups', { name: unique('Privé'), visibility: 'private' })).body;
  assert.equal((await alice.client.put(`/groups/${priv.id}/members/${bob.id}`, {})).status, 200);

  const post = async (group, body, extra = {}) => {
    const r = await alice.client.post(`/groups/${group}/posts`, { body, ...extra });
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  const shown = await post(pub.id, `visible ${w}`);
  const scheduled = await post(pub.id, `embargo ${w}`, { publish_at: future(3600) });
  const withdrawn = await post(pub.id, `retiré ${w}`, { unpublish_at: future(4) });
  const deleted = await post(pub.id, `supprimé ${w}`);
  const members = await post(priv.id, `entre nous ${w}`);
  const root = (await alice.client.get('/drive')).body.root_folder_id;
  const file = (await alice.client.request('PUT', `/folders/${root}/files/${w}.txt`, undefined, { raw: `partagé ${w}` })).body;
  assert.equal((await alice.client.put(`/nodes/${file.id}/shares/${bob.id}`, {})).status, 200);
  await eventually(async () => (await search(alice.client, w)).items.length === 6 && await pending(admin) === 0,
    10000, 'the six documents indexed and found by their author');

  // the author finds the scheduled post, and its counts say so
  let r = await agrees(alice.client, w, 'the author');
  assert.ok(r.items.some((i) => i.id === scheduled.id), 'the author finds her scheduled post');
  // bob: the public posts (not the scheduled one), the private group's, the shared file
  r = await agrees(bob.client, w, 'a member before the changes');
  assert.deepEqual(r.items.map((i) => `${i.type}:${i.id}`).sort(),
    [`post:${shown.id}`, `post:${withdrawn.id}`, `post:${deleted.id}`, `post:${members.id}`, `file:${file.id}`].sort());
  // carol: the public posts only, and no facet names the embargoed one
  r = await agrees(carol.client, w, 'an outsider before the changes');
  assert.equal(r.total, 3);
  assert.ok(!r.items.some((i) => i.id === scheduled.id));
  assert.equal((await search(carol.client, `embargo ${w}`)).total, 0, 'the embargoed words find nothing');
  assert.deepEqual((await search(carol.client, `embargo ${w}`)).facets.group, {}, 'and name no group');

  // the withdrawal passes; a post is deleted, a share revoked, a member removed
  assert.equal((await alice.client.del(`/posts/${deleted.id}`)).status, 204);
  assert.equal((await alice.client.del(`/nodes/${file.id}/shares/${bob.id}`)).status, 204);
  assert.equal((await alice.client.del(`/groups/${priv.id}/members/${bob.id}`)).status, 204);
  while (Date.parse(withdrawn.unpublish_at ?? future(0)) > Date.now()) await sleep(100);
  await eventually(async () => await pending(admin) === 0, 10000, 'the index caught up with the changes');

  r = await agrees(bob.client, w, 'the former member');
  assert.deepEqual(r.items.map((i) => `${i.type}:${i.id}`), [`post:${shown.id}`]);
  r = await agrees(carol.client, w, 'an outsider after the changes');
  assert.deepEqual(r.items.map((i) => `${i.type}:${i.id}`), [`post:${shown.id}`]);
  r = await agrees(alice.client, w, 'the author after the changes');
  assert.ok(r.items.some((i) => i.id === withdrawn.id), 'the author still finds her withdrawn post');
  r = await agrees(admin, w, 'an administrator');
  assert.ok(r.items.some((i) => i.id === scheduled.id), 'administrators find every post');
});
