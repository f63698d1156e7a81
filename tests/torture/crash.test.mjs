// The short crash torture of make test (tests/torture/crash.mjs: make
// torture runs the long one): worker, indexer, MariaDB and nginx killed
// at random under a mixed write load; nothing confirmed is lost.
import test from 'node:test';
import assert from 'node:assert/strict';
import { torture } from './crash.mjs';

test('processes killed at random under a write load: nothing confirmed is lost, the index agrees, no stray file', async (t) => {
  const r = await torture({ cycles: Number(process.env.PARVIS_TORTURE_CYCLES || 12), log: (l) => t.diagnostic(l) });
  t.diagnostic(JSON.stringify({ ...r, problems: r.problems.slice(0, 10) }));
  assert.deepEqual(r.problems, [], 'every check held');
  assert.ok(r.confirmed > 20, `writes confirmed: ${r.confirmed}`);
});
