// Crash durability under a mixed write load: while people post, comment,
// react, upload files of 1 KB to 20 MB, change memberships and shares and
// delete posts and files (for good, through the trash), a loop kills at random moments, with SIGKILL, a FastCGI worker,
// the indexer, MariaDB or nginx, and lets them come back (their
// supervisors restart them). After every cycle it checks that every
// write answered 2xx is in MariaDB (every deletion answered 2xx gone, the
// last membership change answered in force); at the end, also:
//  - once the indexer has caught up, every post, comment and text file is
//    found by the people who may see it and by nobody else (the private
//    group's posts by a visitor exactly when a member);
//  - every blob row has its file with the right SHA-256, every blob file
//    has a row, no temporary upload file is left;
//  - a reconciliation then finds nothing to repair;
// and measures how long each kind of process takes to be back.
//
//   node tests/torture/crash.mjs [--cycles N] [--kinds worker,indexer,mariadb,nginx] [--report FILE]
// (the stack's environment as for the API tests: tests/stack.sh start).
// tests/torture/crash.test.mjs runs a short one in make test; make torture
// a long one, whose figures go to bench/RESULTS.md.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { Client, adminClient, newUser, unique, sql, pidOf, childrenOf, VAR, eventually, PASSWORD } from '../api/client.mjs';

const sha = (b) => createHash('sha256').update(b).digest('hex');
const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
const wait = (ms) => new Promise((r) => setTimeout(r, ms)); // the load's and the killer's pace, not a condition
const percentile = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * p))] : null; };

