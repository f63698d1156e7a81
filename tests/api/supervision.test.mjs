// The supervisor (parvis-ctl supervise): MariaDB, nginx, the FastCGI master,
// the indexer master and the notifier each come back by themselves after a SIGKILL, with
// what they left behind cleared, and var/run/NAME.pid names the new one.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { adminClient, Client, pidOf, childrenOf, eventually, unique } from './client.mjs';

const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
const cmdline = (pid) => { try { return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim(); } catch { return ''; } };
const inGroup = (pgid) => {
  try {
    return execFileSync('pgrep', ['-g', String(pgid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch { return []; }
};
const anonymous = new Client();
const healthy = async () => {
  try { return (await anonymous.get('/health')).status === 200; } catch { return false; }
};
// the new pid once the pid file names a live process other than `old`
const replaced = (name, old) => {
  try { const p = pidOf(name); return p !== old && alive(p) ? p : null; } catch { return null; }
};

async function postIn(admin, group, text) {
  return admin.post(`/groups/${group}/posts`, { body: text });
}

test('MariaDB killed with SIGKILL: health comes back to 200 by itself and writes succeed', async (t) => {
  const admin = await adminClient();
  const g = await admin.post('/groups', { name: unique('Supervision'), visibility: 'public' });
  assert.equal(g.status, 201);
  await eventually(healthy, 10000, '/health at 200 before the kill');
  const old = pidOf('mariadb');
  assert.ok(alive(old) && /mariadbd/.test(cmdline(old)), `var/run/mariadb.pid names MariaDB (${cmdline(old)})`);
  const start = performance.now();
  process.kill(old, 'SIGKILL');
  const fresh = await eventually(() => replaced('mariadb', old), 60000, 'var/run/mariadb.pid naming a new MariaDB');
  assert.match(cmdline(fresh), /mariadbd/);
  await eventually(healthy, 60000, '/health back to 200 after MariaDB was killed');
  const recovery = Math.round(performance.now() - start);
  t.diagnostic(`MariaDB: /health at 200 again ${recovery} ms after the SIGKILL`);
  // the same signed-in session writes: a post, then it is read and found
  const word = unique('survivant').toLowerCase();
  const p = await eventually(async () => {
    const r = await postIn(admin, g.body.id, `Après la panne ${word}`);
    return r.status === 201 ? r : null;
  }, 10000, 'a post accepted after the restart');
  assert.equal((await admin.get(`/posts/${p.body.id}`)).body.body, `Après la panne ${word}`);
  await eventually(async () => (await admin.get(`/search?q=${word}`)).body.total === 1, 15000,
    'the post found by search (the indexer reconnected)');
});

test('the nginx master killed with SIGKILL: the site answers again, no orphaned worker left', async (t) => {
  const admin = await adminClient();
  const old = pidOf('nginx');
  assert.match(cmdline(old), /nginx: master/);
  const oldWorkers = childrenOf(old);
  assert.ok(oldWorkers.length >= 1, 'nginx has workers');
  const start = performance.now();
  process.kill(old, 'SIGKILL');
  const fresh = await eventually(() => replaced('nginx', old), 30000, 'var/run/nginx.pid naming a new nginx master');
  await eventually(healthy, 30000, 'the site answering again after nginx was killed');
  t.diagnostic(`nginx: the site answers again ${Math.round(performance.now() - start)} ms after the SIGKILL`);
  assert.match(cmdline(fresh), /nginx: master/);
  assert.deepEqual(oldWorkers.filter(alive), [], 'the old master\'s workers are gone');
  assert.deepEqual(inGroup(old), [], 'nothing left in the old process group');
  const me = await admin.get('/me');
  assert.equal(me.status, 200, 'a signed-in request through the new nginx');
});

test('nginx dying again and again: each restart waits longer (back-off)', async () => {
  // each kill comes while the current nginx is young: the wait doubles
  const waits = [];
  for (let i = 0; i < 3; i++) {
    const old = await eventually(() => { const p = pidOf('nginx'); return alive(p) ? p : null; }, 30000, 'a running nginx');
    await eventually(healthy, 30000, 'the site answering');
    const start = performance.now();
    process.kill(old, 'SIGKILL');
    await eventually(() => replaced('nginx', old), 60000, `nginx restarted after kill ${i + 1}`);
    waits.push(Math.round(performance.now() - start));
  }
  for (let i = 1; i < waits.length; i++)
    assert.ok(waits[i] > waits[i - 1] * 1.3, `restart waits grow: ${waits.join(', ')} ms`);
  assert.ok(waits[2] >= 1600, `the third restart waited ${waits[2]} ms (at least 1.6 s)`);
  await eventually(healthy, 60000, 'the site answering after the last restart');
});

test('the FastCGI master killed with SIGKILL: a new master and workers serve, the old workers are gone', async () => {
  const admin = await adminClient();
  const old = pidOf('fcgi');
  const oldWorkers = childrenOf(old);
  assert.ok(oldWorkers.length >= 2, 'several workers');
  process.kill(old, 'SIGKILL');
  const fresh = await eventually(() => replaced('fcgi', old), 30000, 'var/run/fcgi.pid naming a new master');
  await eventually(async () => (await admin.get('/me')).status === 200, 30000, 'requests served by the new workers');
  await eventually(() => childrenOf(fresh).length === oldWorkers.length, 30000, 'the new master\'s workers');
  await eventually(() => oldWorkers.every((p) => !alive(p)), 10000, 'the old workers gone');
});

test('the indexer master killed with SIGKILL: a new indexer takes the index and indexes new posts', async () => {
  const admin = await adminClient();
  const g = await admin.post('/groups', { name: unique('Indexeur'), visibility: 'public' });
  const old = pidOf('indexer');
  const oldChildren = childrenOf(old);
  assert.ok(oldChildren.length >= 1, 'the indexer runs');
  process.kill(old, 'SIGKILL');
  await eventually(() => replaced('indexer', old), 30000, 'var/run/indexer.pid naming a new indexer');
  // the old child held the index's write lock: it must be gone for the new one to index
  await eventually(() => oldChildren.every((p) => !alive(p)), 10000, 'the old indexer process gone');
  const word = unique('relance').toLowerCase();
  assert.equal((await postIn(admin, g.body.id, `Indexé ${word}`)).status, 201);
  await eventually(async () => (await admin.get(`/search?q=${word}`)).body.total === 1, 30000,
    'the new post found (the new indexer holds the index)');
});

test('the notifier killed in the middle of a fan-out: restarted, every member told exactly once', async () => {
  const admin = await adminClient();
  const g = (await admin.post('/groups', { name: unique('Diffusion'), visibility: 'public' })).body;
  const people = [];
  for (let i = 0; i < 40; i++) {
    const email = `${unique('d')}@example.org`;
    const u = await admin.post('/users', { email, display_name: unique('Membre '), password: 'correct horse battery staple' });
    await admin.put(`/groups/${g.id}/members/${u.body.id}`, { role: 'member' });
    people.push({ id: u.body.id, email });
  }
  const old = pidOf('notifier');
  const oldChildren = childrenOf(old);
  assert.ok(oldChildren.length >= 1, 'the notifier runs');
  const posts = [];
  for (let i = 0; i < 5; i++) posts.push((await postIn(admin, g.id, `Diffusion ${i}`)).body.id);
  process.kill(old, 'SIGKILL');
  for (const c of oldChildren) { try { process.kill(c, 'SIGKILL'); } catch { /* gone */ } }
  const mr = (await admin.post(`/groups/${g.id}/posts`, { body: 'À lire, pendant la relance', must_read: true })).body;
  await eventually(() => replaced('notifier', old), 30000, 'var/run/notifier.pid naming a new notifier');
  // each member: exactly one must-read notification of that post, counted once
  const last = people.at(-1);
  const c = new Client();
  await c.login(last.email, 'correct horse battery staple');
  await eventually(async () => (await c.get('/notifications')).body.items.some((n) => n.kind === 'must_read' && n.target.id === mr.id),
    30000, 'the must-read notification after the restart');
  for (const p of people.slice(0, 5).concat([last])) {
    const cl = new Client();
    await cl.login(p.email, 'correct horse battery staple');
    const mine = (await cl.get('/notifications?limit=100')).body.items.filter((n) => n.kind === 'must_read' && n.target.id === mr.id);
    assert.equal(mine.length, 1, `one notification for ${p.email}`);
    assert.equal(mine[0].count, 1, 'counted once');
  }
});
