// Backup and restore (scripts/parvis backup / restore): a platform with
// people, groups, posts, comments, reactions and files is backed up while
// someone keeps writing (and deleting files for good), restored into a new
// directory, and started there on another port; the copy must be the same
// platform: the same people sign in with the same passwords, the same
// groups, members, posts, comments and reactions, every file byte for
// byte, search finding what it found, and what was written during the
// backup either there whole or not at all.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { adminClient, Client, ADMIN, eventually, unique, scratch } from './client.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BUILD = path.resolve(ROOT, process.env.PARVIS_BUILD ?? 'build/test');
const run = promisify(execFile);
const sha = (b) => createHash('sha256').update(b).digest('hex');
const put = (who, folder, name, bytes) =>
  who.request('PUT', `/folders/${folder}/files/${encodeURIComponent(name)}`, undefined, { raw: bytes });

const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

// scripts/parvis with another var/ (and port); its output on failure
async function parvis(args, env = {}) {
  try {
    return await run(`${ROOT}/scripts/parvis`, args, { env: { ...process.env, ...env }, maxBuffer: 1 << 24 });
  } catch (e) {
    e.message += `\nstdout: ${e.stdout}\nstderr: ${e.stderr}`;
    throw e;
  }
}

// what the API shows of a post, comment, group or member, without what
// depends on the moment it is asked (cursors, read state)
const postView = (p) => ({ id: p.id, title: p.title, body: p.body, author: p.author.id, group: p.group?.id ?? null,
  comments: p.comments_count, reactions: p.reactions, pinned: p.pinned, must_read: p.must_read, created_at: p.created_at });
const commentView = (c) => ({ id: c.id, parent: c.parent_id, author: c.author.id, body: c.body, reactions: c.reactions, created_at: c.created_at });
const groupView = (g) => ({ id: g.id, name: g.name, description: g.description, visibility: g.visibility, posting: g.posting,
  member_count: g.member_count, managers: g.managers?.map((m) => m.id) });
const memberView = (m) => ({ user: m.user.id, role: m.role, drive_manager: m.drive_manager, feed_moderator: m.feed_moderator });