// A request that gives up after `ms` (a process killed under it): its
// outcome is then unknown, and nothing is asserted about it.
async function attempt(fn, ms = 60000) {
  let timer;
  try {
    return await Promise.race([fn(), new Promise((_, rej) => { timer = setTimeout(() => rej(new Error('timeout')), ms); })]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
const ok = (r) => r && r.status >= 200 && r.status < 300;

export async function torture({ cycles = 20, kinds = ['worker', 'indexer', 'mariadb', 'nginx'], log = () => {} } = {}) {
  const admin = await adminClient();
  const people = [];
  for (let i = 0; i < 5; i++) people.push(await newUser(admin, { name: `Torture ${unique()}` }));
  const outsider = await newUser(admin, { name: `Dehors ${unique()}` });
  // added to and removed from the private group all along
  const visitor = await newUser(admin, { name: `Visite ${unique()}` });
  const [owner] = people;
  const pub = (await owner.client.post('/groups', { name: unique('Torture public'), visibility: 'public' })).body;
  const priv = (await owner.client.post('/groups', { name: unique('Torture privé'), visibility: 'private' })).body;
  for (const p of people.slice(1)) {
    await owner.client.put(`/groups/${priv.id}/members/${p.id}`, {});
    await p.client.post(`/groups/${pub.id}/join`, {});
  }

  // what was confirmed (answered 2xx)
  const posts = new Map();      // id -> {word, group, author}
  const comments = new Map();   // id -> {word, post}
  const files = new Map();      // id -> {sha, word, owner, size}
  const filesGone = new Set();  // file ids deleted for good (confirmed): no row, not found
  const filesMaybe = new Set(); // a deletion whose answer was lost (or stopped in the trash)
  const filesDeleting = new Set(); // deletions asked and not answered yet
  const fileSettled = (id) => !filesGone.has(id) && !filesMaybe.has(id) && !filesDeleting.has(id);
  const deleted = new Set();    // post ids whose deletion was confirmed
  const maybeDeleted = new Set(); // a deletion whose answer was lost (the worker killed after its commit?)
  const deleting = new Set();     // deletions asked and not answered yet
  const reacting = new Set();     // reactions asked and not answered yet
  const reactions = new Map();  // `${post}:${user}` -> kind
  const shares = new Map();     // `${file}:${user}` -> true | false (revoked) | null (unknown)
  const sharing = new Set();    // share changes asked and not answered yet
  let visiting = null;          // the visitor's membership of the private group: true | false, null while unknown
  let visitBusy = false;        // a change of it asked and not answered yet
  let confirmed = 0, unknown = 0, refused = 0;
  const problems = [];
  const refusals = {};          // status -> count, of the writes answered otherwise than 2xx
  // A write answered otherwise than 2xx changed nothing, but for a 503
  // after MariaDB died during its commit (docs/api.md): its outcome is
  // then unknown, like one never answered. A 500 is a bug.
  const refuse = (r, what) => {
    refused++;
    refusals[r.status] = (refusals[r.status] ?? 0) + 1;
    if (r.status === 500) problems.push(`${what}: answered 500 (${r.text.slice(0, 200)})`);
  };

  async function act(p) {
    const word = `tort${unique().replace(/\W/g, '').toLowerCase()}`;
    const roll = Math.random();
    const live = [...posts.keys()].filter((id) => !deleted.has(id) && !maybeDeleted.has(id));
    if (roll < 0.3 || !live.length) {
      const group = Math.random() < 0.5 ? pub : priv;
      const r = await attempt(() => p.client.post(`/groups/${group.id}/posts`, { body: `Publication ${word}` }));
      if (ok(r)) { posts.set(r.body.id, { word, group: group.id, author: p.id }); confirmed++; } else if (r) refuse(r, 'a post'); else unknown++;
    } else if (roll < 0.5) {
      const post = pick(live);
      const r = await attempt(() => p.client.post(`/posts/${post}/comments`, { body: `Commentaire ${word}` }));
      if (ok(r)) { comments.set(r.body.id, { word, post }); confirmed++; } else if (r) refuse(r, `a comment on post ${post}`); else unknown++;
    } else if (roll < 0.6) {
      const post = pick(live);
      const kind = pick(['like', 'bravo', 'merci']);
      reacting.add(`${post}:${p.id}`);
      const r = await attempt(() => p.client.put(`/posts/${post}/reaction`, { kind }));
      reacting.delete(`${post}:${p.id}`);
      if (ok(r)) { reactions.set(`${post}:${p.id}`, kind); confirmed++; }
      else { reactions.delete(`${post}:${p.id}`); if (r) refuse(r, `a reaction to post ${post}`); else unknown++; }   // its fate unknown
    } else if (roll < 0.8) {
      // 1 KB to 20 MB, most of them small: a text with its word, or bytes
      const big = Math.random() < 0.1;
      const size = big ? 1024 * 1024 * (2 + Math.floor(Math.random() * 18)) : 1024 * (1 + Math.floor(Math.random() * 64));
      const bytes = big ? randomBytes(size) : Buffer.from(`Note ${word}\n${'x'.repeat(size)}`);
      const root = p.root ??= (await p.client.get('/drive')).body?.root_folder_id;
      if (!root) { unknown++; return; }
      const name = `${word}.${big ? 'bin' : 'txt'}`;
      const r = await attempt(() => p.client.request('PUT', `/folders/${root}/files/${name}`, undefined, { raw: bytes }), 120000);
      if (ok(r)) { files.set(r.body.id, { sha: sha(bytes), word: big ? null : word, owner: p.id, size: bytes.length }); confirmed++; }
      else if (r) refuse(r, 'an upload'); else unknown++;
    } else if (roll < 0.84) {
      // the owner adds the visitor to the private group, or removes them
      if (visitBusy) return;
      visitBusy = true;
      const join = visiting !== true;
      const path = `/groups/${priv.id}/members/${visitor.id}`;
      const r = await attempt(() => join ? owner.client.put(path, {}) : owner.client.del(path));
      if (ok(r)) { visiting = join; confirmed++; } else { visiting = null; if (r) refuse(r, 'a membership change'); else unknown++; }
      visitBusy = false;
    } else if (roll < 0.9) {
      const mine = [...files].filter(([id, f]) => f.owner === p.id && fileSettled(id));
      if (!mine.length) return;
      const [file] = pick(mine);
      const other = pick(people.filter((x) => x !== p));
      const key = `${file}:${other.id}`;
      const revoke = shares.get(key) === true;
      sharing.add(key);
      const r = await attempt(() => revoke ? p.client.del(`/nodes/${file}/shares/${other.id}`) : p.client.put(`/nodes/${file}/shares/${other.id}`, {}));
      if (ok(r)) { shares.set(key, !revoke); confirmed++; } else { shares.set(key, null); if (r) refuse(r, `a share of file ${file}`); else unknown++; }
      sharing.delete(key);
    } else if (roll < 0.95) {
      // a file of one's own deleted for good: to the trash, then out of it
      // (its blob removed once no version uses it)
      const mine = [...files].filter(([id, f]) => f.owner === p.id && fileSettled(id));
      if (!mine.length) return;
      const [file] = pick(mine);
      filesDeleting.add(file);
      const r = await attempt(() => p.client.del(`/files/${file}`));
      const r2 = ok(r) ? await attempt(() => p.client.del(`/trash/${file}`)) : null;
      if (!ok(r)) { filesMaybe.add(file); if (r) refuse(r, `the deletion of file ${file}`); else unknown++; }
      else if (ok(r2)) { filesGone.add(file); confirmed += 2; }
      else { filesMaybe.add(file); confirmed++; if (r2) refuse(r2, `the purge of file ${file}`); else unknown++; }
      filesDeleting.delete(file);
    } else {
      const own = live.filter((id) => posts.get(id).author === p.id);
      if (!own.length) return;
      const post = pick(own);
      deleting.add(post);
      const r = await attempt(() => p.client.del(`/posts/${post}`));
      if (ok(r)) { deleted.add(post); confirmed++; } else { maybeDeleted.add(post); if (r) refuse(r, `the deletion of post ${post}`); else unknown++; }
      deleting.delete(post);
    }
  }

  // the load: each person acts in turn, all the time
  let loading = true;
  const load = people.map(async (p) => {
    while (loading) {
      const before = unknown;
      try { await act(p); } catch { unknown++; }
      if (unknown > before) await wait(200);   // nobody answered (nginx down): not a busy loop
    }
  });

  // ---- the killer -----------------------------------------------------
  const recovery = Object.fromEntries(kinds.map((k) => [k, []]));
  const health = async () => ok(await attempt(() => admin.get('/health'), 3000));
  const victims = {
    worker: () => pick(childrenOf(pidOf('fcgi'))),
    indexer: () => childrenOf(pidOf('indexer'))[0],
    mariadb: () => Number(readFileSync(`${VAR}/run/mariadbd.pid`, 'utf8').trim()),
    nginx: () => pidOf('nginx'),
  };

  async function backAfter(kind, pid) {
    const t0 = Date.now();
    await eventually(async () => {
      if (kind === 'indexer') return childrenOf(pidOf('indexer')).some((c) => c !== pid);
      if (kind === 'worker') return childrenOf(pidOf('fcgi')).every((c) => c !== pid) && await health();
      return await health();
    }, 120000, `${kind} back after SIGKILL`);
    return Date.now() - t0;
  }

  async function checkMariaDB() {
    const ids = (m) => [...m.keys()].join(',') || '0';
    // (a post being deleted meanwhile is judged once its deletion answered)
    const settledPost = (id) => !deleted.has(id) && !maybeDeleted.has(id) && !deleting.has(id);
    const livePosts = [...posts.keys()].filter(settledPost);
    const havePosts = new Set(sql(`SELECT id FROM posts WHERE id IN (${livePosts.join(',') || 0})`).split('\n').filter(Boolean).map(Number));
    for (const id of livePosts) if (!havePosts.has(id) && settledPost(id)) problems.push(`post ${id} confirmed, not in MariaDB`);
    const gone = sql(`SELECT id FROM posts WHERE id IN (${[...deleted].join(',') || 0})`).split('\n').filter(Boolean);
    for (const id of gone) problems.push(`post ${id} deleted (confirmed), still in MariaDB`);
    if (!visitBusy && visiting !== null) {
      const member = sql(`SELECT COUNT(*) FROM group_members WHERE group_id = ${priv.id} AND user_id = ${visitor.id}`).trim() === '1';
      if (member !== visiting && !visitBusy) problems.push(`the visitor's membership: ${visiting ? 'added' : 'removed'} (confirmed), ${member ? 'a member' : 'not a member'} in MariaDB`);
    }
    // comments of posts still there
    const liveComments = [...comments].filter(([, c]) => settledPost(c.post)).map(([id]) => id);
    const haveComments = new Set(sql(`SELECT id FROM comments WHERE id IN (${liveComments.join(',') || 0})`).split('\n').filter(Boolean).map(Number));
    for (const id of liveComments)
      if (!haveComments.has(id) && settledPost(comments.get(id).post)) problems.push(`comment ${id} confirmed, not in MariaDB`);
    const rows = sql(`SELECT n.id, v.sha256 FROM drive_nodes n JOIN file_versions v ON v.node_id = n.id AND v.version = n.version
                      WHERE n.id IN (${ids(files)})`).split('\n').filter(Boolean).map((l) => l.split('\t'));
    const fileSha = new Map(rows.map(([id, s]) => [Number(id), s]));
    for (const [id, f] of files) {
      if (filesGone.has(id)) { if (fileSha.has(id)) problems.push(`file ${id} deleted for good (confirmed), still in MariaDB`); continue; }
      if (fileSha.get(id) !== f.sha && fileSettled(id)) problems.push(`file ${id} confirmed, ${fileSha.has(id) ? 'other bytes' : 'not'} in MariaDB`);
    }
    // the reactions, in one query
    const who = people.map((x) => x.id).join(',');
    const stored = new Map(sql(`SELECT target_id, user_id, kind FROM reactions WHERE target_type = 'post' AND user_id IN (${who})`)
      .split('\n').filter(Boolean).map((l) => l.split('\t')).map(([post, user, kind]) => [`${post}:${user}`, kind]));
    for (const [key, kind] of reactions) {
      const [post] = key.split(':');
      if (!settledPost(Number(post)) || reacting.has(key)) continue;
      const got = stored.get(key);
      if (got !== kind && settledPost(Number(post)) && reactions.get(key) === kind && !reacting.has(key))
        problems.push(`reaction ${key}: ${kind} confirmed, ${got || 'none'} in MariaDB`);
    }
  }

  // the shares of the files written, as MariaDB has them
  const storedShares = () => new Set(sql(`SELECT node_id, user_id FROM drive_shares WHERE node_id IN (${[...files.keys()].join(',') || 0})`)
    .split('\n').filter(Boolean).map((l) => l.replace('\t', ':')));
  function checkShares() {
    const have = storedShares();
    for (const [key, state] of shares) {
      if (state === null || sharing.has(key) || !fileSettled(Number(key.split(':')[0]))) continue;
      if (have.has(key) !== state && shares.get(key) === state && !sharing.has(key))
        problems.push(`share ${key}: ${state ? 'given' : 'revoked'} (confirmed), ${have.has(key) ? 'there' : 'not there'} in MariaDB`);
    }
  }

  function checkBlobs() {
    const rows = sql('SELECT sha256 FROM blobs').split('\n').filter(Boolean);
    const onDisk = [];
    const walk = (d) => { for (const e of readdirSync(d, { withFileTypes: true })) e.isDirectory() ? walk(`${d}/${e.name}`) : onDisk.push(`${d}/${e.name}`); };
    walk(`${VAR}/blobs`);
    const byName = new Map(onDisk.map((p) => [p.split('/').pop(), p]));
    for (const s of rows) {
      const p = byName.get(s);
      if (!p) { problems.push(`blob ${s}: a row without its file`); continue; }
      if (sha(readFileSync(p)) !== s) problems.push(`blob ${s}: its file's bytes differ`);
    }
    const known = new Set(rows);
    for (const name of byName.keys()) if (!known.has(name)) problems.push(`blob file ${name}: no row`);
  }

  function leftovers() {
    const dir = `${VAR}/nginx/body`;
    if (!existsSync(dir)) return [];
    const out = [];
    const walk = (d) => { for (const e of readdirSync(d, { withFileTypes: true })) e.isDirectory() ? walk(`${d}/${e.name}`) : out.push(`${d}/${e.name}`); };
    walk(dir);
    return out.filter((p) => statSync(p).isFile());
  }

  const started = Date.now();
  for (let cycle = 1; cycle <= cycles; cycle++) {
    await wait(1000 + Math.random() * 3000);
    const kind = pick(kinds);
    const pid = victims[kind]();
    if (!pid) { problems.push(`cycle ${cycle}: no ${kind} process to kill`); continue; }
    try { process.kill(pid, 'SIGKILL'); } catch { /* gone already */ }
    const ms = await backAfter(kind, pid);
    recovery[kind].push(ms);
    await checkMariaDB();
    checkShares();
    log(`cycle ${cycle}: ${kind} ${pid} killed, back in ${ms} ms; ${confirmed} writes confirmed, ${problems.length} problems`);
    if (problems.length) break;
  }
  loading = false;
  await Promise.all(load);
  const loadEnded = Date.now();

  // the end: the index caught up, then findable by whom it should be
  await eventually(async () => (await admin.get('/health')).body?.index?.pending === 0, 300000, 'the index caught up');
  await checkMariaDB();
  // a worker killed between placing a blob's file and committing leaves a
  // file no row names: the running sweep removes it (daily in a worker;
  // here at once, nothing being uploaded any more). Its grace counts in
  // whole seconds of the files' times: a file of the sweep's own second
  // is kept, so the clock must first leave the second the load ended in
  // (an upload refused in that second left its file)
  await eventually(() => Math.floor(Date.now() / 1000) > Math.floor(loadEnded / 1000), 5000,
    'the clock past the second the load ended in');
  const { execFileSync } = await import('node:child_process');
  execFileSync(`${process.env.PARVIS_BUILD || 'build/test'}/parvis-ctl`, ['sweep', '0'],
    { cwd: new URL('../..', import.meta.url).pathname, env: process.env, stdio: 'ignore' });
  checkBlobs();
  await eventually(() => leftovers().length === 0, 30000, `no temporary upload file left (${leftovers().slice(0, 3)})`)
    .catch(() => problems.push(`temporary upload files left: ${leftovers().join(', ')}`));
  // (searches are rate-limited per person: a 429 is waited out, as its
  // Retry-After says)
  const found = async (who, word) => {
    for (;;) {
      const r = await who.client.get(`/search?q=${word}`);
      if (r.status === 429) { await wait(1000 * Number(r.headers['retry-after'] || 1)); continue; }
      if (r.status !== 200) throw new Error(`search answered ${r.status}: ${r.text}`);
      return r.body.items.map((i) => `${i.type}:${i.id}`);
    }
  };
  let searched = 0;
  // (six searches at a time: one after another, a long run's checks took
  // longer than its kills)
  const each = async (items, check, width = 6) => {
    const list = [...items];
    let next = 0;
    await Promise.all(Array.from({ length: width }, async () => { while (next < list.length) await check(list[next++]); }));
  };
  await each(posts, async ([id, p]) => {
    if (maybeDeleted.has(id)) return;   /* its fate unknown */
    const author = people.find((x) => x.id === p.author);
    const want = deleted.has(id) ? [] : [`post:${id}`];
    if (JSON.stringify(await found(author, p.word)) !== JSON.stringify(want)) problems.push(`post ${id}: ${deleted.has(id) ? 'deleted, still found' : 'not found'} by its author`);
    const other = p.group === priv.id ? outsider : people[0];
    const wantOther = p.group === priv.id ? [] : want;
    if (JSON.stringify(await found(other, p.word)) !== JSON.stringify(wantOther)) problems.push(`post ${id}: wrongly found (or not) by ${other === outsider ? 'an outsider' : 'a reader'}`);
    searched += 2;
  });
  // the visitor finds the private group's posts exactly while a member
  // (MariaDB says which when the last change's answer was lost)
  const member = sql(`SELECT COUNT(*) FROM group_members WHERE group_id = ${priv.id} AND user_id = ${visitor.id}`).trim() === '1';
  await each(posts, async ([id, p]) => {
    if (maybeDeleted.has(id) || deleted.has(id)) return;
    const want = p.group === priv.id && !member ? [] : [`post:${id}`];
    if (JSON.stringify(await found(visitor, p.word)) !== JSON.stringify(want))
      problems.push(`post ${id}: ${want.length ? 'not found' : 'found'} by the visitor, ${member ? 'a member' : 'not a member'}`);
    searched++;
  });
  // comments: by whoever reads their post, not by an outsider to its group
  await each(comments, async ([id, c]) => {
    const p = posts.get(c.post);
    if (maybeDeleted.has(c.post)) return;
    const seen = deleted.has(c.post) ? [] : [`comment:${id}`];
    const reader = people.find((x) => x.id !== p.author) ?? people[0];
    const hits = (await found(reader, c.word)).filter((h) => h.startsWith('comment:'));
    if (JSON.stringify(hits) !== JSON.stringify(seen)) problems.push(`comment ${id}: ${seen.length ? 'not found' : 'still found'} by a reader of its post`);
    if (p.group === priv.id && (await found(outsider, c.word)).length) problems.push(`comment ${id}: found by an outsider to its private group`);
    searched += p.group === priv.id ? 2 : 1;
  });
  checkShares();
  const finalShares = storedShares();
  await each(files, async ([id, f]) => {
    if (!f.word || filesMaybe.has(id)) return;
    const ownerP = people.find((x) => x.id === f.owner);
    if (filesGone.has(id)) {
      for (const x of people) if ((await found(x, f.word)).includes(`file:${id}`)) problems.push(`file ${id}: deleted for good, still found`);
      searched += people.length;
      return;
    }
    if (!(await found(ownerP, f.word)).includes(`file:${id}`)) problems.push(`file ${id}: not found by its owner`);
    // (a change whose answer was lost: MariaDB says which way it went)
    const sharedWith = people.filter((x) => shares.get(`${id}:${x.id}`) ?? finalShares.has(`${id}:${x.id}`));
    for (const x of people.filter((y) => y !== ownerP)) {
      const has = (await found(x, f.word)).includes(`file:${id}`);
      if (has !== sharedWith.includes(x)) problems.push(`file ${id}: ${has ? 'found by someone it is not shared with' : 'not found by someone it is shared with'}`);
    }
    searched += people.length;
  });
  // the reconciliation finds nothing to repair
  const before = (await admin.get('/search/status')).body.last_reconcile;
  await admin.post('/search/reconcile', {});
  const report = await eventually(async () => {
    const now = (await admin.get('/search/status')).body.last_reconcile;
    return now && now !== before ? now : null;
  }, 300000, 'the reconciliation report');
  const counts = report.match(/(\d+) orphans removed, (\d+) missing indexed, (\d+) stale scopes repaired/).slice(1).map(Number);
  if (counts.some((n) => n)) problems.push(`the reconciliation repaired something: ${report}`);

  return {
    cycles: Object.values(recovery).reduce((n, l) => n + l.length, 0),
    seconds: Math.round((Date.now() - started) / 1000),
    confirmed, unknown, refused, refusals, searched,
    deletedForGood: { posts: deleted.size, files: filesGone.size },
    lost: problems.filter((p) => /confirmed/.test(p)).length,
    indexDifferences: counts.reduce((a, b) => a + b, 0),
    recovery: Object.fromEntries(Object.entries(recovery).map(([k, l]) => [k, { kills: l.length, p50: percentile(l, 0.5), p95: percentile(l, 0.95), max: percentile(l, 1) }])),
    problems,
  };
}

// run from the command line: the long run
if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : dflt; };
  const result = await torture({
    cycles: Number(arg('cycles', 300)),
    kinds: arg('kinds', 'worker,indexer,mariadb,nginx').split(','),
    log: (l) => console.log(l),
  });
  console.log(JSON.stringify(result, null, 2));
  process.exit(result.problems.length ? 1 : 0);
}
