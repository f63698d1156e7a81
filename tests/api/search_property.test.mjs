// A property test of search and permissions: a random (seeded) sequence of
// operations — groups of each kind created, members added and removed,
// groups made public or private, posts, comments, files in personal and
// group drives, shares given and taken back, posts deleted, files put in
// the trash — interleaved with searches by random people. Every answer is
// compared with what the rules say each person may see (a model kept here,
// apart from fcgi/acl.c): a leak is a result they may not see, a miss one
// they may see and did not get (counted once the indexer has caught up).
import test from 'node:test';
import assert from 'node:assert/strict';
import { adminClient, newUser, unique, eventually } from './client.mjs';

const OPERATIONS = Number(process.env.SEARCH_PROPERTY_OPS || 1000);
const SEED = Number(process.env.SEARCH_PROPERTY_SEED || 20261130);

function random(seed) {                 // mulberry32: the same run every time
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test(`search never shows what a person may not see, and misses nothing (${OPERATIONS} operations)`, async () => {
  const rnd = random(SEED);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const admin = await adminClient();
  const word = `zq${unique().replace(/\W/g, '').toLowerCase()}`;     // in every text: a search finds them all
  const people = [];
  for (let i = 0; i < 6; i++) people.push(await newUser(admin));
  const everyone = [...people.map((p) => ({ id: p.id, client: p.client, admin: false })), { id: 0, client: admin, admin: true }];
  const adminId = (await admin.get('/me')).body.user?.id ?? (await admin.get('/me')).body.id;

  // the model
  const groups = [];          // { id, visibility, members: Set, root }
  const posts = new Map();    // id -> { group (or null) }
  const comments = new Map(); // id -> { post }
  const files = new Map();    // id -> { owner (person id) | null, group | null, shares: Set }
  const roots = new Map();    // person id -> root folder
  const readsGroup = (who, g) => who.admin || g.visibility === 'public' || g.members.has(who.id);
  const mayRead = (who, kind, item) => {
    if (kind === 'post') return item.group === null || readsGroup(who, item.group);
    if (kind === 'comment') return posts.has(item.post) && mayRead(who, 'post', posts.get(item.post));
    if (item.group) return readsGroup(who, item.group);
    return item.owner === who.id || item.shares.has(who.id);
  };
  const memberOf = (g) => people.filter((p) => g.members.has(p.id));

  let operations = 0, searches = 0, leaks = 0, misses = 0;
  const problems = [];
  const ok = (r, what) => { if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`); return r.body; };

  async function searchAs(who) {
    // the indexer caught up: misses count only then
    await eventually(async () => (await admin.get('/health')).body.index.pending === 0, 20000, 'the index queue empty');
    const got = new Set();
    for (let offset = 0; offset <= 1000; offset += 100) {
      const r = await who.client.get(`/search?q=${word}&limit=100&offset=${offset}`);
      assert.equal(r.status, 200, r.text);
      for (const i of r.body.items) got.add(`${i.type}:${i.id}`);
      if (r.body.items.length < 100) break;
    }
    const want = new Set();
    for (const [id, p] of posts) if (mayRead(who, 'post', p)) want.add(`post:${id}`);
    for (const [id, c] of comments) if (mayRead(who, 'comment', c)) want.add(`comment:${id}`);
    for (const [id, f] of files) if (mayRead(who, 'file', f)) want.add(`file:${id}`);
    searches++;
    for (const k of got) if (!want.has(k)) { leaks++; problems.push(`leak: ${who.admin ? 'admin' : who.id} got ${k}`); }
    for (const k of want) if (!got.has(k)) { misses++; problems.push(`miss: ${who.admin ? 'admin' : who.id} lacks ${k}`); }
  }

  const ops = {
    async group() {
      const owner = pick(people);
      const visibility = pick(['public', 'private', 'secret']);
      const g = ok(await owner.client.post('/groups', { name: unique('Propriété'), visibility }), 'group');
      const root = ok(await owner.client.get(`/groups/${g.id}/drive`), 'drive').root_folder_id;
      groups.push({ id: g.id, visibility, members: new Set([owner.id]), root, manager: owner });
    },
    async join() {
      if (!groups.length) return this.group();
      const g = pick(groups), p = pick(people);
      ok(await g.manager.client.put(`/groups/${g.id}/members/${p.id}`, {}), 'add member');
      g.members.add(p.id);
    },
    async leave() {
      const g = groups.length && pick(groups);
      const p = g && pick(memberOf(g).filter((m) => m.id !== g.manager.id));
      if (!p) return this.join();
      ok(await g.manager.client.del(`/groups/${g.id}/members/${p.id}`), 'remove member');
      g.members.delete(p.id);
    },
    async retype() {
      if (!groups.length) return this.group();
      const g = pick(groups);
      const visibility = pick(['public', 'private', 'secret']);
      ok(await g.manager.client.patch(`/groups/${g.id}`, { visibility }), 'visibility');
      g.visibility = visibility;
    },
    async post() {
      if (groups.length && rnd() < 0.85) {
        const g = pick(groups), p = pick(memberOf(g));
        const body = ok(await p.client.post(`/groups/${g.id}/posts`, { body: `note ${word} ${unique()}` }), 'post');
        posts.set(body.id, { group: g });
      } else {
        const body = ok(await admin.post('/news/posts', { body: `actualité ${word} ${unique()}` }), 'news');
        posts.set(body.id, { group: null });
      }
    },
    async comment() {
      const readable = [...posts.entries()];
      if (!readable.length) return this.post();
      const [pid, p] = pick(readable);
      const who = pick(everyone.filter((w) => mayRead(w, 'post', p)));
      const body = ok(await who.client.post(`/posts/${pid}/comments`, { body: `avis ${word} ${unique()}` }), 'comment');
      comments.set(body.id, { post: pid });
    },
    async upload() {
      const text = `document ${word} ${unique()}`;
      if (groups.length && rnd() < 0.5) {
        const g = pick(groups), p = pick(memberOf(g));
        const f = ok(await p.client.request('PUT', `/folders/${g.root}/files/${unique('f')}.txt`, undefined, { raw: text }), 'upload');
        files.set(f.id, { owner: null, group: g, shares: new Set() });
      } else {
        const p = pick(people);
        if (!roots.has(p.id)) roots.set(p.id, ok(await p.client.get('/drive'), 'drive').root_folder_id);
        const f = ok(await p.client.request('PUT', `/folders/${roots.get(p.id)}/files/${unique('f')}.txt`, undefined, { raw: text }), 'upload');
        files.set(f.id, { owner: p.id, group: null, shares: new Set() });
      }
    },
    async share() {
      const mine = [...files.entries()].filter(([, f]) => f.owner);
      if (!mine.length) return this.upload();
      const [id, f] = pick(mine);
      const owner = people.find((p) => p.id === f.owner), other = pick(people.filter((p) => p.id !== f.owner));
      if (f.shares.has(other.id) && rnd() < 0.6) {
        ok(await owner.client.del(`/nodes/${id}/shares/${other.id}`), 'unshare');
        f.shares.delete(other.id);
      } else {
        ok(await owner.client.put(`/nodes/${id}/shares/${other.id}`, { can_edit: rnd() < 0.5 }), 'share');
        f.shares.add(other.id);
      }
    },
    async deletePost() {
      if (!posts.size) return this.post();
      const [pid] = pick([...posts.entries()]);
      ok(await admin.del(`/posts/${pid}`), 'delete post');
      posts.delete(pid);
      for (const [cid, c] of comments) if (c.post === pid) comments.delete(cid);
    },
    async trash() {
      if (!files.size) return this.upload();
      const [id, f] = pick([...files.entries()]);
      const who = f.owner ? people.find((p) => p.id === f.owner) : f.group.manager;
      ok(await who.client.del(`/files/${id}`), 'trash');
      files.delete(id);
    },
  };
  const weights = [['group', 4], ['join', 14], ['leave', 7], ['retype', 4], ['post', 20], ['comment', 16],
    ['upload', 14], ['share', 10], ['deletePost', 4], ['trash', 4]];
  const sum = weights.reduce((s, [, w]) => s + w, 0);
  for (let i = 0; i < 3; i++) await ops.group();
  while (operations < OPERATIONS) {
    let x = rnd() * sum, name = weights[0][0];
    for (const [n, w] of weights) { if (x < w) { name = n; break; } x -= w; }
    await ops[name]();
    operations++;
    if (operations % 40 === 0) await searchAs(pick(everyone));
  }
  for (const who of everyone) await searchAs(who);
  console.log(`search property: ${operations} operations, ${searches} searches, ${leaks} leaks, ${misses} misses`
    + ` (${posts.size} posts, ${comments.size} comments, ${files.size} files, ${groups.length} groups; seed ${SEED})`);
  assert.deepEqual(problems.slice(0, 20), []);
  assert.equal(leaks, 0);
  assert.equal(misses, 0);
  assert.ok(adminId !== undefined);
});