async function allPosts(who, group) {
  const out = [];
  let cursor = '';
  for (;;) {
    const r = await who.get(`/groups/${group}/posts?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(r.status, 200, r.text);
    out.push(...r.body.items);
    if (!r.body.next) return out;
    cursor = r.body.next;
  }
}

// The platform as its people see it: groups, members, posts, comments,
// reactions, files (their bytes' hashes) and search results.
async function snapshot(admin, platform, clients) {
  const s = { groups: {}, files: {}, search: {} };
  for (const g of platform.groups) {
    const info = await admin.get(`/groups/${g}`);
    assert.equal(info.status, 200, info.text);
    const members = await admin.get(`/groups/${g}/members?limit=100`);
    const posts = await allPosts(admin, g);
    const detail = [];
    for (const p of posts.sort((a, b) => a.id - b.id)) {
      const comments = (await admin.get(`/posts/${p.id}/comments`)).body.items;
      const reactions = (await admin.get(`/posts/${p.id}/reactions`)).body.items.map((x) => [x.user.id, x.kind]).sort();
      detail.push({ post: postView(p), reactions, comments: comments.map(commentView) });
    }
    s.groups[g] = { info: groupView(info.body), members: members.body.items.map(memberView), posts: detail };
  }
  for (const f of platform.files) {
    const who = clients[f.owner];
    const meta = await who.get(`/files/${f.id}`);
    assert.equal(meta.status, 200, `file ${f.name}: ${meta.text}`);
    const versions = [];
    for (const v of meta.body.versions) {
      const c = await who.get(`/files/${f.id}/content?version=${v.version}`);
      assert.equal(c.status, 200, `file ${f.name} version ${v.version}`);
      versions.push({ version: v.version, size: v.size, mime: v.mime, sha256: sha(c.bytes) });
    }
    s.files[f.id] = { name: meta.body.name, versions };
  }
  for (const [q, asker] of platform.queries.map((x) => (Array.isArray(x) ? x : [x, null]))) {
    const r = await (asker ? clients[asker] : admin).get(`/search?q=${encodeURIComponent(q)}&limit=50`);
    assert.equal(r.status, 200, r.text);
    s.search[q] = r.body.items.map((i) => `${i.type}:${i.id}`).sort();
  }
  return s;
}

test('a backup taken while people write comes back whole on another stack', { timeout: 600000 }, async (t) => {
  const admin = await adminClient();
  const tag = unique('bk').toLowerCase();
  const work = scratch('backup-test');
  const platform = { people: [], groups: [], files: [], queries: [] };
  const clients = {};
  t.after(async () => {
    await parvis(['stop'], { PARVIS_VAR: `${work}/restored/var` }).catch(() => {});
    rmSync(work, { recursive: true, force: true });
  });

  // people, each with a password of their own
  const names = ['Hélène Dupont', 'Karim Benali', 'Jeanne Martin', 'Luc Moreau', 'Sofia Rossi', 'Thomas Petit', 'Amina Diallo', 'Paul Girard'];
  for (const [i, name] of names.entries()) {
    const email = `${tag}-${i}@mairie.example`;
    const password = `mot-de-passe ${tag} ${i} ${randomBytes(4).toString('hex')}`;
    const r = await admin.post('/users', { email, display_name: `${name} ${tag}`, password });
    assert.equal(r.status, 201, r.text);
    const c = new Client();
    assert.equal((await c.login(email, password)).status, 200);
    platform.people.push({ id: r.body.id, email, password, name: `${name} ${tag}` });
    clients[r.body.id] = c;
  }
  const [p0, p1, p2, p3, p4, p5, p6, p7] = platform.people;
  // groups of each kind, members, managers and delegated rights
  const groupSpecs = [
    [p0, `Comité des fêtes ${tag}`, 'public', [p1, p2, p3, p4]],
    [p1, `Conseil municipal ${tag}`, 'private', [p0, p5, p6]],
    [p2, `Cellule de crise ${tag}`, 'secret', [p3, p7]],
  ];
  for (const [owner, name, visibility, members] of groupSpecs) {
    const g = await clients[owner.id].post('/groups', { name, description: `Le groupe ${name}\nsur deux lignes`, visibility });
    assert.equal(g.status, 201, g.text);
    for (const [k, m] of members.entries()) {
      const r = await clients[owner.id].put(`/groups/${g.body.id}/members/${m.id}`,
        { role: k === 0 ? 'manager' : 'member', drive_manager: k === 1, feed_moderator: k === 2 });
      assert.equal(r.status, 200, r.text);
    }
    platform.groups.push(g.body.id);
    const everyone = [owner, ...members];
    // posts with words to find, comments with replies, reactions
    const kinds = ['like', 'bravo', 'merci', 'idee', 'soutien'];
    for (const [k, author] of everyone.entries()) {
      const word = `${tag}mot${platform.groups.length}x${k}`;
      const p = await clients[author.id].post(`/groups/${g.body.id}/posts`,
        { title: `Réunion ${k}`, body: `Ordre du jour : **budget** et ${word}, avec #fete${tag}` });
      assert.equal(p.status, 201, p.text);
      if (k < 2) platform.queries.push(word);
      const c = await clients[everyone[(k + 1) % everyone.length].id].post(`/posts/${p.body.id}/comments`, { body: `D'accord pour ${word}` });
      assert.equal(c.status, 201, c.text);
      const reply = await clients[author.id].post(`/posts/${p.body.id}/comments`, { body: 'Merci !', parent_id: c.body.id });
      assert.equal(reply.status, 201, reply.text);
      for (const [j, reactor] of everyone.entries()) {
        if ((j + k) % 3 === 0) continue;
        assert.equal((await clients[reactor.id].put(`/posts/${p.body.id}/reaction`, { kind: kinds[(j + k) % 5] })).status, 200);
      }
      assert.equal((await clients[owner.id].put(`/comments/${c.body.id}/reaction`, { kind: 'bravo' })).status, 200);
    }
  }
  platform.queries.push(`Cellule de crise ${tag}`, `${names[0]} ${tag}`, `fete${tag}`, 'budget');

  // files of several sizes, in a group's drive and in personal drives; a
  // second version; one file in the trash, one deleted for good
  const files = [
    [p0, 'group', 'compte-rendu.txt', Buffer.from(`Compte rendu de la fête ${tag}bilan : tout s'est bien passé.\n`.repeat(20))],
    [p0, 'group', 'affiche.bin', randomBytes(200 * 1024)],
    [p1, 'personal', 'photos.bin', randomBytes(3 * 1024 * 1024 + 17)],
    [p2, 'personal', 'archives.bin', randomBytes(5 * 1024 * 1024)],
    [p3, 'personal', 'vide.txt', Buffer.from('x')],
    [p4, 'personal', 'notes.md', Buffer.from(`# Notes\n\nLe mot ${tag}notes est ici.\n`)],
  ];
  const groupDrive = (await clients[p0.id].get(`/groups/${platform.groups[0]}/drive`)).body.root_folder_id;
  for (const [owner, where, name, bytes] of files) {
    const folder = where === 'group' ? groupDrive : (await clients[owner.id].get('/drive')).body.root_folder_id;
    const r = await put(clients[owner.id], folder, name, bytes);
    assert.equal(r.status, 201, `${name}: ${r.text}`);
    platform.files.push({ id: r.body.id, owner: owner.id, name, folder });
  }
  const v2 = await put(clients[p0.id], groupDrive, 'compte-rendu.txt', Buffer.from(`Version corrigée ${tag}bilan\n`));
  assert.equal(v2.body.version, 2);
  const trashed = await put(clients[p5.id], (await clients[p5.id].get('/drive')).body.root_folder_id, 'brouillon.bin', randomBytes(64 * 1024));
  assert.equal((await clients[p5.id].del(`/files/${trashed.body.id}`)).status, 204);
  platform.queries.push(`${tag}bilan`, [`${tag}notes`, p4.id]);   // a personal file: its owner finds it

  // the index up to date before the search results are taken
  await eventually(async () => (await admin.get('/health')).body.index.pending === 0, 60000, 'an idle index queue');
  const before = await snapshot(admin, platform, clients);
  for (const [q, found] of Object.entries(before.search)) assert.ok(found.length > 0, `search finds "${q}" before the backup`);

  // someone keeps writing during the backup: posts, uploads, files deleted
  // for good (their blobs removed)
  const writerRes = await admin.post('/users', { email: `${tag}-w@mairie.example`, display_name: `Rédacteur ${tag}`, password: `écrit sans arrêt ${tag}` });
  const writer = new Client();
  await writer.login(`${tag}-w@mairie.example`, `écrit sans arrêt ${tag}`);
  const flux = await writer.post('/groups', { name: `Flux continu ${tag}`, visibility: 'public' });
  const wroot = (await writer.get('/drive')).body.root_folder_id;
  const written = [];          // posts, in the order they were acknowledged
  const uploaded = new Map();  // file id -> sha256
  let stop = false, backupStartedAt = -1;
  const errors = [];
  const loop = (async () => {
    for (let i = 0; !stop; i++) {
      const body = `Message ${i} ${tag}`;
      const r = await writer.post(`/groups/${flux.body.id}/posts`, { body });
      if (r.status === 201) written.push({ id: r.body.id, body }); else errors.push(`post ${r.status}`);
      const bytes = randomBytes(20000 + i * 97);
      const u = await put(writer, wroot, `f${i}.bin`, bytes);
      if (u.status === 201) uploaded.set(u.body.id, sha(bytes)); else errors.push(`upload ${u.status}`);
      if (i % 2 === 1 && u.status === 201) {     // deleted for good: its blob goes
        const trashedNow = await writer.del(`/files/${u.body.id}`);
        if (trashedNow.status !== 204) errors.push(`delete ${trashedNow.status}`);
        const gone = await writer.del(`/trash/${u.body.id}`);
        if (gone.status === 204) uploaded.delete(u.body.id); else errors.push(`purge ${gone.status}`);
      }
    }
  })();
  let out, backupMs, writtenDuring;
  try {
    await eventually(() => written.length >= 5, 30000, 'the writer under way');
    backupStartedAt = written.length;
    const t0 = Date.now();
    out = await parvis(['backup', `${work}/backup`, BUILD]);
    backupMs = Date.now() - t0;
    writtenDuring = written.length - backupStartedAt;
    await eventually(() => written.length >= backupStartedAt + writtenDuring + 3, 30000, 'the writer after the backup');
  } finally {
    stop = true;
    await loop;
  }
  assert.deepEqual(errors, [], 'every write of the writer succeeded');
  t.diagnostic(`backup: ${backupMs} ms, ${writtenDuring} posts written meanwhile; ${out.stdout.trim().split('\n').pop()}`);
  const manifest = readFileSync(`${work}/backup/MANIFEST`, 'utf8');
  assert.match(manifest, /^format=parvis-backup 1$/m);
  assert.ok(!existsSync(`${work}/backup.partial`), 'no partial backup left');

  // restored into a new, empty directory, then refused a second time
  const restoredVar = `${work}/restored/var`;
  const t1 = Date.now();
  await parvis(['restore', `${work}/backup`, BUILD], { PARVIS_VAR: restoredVar });
  t.diagnostic(`restore: ${Date.now() - t1} ms`);
  await assert.rejects(parvis(['restore', `${work}/backup`, BUILD], { PARVIS_VAR: restoredVar }),
    /refusing to restore into .*: it holds a database/, 'a var/ with data is never overwritten');

  // the copy, started on another port
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  await parvis(['start', BUILD], { PARVIS_VAR: restoredVar, PARVIS_PORT: String(port), PARVIS_PUBLIC_URL: base,
    PARVIS_LOGIN_RATE: '6000r/m', PARVIS_LOGIN_BURST: '1000' });
  const admin2 = new Client({ base });
  assert.equal((await admin2.login(ADMIN.email, ADMIN.password)).status, 200, 'the administrator signs in on the copy');
  const clients2 = {};
  for (const p of platform.people) {
    const c = new Client({ base });
    const r = await c.login(p.email, p.password);
    assert.equal(r.status, 200, `${p.name} signs in on the copy with the same password`);
    assert.equal((await c.get('/me')).body.user.display_name, p.name);
    clients2[p.id] = c;
  }
  assert.equal((await new Client({ base }).login(p0.email, p1.password)).status, 401, 'another person\'s password still fails');
  // the search index is rebuilt from the restored database
  await eventually(async () => {
    const h = await admin2.get('/health');
    return h.status === 200 && h.body.index.pending === 0 && h.body.index.documents > 0;
  }, 240000, 'the copy\'s search index rebuilt');
  const after = await snapshot(admin2, platform, clients2);
  assert.deepEqual(after.groups, before.groups, 'the same groups, members, posts, comments and reactions');
  assert.deepEqual(after.files, before.files, 'every file and version, byte for byte');
  assert.deepEqual(after.search, before.search, 'search finds what it found');
  const trash = await clients2[p5.id].get(`/drives/${(await clients2[p5.id].get('/drive')).body.id}/trash`);
  assert.deepEqual(trash.body.items.map((x) => x.name), ['brouillon.bin'], 'the trash as it was');

  // what was written during the backup: a prefix of what was acknowledged,
  // everything acknowledged before the backup began, and every file whole
  const restoredPosts = (await allPosts(admin2, flux.body.id)).map((p) => ({ id: p.id, body: p.body })).sort((a, b) => a.id - b.id);
  assert.ok(restoredPosts.length >= backupStartedAt, `${restoredPosts.length} posts of the writer, ${backupStartedAt} acknowledged before the backup`);
  assert.deepEqual(restoredPosts, written.slice(0, restoredPosts.length), 'the writer\'s posts: those acknowledged first, none partial');
  const w2 = new Client({ base });
  assert.equal((await w2.login(`${tag}-w@mairie.example`, `écrit sans arrêt ${tag}`)).status, 200);
  const listing = await w2.get(`/folders/${wroot}?limit=500`);
  assert.equal(listing.status, 200);
  assert.ok(listing.body.files.length > 0, 'the writer\'s files are there');
  for (const f of listing.body.files) {
    const c = await w2.get(`/files/${f.id}/content`);
    assert.equal(c.status, 200, `${f.name} downloads from the copy`);
    if (uploaded.has(f.id)) assert.equal(sha(c.bytes), uploaded.get(f.id), `${f.name} byte for byte`);
    else assert.equal(c.bytes.length, f.size, `${f.name} (deleted for good after the backup) whole`);
  }

  await parvis(['stop'], { PARVIS_VAR: restoredVar });
  const logs = readdirSync(`${restoredVar}/log`).map((f) => readFileSync(`${restoredVar}/log/${f}`, 'utf8')).join('\n');
  assert.doesNotMatch(logs, /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/, 'no sanitizer report in the copy\'s logs');
});
