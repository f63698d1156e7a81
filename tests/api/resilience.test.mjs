// Processes dying: a worker killed with SIGKILL, the indexer killed mid-batch.
import test from 'node:test';
import assert from 'node:assert/strict';
import { adminClient, pidOf, childrenOf, eventually, sql, unique } from './client.mjs';

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
  for (const p of childrenOf(master)) process.kill(p, 'SIGKILL');
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
  const all = await admin.get(`/search?q=${encodeURIComponent(tag)}&type=person&limit=1`);
  assert.equal(all.body.total, n, 'no duplicate documents');
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
