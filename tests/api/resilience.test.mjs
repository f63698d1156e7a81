// Processes dying: a worker killed with SIGKILL, the indexer killed
// mid-batch; MariaDB dropping its connections, or frozen for 30 s.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, adminClient, newUser, pidOf, childrenOf, eventually, killIfAlive, session, sql, unique } from './client.mjs';

test('a worker killed with SIGKILL: the next request succeeds and the worker comes back', async () => {
  const admin = await adminClient();
  const master = pidOf('fcgi');
  const before = childrenOf(master);
  assert.ok(before.length >= 2, 'several workers');
  process.kill(before[0], 'SIGKILL');
  const r = await admin.get('/me');
  assert.equal(r.status, 200);
  await eventually(() => childrenOf(master).length === before.length, 5000, 'the worker respawned');
  // every worker killed at once: the master brings them back
  for (const p of childrenOf(master)) killIfAlive(p);
  const ok = await eventually(async () => (await admin.get('/me')).status === 200, 5000, 'service back');
  assert.ok(ok);
});

test('the indexer killed mid-batch: restarted, it indexes everything and nothing twice', async () => {
  const admin = await adminClient();
  const tag = unique('bulk').toLowerCase();
  const n = 10000;
  const pending = () => Number(sql('SELECT COUNT(*) FROM index_queue'));
  await eventually(() => pending() === 0, 10000, 'an idle queue');
  const docsBefore = (await admin.get('/health')).body.index.documents;
  // volume straight into MariaDB, as the API writes it: the rows and their
  // outbox rows in one transaction (no poke: the indexer's poll finds them)
  sql(`START TRANSACTION;
       INSERT INTO users (email, display_name, password_hash)
         SELECT CONCAT('${tag}-', seq, '@example.org'), CONCAT('Agent ${tag} n', seq), 'x'
         FROM seq_1_to_${n};
       INSERT INTO index_queue (entity_type, entity_id)
         SELECT 'person', id FROM users WHERE email LIKE '${tag}-%';
       COMMIT;`);
  const master = pidOf('indexer');
  const [child] = childrenOf(master);
  const left = await eventually(() => { const p = pending(); return p > 0 && p < n ? p : null; }, 10000, 'indexing under way');
  process.kill(child, 'SIGKILL');
  assert.ok(left > 0 && left < n, `killed with ${left} of ${n} rows left`);
  await eventually(() => childrenOf(master).some((p) => p !== child), 5000, 'the indexer restarted');
  await eventually(() => pending() === 0, 60000, 'the queue drained');
  const docs = (await admin.get('/health')).body.index.documents;
  assert.equal(docs, docsBefore + n, 'every account indexed exactly once');
  const one = await admin.get(`/search?q=${encodeURIComponent(`agent ${tag} n4321`)}&type=person`);
  assert.equal(one.body.items.length, 1);
  assert.equal(one.body.items[0].title, `Agent ${tag} n4321`);
  // (a search's total is estimated past a few thousand matches: the
  // documents' count above is the exact check that none is there twice)
});

test('MariaDB drops every connection: the workers reconnect and the next requests succeed', async () => {
  const admin = await adminClient();
  const killed = Number(sql(`SELECT COUNT(*) FROM information_schema.processlist
                              WHERE db = 'parvis' AND id <> CONNECTION_ID() AND command <> 'Daemon'`));
  assert.ok(killed >= 2, `${killed} connections of the workers and the indexer`);
  const ids = sql(`SELECT id FROM information_schema.processlist
                   WHERE db = 'parvis' AND id <> CONNECTION_ID() AND command <> 'Daemon'`).trim().split('\n');
  sql(ids.map((id) => `KILL CONNECTION ${id};`).join(' '));
  for (let i = 0; i < 8; i++) {
    const r = await admin.get('/users?limit=1');
    assert.equal(r.status, 200, `request ${i} after the connections were killed`);
  }
  const tag = unique('after').toLowerCase();
  const r = await admin.post('/users', { email: `${tag}@example.org`, display_name: `Reconnect ${tag}` });
  assert.equal(r.status, 201);
  await eventually(async () => (await admin.get(`/search?q=${tag}&type=person`)).body.total === 1, 5000,
    'the indexer reconnected too');
});

