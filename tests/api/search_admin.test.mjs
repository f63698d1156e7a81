// The search index for administrators: the files whose text could not be
// read and why, the rows waiting, the last reconciliation, and asking for
// one; nobody else sees or asks.
import test from 'node:test';
import assert from 'node:assert/strict';
import { adminClient, newUser, unique, eventually } from './client.mjs';

test('administrators see the files the indexer could not read and why, and ask for a reconciliation', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const root = (await alice.client.get('/drive')).body.root_folder_id;
  // a PDF that is not one: libmagic says PDF, poppler refuses it
  const name = `${unique('cassé')}.pdf`;
  const bad = (await alice.client.request('PUT', `/folders/${root}/files/${encodeURIComponent(name)}`, undefined,
    { raw: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4000, 0x41)]) })).body;
  await eventually(async () => (await admin.get('/search/status')).body.failures.some((f) => f.file_id === bad.id),
    8000, 'the failure recorded');
  const s = (await admin.get('/search/status')).body;
  const f = s.failures.find((x) => x.file_id === bad.id);
  assert.equal(f.name, name);
  assert.equal(f.mime, 'application/pdf');
  assert.ok(f.reason.length > 0, 'a reason');
  assert.ok(s.failures_total >= 1 && s.documents > 0 && s.pending >= 0);
  // the file is still found by its name
  // (its reason is written before the index commits its document)
  const hits = await eventually(async () => {
    const found = (await alice.client.get(`/search?q=${encodeURIComponent(name.replace(/\.pdf$/, ''))}&type=file`)).body.items;
    return found.length ? found : null;
  }, 8000, 'the unreadable file found by its name');
  assert.deepEqual(hits.map((h) => h.id), [bad.id]);
  // others: refused
  assert.equal((await alice.client.get('/search/status')).status, 403);
  assert.equal((await alice.client.post('/search/reconcile', {})).status, 403);
  // a reconciliation asked for, and its report
  const before = s.last_reconcile;
  assert.equal((await admin.post('/search/reconcile', {})).status, 202);
  await eventually(async () => {
    const now = (await admin.get('/search/status')).body.last_reconcile;
    return now && now !== before;
  }, 60000, 'the reconciliation reported');
  assert.match((await admin.get('/search/status')).body.last_reconcile,
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \d+ checked, \d+ orphans removed, \d+ missing indexed, \d+ stale scopes repaired$/);
});
