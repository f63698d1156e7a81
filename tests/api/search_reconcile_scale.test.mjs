// « Réconcilier l'index » at a size where every kind fills whole batches of
// the orphans' pass (500 ids): nothing that exists may be removed, however
// the batches of different kinds line up, and pressing it again changes
// nothing. (A statement cache keyed by the SQL text's address once ran the
// comments' query for the posts' ids: every post was removed as an orphan.)
import test from 'node:test';
import assert from 'node:assert/strict';
import { adminClient, newUser, unique, eventually, sql } from './client.mjs';

const N = 1100;   // more than two full batches of each kind

const total = async (who, q, type) =>
  (await who.get(`/search?q=${encodeURIComponent(q)}&type=${type}&limit=1`)).body.total;

async function reconcileOnce(admin) {
  const before = (await admin.get('/search/status')).body.last_reconcile;
  assert.equal((await admin.post('/search/reconcile', {})).status, 202);
  return eventually(async () => {
    const now = (await admin.get('/search/status')).body.last_reconcile;
    return now && now !== before ? now : null;
  }, 240000, 'a new reconciliation report in /search/status');
}

test('a reconciliation over more than 500 posts and 500 comments removes nothing that exists', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const word = `recscale${unique().replace(/\W/g, '').toLowerCase()}`;
  const g = (await alice.client.post('/groups', { name: unique('Échelle'), visibility: 'public' })).body;
  const p0 = (await alice.client.post(`/groups/${g.id}/posts`, { body: `premier ${word}` })).body;
  // the volume written as the API writes it, outbox rows included, in one
  // go; the comments' ids far from the posts' (as on a platform where
  // people comment more than they post), so that no query can answer for
  // the other kind by chance
  sql(`ALTER TABLE comments AUTO_INCREMENT = ${Number(sql('SELECT MAX(id) FROM posts')) + 100000}`);
  sql(`INSERT INTO posts (group_id, author_id, body, body_html, publish_at)
       SELECT ${g.id}, ${alice.id}, CONCAT('publication ${word} ', seq), '<p>x</p>', UTC_TIMESTAMP(3)
       FROM seq_1_to_${N};
       INSERT INTO index_queue (entity_type, entity_id)
       SELECT 'post', id FROM posts WHERE group_id = ${g.id} AND id > ${p0.id};
       INSERT INTO comments (post_id, author_id, body, body_html)
       SELECT ${p0.id}, ${alice.id}, CONCAT('commentaire ${word} ', seq), '<p>x</p>' FROM seq_1_to_${N};
       UPDATE posts SET comment_count = ${N} WHERE id = ${p0.id};
       INSERT INTO index_queue (entity_type, entity_id)
       SELECT 'comment', id FROM comments WHERE post_id = ${p0.id};`);
  await eventually(async () => (await total(alice.client, word, 'post')) === N + 1
    && (await total(alice.client, word, 'comment')) === N, 120000, `${N + 1} posts and ${N} comments indexed`);

  // the first may repair what earlier tests left; the second finds the
  // index exactly as MariaDB is
  for (const round of [1, 2]) {
    const report = await reconcileOnce(admin);
    if (round === 2) assert.match(report, / 0 orphans removed, 0 missing indexed, 0 stale scopes repaired/, report);
    else assert.ok(Number(report.match(/(\d+) orphans removed/)[1]) < N, `nothing that exists removed: ${report}`);
    assert.equal(await total(alice.client, word, 'post'), N + 1, `round ${round}: every post still found`);
    assert.equal(await total(alice.client, word, 'comment'), N, `round ${round}: every comment still found`);
  }
});