test('a statement that waits past the read timeout: its request answers, the statement is not run twice, nobody else is refused', async () => {
  const admin = await adminClient();
  const { VAR } = await import('./client.mjs');
  const { readFileSync, statSync } = await import('node:fs');
  const u = await newUser(admin, { signIn: false });
  const from = { localAddress: '127.0.0.41' };
  assert.equal((await new Client(from).login(u.email, 'wrong-password-1')).status, 401);
  const failures = () => Number(sql(`SELECT failures FROM login_throttle WHERE kind = 'account' AND k = '${u.email}'`));
  assert.equal(failures(), 1);
  // another session holds the account's counter row: the next failure's
  // write waits for it longer than a worker waits for MariaDB (5 s)
  const holder = await session();
  try {
    await holder.run(`START TRANSACTION; SELECT failures FROM login_throttle WHERE kind = 'account' AND k = '${u.email}' FOR UPDATE`);
    const log = `${VAR}/log/fcgi.log`;
    const logStart = statSync(log).size;
    const waiting = new Client(from).login(u.email, 'wrong-password-2');
    // meanwhile, and after, the others are served
    await eventually(async () => (await admin.get('/health')).status === 200, 2000, 'health while one request waits');
    const r = await waiting;
    assert.equal(r.status, 401, 'the sign-in still answered (its counter could not be written)');
    const after = await Promise.all(Array.from({ length: 8 }, () => admin.get('/health')));
    assert.deepEqual(after.map((x) => x.status), Array(8).fill(200), 'nobody refused after the slow statement');
    const said = readFileSync(log, 'utf8').slice(logStart);
    assert.ok(!said.includes('MariaDB does not answer'), 'a slow statement is not MariaDB away (the breaker stayed closed)');
  } finally {
    await holder.end();
  }
  // the timed-out write may still run once the row is free; not twice
  await eventually(() => Number(sql(`SELECT COUNT(*) FROM information_schema.processlist WHERE info LIKE 'INSERT INTO login_throttle%'`)) === 0,
    60000, 'the waiting writes of the counter over');
  assert.ok(failures() <= 2, `the failure counted at most once (${failures()} in all)`);
});

test('MariaDB frozen for 30 s: requests answer 503 at once, no worker stays wedged, all comes back by itself', async (t) => {
  const admin = await adminClient();
  const { VAR } = await import('./client.mjs');
  const { readFileSync } = await import('node:fs');
  const g = (await admin.post('/groups', { name: unique('Gel'), visibility: 'public' })).body;
  const word = `gel${unique().replace(/\W/g, '').toLowerCase()}`;
  // a post written just before: the indexer must not lose it
  assert.equal((await admin.post(`/groups/${g.id}/posts`, { body: `avant le gel ${word}` })).status, 201);
  const mariadbd = Number(readFileSync(`${VAR}/run/mariadbd.pid`, 'utf8').trim());
  process.kill(mariadbd, 'SIGSTOP');
  const start = Date.now();
  const timings = [];
  try {
    // 30 s of requests, a few at a time: reads and a write
    while (Date.now() - start < 30000) {
      await Promise.all(['/health', '/feed', 'POST'].map(async (what) => {
        const t0 = Date.now();
        const r = what === 'POST' ? await admin.post(`/groups/${g.id}/posts`, { body: `pendant ${word}` }) : await admin.get(what);
        timings.push({ what, at: t0 - start, ms: Date.now() - t0, status: r.status,
          json: what === '/health' ? r.body?.db : r.body?.error?.code, retry: r.headers['retry-after'] });
      }));
    }
  } finally {
    process.kill(mariadbd, 'SIGCONT');
  }
  // those in flight when it froze wait for the workers' timeouts (5 s to
  // read, 2 s to connect again); from then on, every answer is at once
  const settled = timings.filter((t) => t.at > 10000);
  assert.ok(settled.length > 20, `requests after the first 10 s: ${settled.length}`);
  const slow = settled.filter((t) => t.ms >= 1000);
  assert.deepEqual(slow, [], 'every request after the first 10 s answered within a second');
  // the API's 503 (health: its database part says so)
  const wrong = settled.filter((t) => t.status !== 503 || (t.what === '/health' ? t.json === 'ok' : t.json !== 'unavailable'));
  assert.deepEqual(wrong, [], '503 and the API\'s JSON');
  const noRetry = settled.filter((t) => t.what !== '/health' && t.retry !== '1');
  assert.deepEqual(noRetry, [], 'every 503 says when to try again (Retry-After)');
  const ms = settled.map((t) => t.ms).sort((a, b) => a - b);
  t.diagnostic(`during the freeze: ${settled.length} requests after the first 10 s, p95 ${ms[Math.floor(ms.length * 0.95)]} ms, slowest ${ms[ms.length - 1]} ms`);
  // back by itself: reads, a write, every worker answering, the post found
  const back = Date.now();
  await eventually(async () => (await admin.get('/health')).status === 200, 10000, 'health 200 after the freeze');
  const recovery = Date.now() - back;
  assert.equal((await admin.post(`/groups/${g.id}/posts`, { body: `après le gel ${word}` })).status, 201);
  const all = await Promise.all(Array.from({ length: 16 }, () => admin.get('/feed')));
  assert.ok(all.every((r) => r.status === 200), 'every worker answers');
  await eventually(async () => (await admin.get(`/search?q=${word}`)).body.total === 2, 15000,
    'the post written before the freeze and the one after, both indexed');
  t.diagnostic(`health back ${recovery} ms after MariaDB woke up`);
  assert.ok(recovery < 5000, `recovered in ${recovery} ms`);
});
