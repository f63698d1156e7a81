// The feed: posting rules, Markdown made safe, comments and replies,
// reactions, moderation, must-read receipts, scheduling, hashtags, mentions.
import test from 'node:test';
import assert from 'node:assert/strict';
import { adminClient, newUser, unique, sql, session, eventually } from './client.mjs';

async function groupWith(manager, visibility = 'public', extra = {}) {
  const r = await manager.client.post('/groups', { name: unique('Fil'), visibility, ...extra });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

test('posting follows the group: members post, announcements only managers, outsiders of private groups never see', async () => {
  const admin = await adminClient();
  const [alice, bob, carol] = [await newUser(admin), await newUser(admin), await newUser(admin)];
  const pub = await groupWith(alice, 'public');
  const ann = await groupWith(alice, 'public', { posting: 'managers' });
  const priv = await groupWith(alice, 'private');
  for (const g of [pub, ann, priv]) await alice.client.put(`/groups/${g.id}/members/${bob.id}`, {});

  let r = await bob.client.post(`/groups/${pub.id}/posts`, { body: 'Bonjour **à tous**' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.body_html, '<p>Bonjour <strong>à tous</strong></p>\n');
  assert.deepEqual(r.body.author, { id: bob.id, display_name: bob.user.display_name });
  assert.deepEqual(r.body.group, { id: pub.id, name: pub.name });
  assert.equal(r.body.can.edit, true);
  assert.equal((await carol.client.post(`/groups/${pub.id}/posts`, { body: 'pas membre' })).status, 403);
  assert.equal((await bob.client.post(`/groups/${ann.id}/posts`, { body: 'annonce' })).status, 403);
  assert.equal((await alice.client.post(`/groups/${ann.id}/posts`, { body: 'annonce' })).status, 201);
  const secretPost = (await bob.client.post(`/groups/${priv.id}/posts`, { body: 'entre nous' })).body;
  assert.equal((await carol.client.get(`/posts/${secretPost.id}`)).status, 404);
  assert.equal((await carol.client.get(`/groups/${priv.id}/posts`)).status, 403);
  assert.equal((await carol.client.post(`/posts/${secretPost.id}/comments`, { body: 'x' })).status, 404);
  assert.equal((await carol.client.request('PUT', `/posts/${secretPost.id}/reaction`, { kind: 'like' })).status, 404);
  // a public group's posts are readable by everyone
  const pubPost = (await bob.client.get(`/groups/${pub.id}/posts`)).body.items[0];
  assert.equal((await carol.client.get(`/posts/${pubPost.id}`)).status, 200);
});

test('bad input on posts: status, clear message, nothing changed', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const g = await groupWith(alice);
  const before = sql('SELECT COUNT(*) FROM posts').trim();
  const cases = [
    [{}, 400, /body/],
    [{ body: '' }, 400, /body/],
    [{ body: ' \n\n ' }, 400, /body/],
    [{ body: 'x'.repeat(20001) }, 400, /20000/],
    [{ body: 'ok', title: 'x'.repeat(201) }, 400, /200/],
    [{ body: 'ok', publish_at: '2020-01-01T08:00:00Z' }, 400, /passée/],
    [{ body: 'ok', publish_at: 'demain' }, 400, /publish_at/],
    [{ body: 'ok', publish_at: '2099-01-02T08:00:00Z', unpublish_at: '2099-01-01T08:00:00Z' }, 400, /retrait/],
    [{ body: 'ok', featured: true }, 403, /droit/],
  ];
  for (const [body, status, re] of cases) {
    const r = await alice.client.post(`/groups/${g.id}/posts`, body);
    assert.equal(r.status, status, JSON.stringify(body).slice(0, 80));
    assert.match(r.body.error.message, re);
  }
  assert.equal(sql('SELECT COUNT(*) FROM posts').trim(), before);
  // archived group: read-only
  await alice.client.patch(`/groups/${g.id}`, { archived: true });
  const r = await alice.client.post(`/groups/${g.id}/posts`, { body: 'ok' });
  assert.equal(r.status, 409);
  assert.match(r.body.error.message, /archivé/);
});

test('text from people is made safe: no script, no event attribute, no javascript: link', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const g = await groupWith(alice);
  const payloads = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '[x](javascript:alert(1))',
    '[x](JAVASCRIPT:alert(1))', '<a href="javascript:alert(1)">x</a>', '<svg onload=alert(1)>',
    '![x](javascript:alert(1))', '[x](data:text/html,<script>alert(1)</script>)', '"><script>alert(1)</script>'];
  for (const body of payloads) {
    const r = await alice.client.post(`/groups/${g.id}/posts`, { body, title: body.slice(0, 100) });
    assert.equal(r.status, 201);
    assert.equal(r.body.body, body, 'the text is kept as written');
    // no element but the renderer's own, no event attribute inside a tag, no script link
    assert.doesNotMatch(r.body.body_html, /<(script|img|svg|iframe)\b/i, body);
    assert.doesNotMatch(r.body.body_html, /<[^>]*\son\w+=/i, body);
    assert.doesNotMatch(r.body.body_html, /href="(javascript|data|vbscript):/i, body);
    assert.equal(r.body.title, body.slice(0, 100).trim());
  }
});

test('comments with one level of replies; closing comments; counts come with the post', async () => {
  const admin = await adminClient();
  const [alice, bob] = [await newUser(admin), await newUser(admin)];
  const g = await groupWith(alice);
  await alice.client.put(`/groups/${g.id}/members/${bob.id}`, {});
  const p = (await bob.client.post(`/groups/${g.id}/posts`, { body: 'Question ?' })).body;
  const c1 = await alice.client.post(`/posts/${p.id}/comments`, { body: 'Réponse' });
  assert.equal(c1.status, 201);
  assert.equal(c1.body.parent_id, null);
  const reply = await bob.client.post(`/posts/${p.id}/comments`, { body: 'Merci', parent_id: c1.body.id });
  assert.equal(reply.status, 201);
  assert.equal(reply.body.parent_id, c1.body.id);
  let r = await bob.client.post(`/posts/${p.id}/comments`, { body: 'trop profond', parent_id: reply.body.id });
  assert.equal(r.status, 400);
  r = await bob.client.post(`/posts/${p.id}/comments`, { body: 'x', parent_id: 'un' });
  assert.equal(r.status, 400);
  assert.equal((await bob.client.get(`/posts/${p.id}`)).body.comments_count, 2);
  const list = (await bob.client.get(`/posts/${p.id}/comments`)).body.items;
  assert.deepEqual(list.map((c) => c.body), ['Réponse', 'Merci']);
  // the author of the post cannot close comments; a manager can
  assert.equal((await bob.client.patch(`/posts/${p.id}`, { comments_closed: true })).status, 403);
  assert.equal((await alice.client.patch(`/posts/${p.id}`, { comments_closed: true })).status, 200);
  r = await bob.client.post(`/posts/${p.id}/comments`, { body: 'encore' });
  assert.equal(r.status, 409);
  assert.match(r.body.error.message, /fermés/);
  // deleting a comment takes its replies and fixes the count
  assert.equal((await bob.client.del(`/comments/${c1.body.id}`)).status, 403, 'not his');
  assert.equal((await alice.client.del(`/comments/${c1.body.id}`)).status, 204);
  assert.equal((await bob.client.get(`/posts/${p.id}`)).body.comments_count, 0);
});

test('reactions: one per person, changeable, counted, and who reacted', async () => {
  const admin = await adminClient();
  const [alice, bob, carol] = [await newUser(admin), await newUser(admin), await newUser(admin)];
  const g = await groupWith(alice);
  const p = (await alice.client.post(`/groups/${g.id}/posts`, { body: 'Bravo à l\'équipe' })).body;
  assert.equal((await bob.client.request('PUT', `/posts/${p.id}/reaction`, { kind: 'like' })).status, 200);
  assert.equal((await bob.client.request('PUT', `/posts/${p.id}/reaction`, { kind: 'bravo' })).status, 200);
  assert.equal((await carol.client.request('PUT', `/posts/${p.id}/reaction`, { kind: 'bravo' })).status, 200);
  const r = await bob.client.request('PUT', `/posts/${p.id}/reaction`, { kind: 'colère' });
  assert.equal(r.status, 400);
  assert.match(r.body.error.message, /like, bravo, merci, idee, soutien/);
  let post = (await bob.client.get(`/posts/${p.id}`)).body;
  assert.deepEqual(post.reactions, { bravo: 2 });
  assert.equal(post.my_reaction, 'bravo');
  const who = (await alice.client.get(`/posts/${p.id}/reactions`)).body.items;
  assert.deepEqual(who.map((x) => [x.user.id, x.kind]), [[bob.id, 'bravo'], [carol.id, 'bravo']]);
  assert.equal((await carol.client.del(`/posts/${p.id}/reaction`)).status, 204);
  assert.equal((await carol.client.del(`/posts/${p.id}/reaction`)).status, 404);
  post = (await alice.client.get(`/posts/${p.id}`)).body;
  assert.deepEqual(post.reactions, { bravo: 1 });
  assert.equal(post.my_reaction, null);
  const c = (await bob.client.post(`/posts/${p.id}/comments`, { body: 'oui' })).body;
  assert.equal((await alice.client.request('PUT', `/comments/${c.id}/reaction`, { kind: 'merci' })).status, 200);
  const comments = (await bob.client.get(`/posts/${p.id}/comments`)).body.items;
  assert.deepEqual(comments[0].reactions, { merci: 1 });
  const whoOnComment = (await bob.client.get(`/comments/${c.id}/reactions`)).body.items;
  assert.deepEqual(whoOnComment.map((x) => [x.user.id, x.kind]), [[alice.id, 'merci']]);
});

test('editing keeps earlier versions; moderators delete and pin; pinned posts come first', async () => {
  const admin = await adminClient();
  const [alice, bob, mod] = [await newUser(admin), await newUser(admin), await newUser(admin)];
  const g = await groupWith(alice);
  await alice.client.put(`/groups/${g.id}/members/${bob.id}`, {});
  await alice.client.put(`/groups/${g.id}/members/${mod.id}`, { feed_moderator: true });
  const old = (await bob.client.post(`/groups/${g.id}/posts`, { body: 'premier' })).body;
  const p = (await bob.client.post(`/groups/${g.id}/posts`, { body: 'version 1' })).body;
  let r = await bob.client.patch(`/posts/${p.id}`, { body: 'version 2' });
  assert.equal(r.status, 200);
  assert.equal(r.body.edited, true);
  assert.equal(sql(`SELECT body FROM post_versions WHERE post_id = ${p.id}`).trim(), 'version 1');
  const versions = await mod.client.get(`/posts/${p.id}/versions`);
  assert.equal(versions.status, 200, 'moderators see the earlier versions');
  assert.deepEqual(versions.body.items.map((v) => v.body), ['version 1']);
  assert.equal(versions.body.items[0].edited_by.id, bob.id);
  const outsider = await newUser(admin);
  assert.equal((await outsider.client.get(`/posts/${p.id}/versions`)).status, 403);
  assert.equal((await mod.client.patch(`/posts/${p.id}`, { body: 'pas à moi' })).status, 403);
  assert.equal((await bob.client.patch(`/posts/${old.id}`, { pinned: true })).status, 403);
  assert.equal((await mod.client.patch(`/posts/${old.id}`, { pinned: true })).status, 200);
  const feed = (await bob.client.get(`/groups/${g.id}/posts`)).body.items;
  assert.deepEqual(feed.map((x) => x.id), [old.id, p.id], 'the pinned post first');
  assert.equal((await mod.client.del(`/posts/${p.id}`)).status, 204);
  assert.equal((await bob.client.get(`/posts/${p.id}`)).status, 404);
  // a deleted post takes no comment and no reaction
  assert.equal((await bob.client.post(`/posts/${p.id}/comments`, { body: 'trop tard' })).status, 404);
  assert.equal((await bob.client.request('PUT', `/posts/${p.id}/reaction`, { kind: 'like' })).status, 404);
  assert.match(sql(`SELECT action FROM audit_log WHERE target_type = 'post' AND target_id = ${p.id}`), /post\.delete/);
});

test('must-read: readers confirm, the author sees an exact report, and can export it', async () => {
  const admin = await adminClient();
  const [alice, r1, r2, r3] = [await newUser(admin), await newUser(admin), await newUser(admin), await newUser(admin)];
  const g = await groupWith(alice, 'private');
  for (const u of [r1, r2, r3]) await alice.client.put(`/groups/${g.id}/members/${u.id}`, {});
  assert.equal((await r1.client.post(`/groups/${g.id}/posts`, { body: 'x', must_read: true })).status, 403, 'members do not');
  const p = (await alice.client.post(`/groups/${g.id}/posts`, { title: 'Convocation', body: 'Conseil lundi', must_read: true })).body;
  assert.equal(p.must_read, true);
  let mine = (await r1.client.get('/feed?filter=must_read')).body.items.map((x) => x.id);
  assert.ok(mine.includes(p.id));
  assert.equal((await r1.client.post(`/posts/${p.id}/ack`)).status, 200);
  assert.equal((await r2.client.post(`/posts/${p.id}/ack`)).status, 200);
  assert.equal((await r2.client.post(`/posts/${p.id}/ack`)).status, 200, 'twice is harmless');
  const seenByR1 = (await r1.client.get(`/posts/${p.id}`)).body;
  assert.equal(seenByR1.read_by_me, true);
  assert.match(seenByR1.read_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal((await r3.client.get(`/posts/${p.id}`)).body.read_at, null);
  mine = (await r1.client.get('/feed?filter=must_read')).body.items.map((x) => x.id);
  assert.ok(!mine.includes(p.id));
  assert.equal((await r1.client.get(`/posts/${p.id}/reads`)).status, 403);
  const report = (await alice.client.get(`/posts/${p.id}/reads`)).body;
  assert.equal(report.total, 4, 'three readers and the manager');
  assert.equal(report.confirmed_count, 2);
  assert.deepEqual(report.confirmed.map((x) => x.user.id).sort(), [r1.id, r2.id].sort());
  assert.deepEqual(report.pending.map((x) => x.user.id).sort(), [alice.id, r3.id].sort());
  const csv = await alice.client.get(`/posts/${p.id}/reads?format=csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers['content-type'], /text\/csv/);
  assert.match(csv.headers['content-disposition'], /attachment/);
  assert.equal(csv.text.trim().split('\r\n').length, 5);
  assert.match(csv.text, new RegExp(r1.email));
  const normal = (await alice.client.post(`/groups/${g.id}/posts`, { body: 'normal' })).body;
  assert.equal((await r1.client.post(`/posts/${normal.id}/ack`)).status, 409);
});

test('news: administrators and communication editors publish; everyone reads', async () => {
  const admin = await adminClient();
  const [ed, bob] = [await newUser(admin), await newUser(admin)];
  let r = await ed.client.post('/news/posts', { title: 'Actu', body: 'Nouvelles' });
  assert.equal(r.status, 403);
  assert.match(r.body.error.message, /éditeurs/);
  assert.equal((await admin.patch(`/users/${ed.id}`, { comm_editor: true })).status, 200);
  r = await ed.client.post('/news/posts', { title: 'Actu', body: 'Nouvelles du jour', featured: true });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.group, null);
  assert.equal(r.body.featured, true);
  const news = (await bob.client.get('/feed?filter=news')).body.items.map((x) => x.id);
  assert.ok(news.includes(r.body.id));
  assert.equal((await bob.client.get('/me')).body.user.comm_editor, false);
  assert.equal((await ed.client.get('/me')).body.user.comm_editor, true);
});

test('scheduled posts appear at their date; the home feed pages without repeats', async () => {
  const admin = await adminClient();
  const [alice, bob] = [await newUser(admin), await newUser(admin)];
  const g = await groupWith(alice);
  await alice.client.put(`/groups/${g.id}/members/${bob.id}`, {});
  const later = (await alice.client.post(`/groups/${g.id}/posts`, { body: 'plus tard', publish_at: '2099-01-01T08:00:00Z' })).body;
  assert.equal(later.published, false);
  assert.equal((await bob.client.get(`/posts/${later.id}`)).status, 404, 'not before its date');
  assert.equal((await alice.client.get(`/posts/${later.id}`)).status, 200, 'its author sees it');
  const ids = [];
  for (let i = 0; i < 5; i++) ids.push((await alice.client.post(`/groups/${g.id}/posts`, { body: `n° ${i}` })).body.id);
  const seen = [];
  let url = `/feed?group=${g.id}&limit=2`;
  for (;;) {
    const page = (await bob.client.get(url)).body;
    seen.push(...page.items.map((x) => x.id));
    if (!page.next) break;
    url = `/feed?group=${g.id}&limit=2&cursor=${page.next}`;
  }
  assert.deepEqual(seen, ids.reverse());
  assert.ok(!seen.includes(later.id));
  // its author finds it among their scheduled posts; others do not
  assert.deepEqual((await alice.client.get('/feed?filter=scheduled')).body.items.map((x) => x.id), [later.id]);
  assert.deepEqual((await bob.client.get('/feed?filter=scheduled')).body.items, []);
  // the time it appears is the scheduled one: make it due now
  sql(`UPDATE posts SET publish_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE id = ${later.id}`);
  assert.equal((await bob.client.get(`/posts/${later.id}`)).status, 200);
  assert.equal((await bob.client.get('/feed?filter=everything')).status, 400);
});

test('a comment on a post deleted while the comment is written: 404, not 500, and nothing left', async () => {
  const admin = await adminClient();
  const g = await groupWith({ client: admin });
  const post = (await admin.post(`/groups/${g.id}/posts`, { body: 'Bientôt supprimée' })).body;
  // the deletion holds the post's row until it commits; the comment, which
  // read the post before, waits for that row, then finds it gone
  const deleter = await session();
  // (with its outbox row, as the API deletes: the index forgets it too)
  await deleter.run(`START TRANSACTION; DELETE FROM posts WHERE id = ${post.id};
                     INSERT INTO index_queue (entity_type, entity_id) VALUES ('post', ${post.id})`);
  const comment = admin.post(`/posts/${post.id}/comments`, { body: 'Trop tard' });
  await eventually(() => Number(sql(`SELECT COUNT(*) FROM information_schema.processlist
                                      WHERE info LIKE 'UPDATE posts SET comment_count%'`)) > 0,
    4000, 'the comment waiting for the post\'s row');
  await deleter.end('COMMIT');
  const r = await comment;
  assert.equal(r.status, 404, r.text);
  assert.equal(r.body.error.code, 'not_found');
  assert.equal(sql(`SELECT COUNT(*) FROM comments WHERE post_id = ${post.id}`).trim(), '0');
});

test('hashtags and mentions: a tag lists what the reader may see; a mention is a link, never a key', async () => {
  const admin = await adminClient();
  const [alice, bob, carol] = [await newUser(admin), await newUser(admin), await newUser(admin)];
  const tag = `fete${unique().replace(/\W/g, '').toLowerCase()}`;
  const pub = await groupWith(alice, 'public');
  const priv = await groupWith(alice, 'private');
  const a = (await alice.client.post(`/groups/${pub.id}/posts`, { body: `Préparons la #${tag} !` })).body;
  assert.match(a.body_html, new RegExp(`<a class="hashtag" href="/tags/${tag}">#${tag}</a>`));
  const b = (await alice.client.post(`/groups/${priv.id}/posts`,
    { body: `Entre nous #${tag}, [@${carol.user.display_name}](mention:${carol.id}) et [@Personne](mention:999999999)` })).body;
  assert.match(b.body_html, new RegExp(`<a class="mention" href="/personnes/${carol.id}">`));
  assert.doesNotMatch(b.body_html, /999999999/, 'an unknown person stays text');
  const bobSees = (await bob.client.get(`/posts?tag=${tag}`)).body.items.map((x) => x.id);
  assert.deepEqual(bobSees, [a.id], 'not the private group\'s post');
  const aliceSees = (await alice.client.get(`/posts?tag=%23${tag.toUpperCase()}`)).body.items.map((x) => x.id);
  assert.deepEqual(aliceSees, [b.id, a.id]);
  // carol is mentioned but not a member: she gains nothing
  assert.equal((await carol.client.get(`/posts/${b.id}`)).status, 404);
  assert.deepEqual((await carol.client.get('/feed?filter=mentions')).body.items, []);
  await alice.client.put(`/groups/${priv.id}/members/${carol.id}`, {});
  assert.deepEqual((await carol.client.get('/feed?filter=mentions')).body.items.map((x) => x.id), [b.id]);
});

test('the portal: organisation, must-read not yet confirmed, featured, news, activity, links, my groups with what is new', async () => {
  const admin = await adminClient();
  const [alice, bob] = [await newUser(admin), await newUser(admin)];
  let r = await admin.patch('/settings', { organisation_name: 'Mairie de Tulle',
    quick_links: [{ title: 'Annuaire', url: '/personnes' }, { title: 'Site', url: 'https://example.org' }] });
  assert.equal(r.status, 200, r.text);
  for (const bad of [[{ title: 'x', url: 'javascript:alert(1)' }], [{ title: '', url: '/x' }], 'non',
    Array.from({ length: 13 }, () => ({ title: 't', url: '/x' }))]) {
    r = await admin.patch('/settings', { quick_links: bad });
    assert.equal(r.status, 400, JSON.stringify(bad).slice(0, 60));
  }
  assert.equal((await admin.patch('/settings', { logo_url: 'javascript:alert(1)' })).status, 400);
  assert.equal((await admin.patch('/settings', { logo_url: 'https://elsewhere.example/logo.png' })).status, 400,
    'the page loads images from the site only');
  const g = await groupWith(alice, 'private');
  await alice.client.put(`/groups/${g.id}/members/${bob.id}`, {});
  await bob.client.get(`/groups/${g.id}/posts`);             // bob's visit
  const must = (await alice.client.post(`/groups/${g.id}/posts`, { body: 'À lire', must_read: true })).body;
  const plain = (await alice.client.post(`/groups/${g.id}/posts`, { body: 'Du nouveau' })).body;
  const art = (await admin.post('/news/posts', { title: 'La une', body: 'Article', featured: true })).body;
  const portal = (await bob.client.get('/portal')).body;
  assert.deepEqual(portal.organisation, { name: 'Mairie de Tulle', logo_url: '/img/logo.svg' });
  assert.deepEqual(portal.quick_links.map((l) => l.title), ['Annuaire', 'Site']);
  assert.ok(portal.must_read.some((p) => p.id === must.id));
  assert.ok(portal.featured.some((p) => p.id === art.id));
  assert.ok(portal.news.some((p) => p.id === art.id));
  assert.deepEqual(portal.activity.slice(0, 2).map((p) => p.id), [plain.id, must.id]);
  assert.ok(portal.activity.every((p) => p.group !== null));
  assert.deepEqual(portal.my_groups.find((x) => x.id === g.id), { id: g.id, name: g.name, archived: false, new_posts: 2 });
  await bob.client.post(`/posts/${must.id}/ack`);
  await bob.client.get(`/groups/${g.id}/posts`);
  const again = (await bob.client.get('/portal')).body;
  assert.ok(!again.must_read.some((p) => p.id === must.id), 'confirmed: no longer on top');
  assert.equal(again.my_groups.find((x) => x.id === g.id).new_posts, 0);
  await admin.patch('/settings', { organisation_name: 'Parvis', quick_links: [] });
});

test('the « new posts » banner counts what appeared since the page was loaded', async () => {
  const admin = await adminClient();
  const [alice, bob] = [await newUser(admin), await newUser(admin)];
  const g = await groupWith(alice);
  await alice.client.put(`/groups/${g.id}/members/${bob.id}`, {});
  await alice.client.post(`/groups/${g.id}/posts`, { body: 'premier' });
  const page = (await bob.client.get(`/feed?group=${g.id}&limit=1`)).body;
  // the cursor of the newest post shown: ask with limit 1 then use the first item's key
  const since = page.next ?? null;
  assert.equal(since, null, 'one post: no next page');
  const withTwo = (await alice.client.post(`/groups/${g.id}/posts`, { body: 'deuxième' })).body;
  const first = (await bob.client.get(`/feed?group=${g.id}&limit=1`)).body;
  assert.equal(first.items[0].id, withTwo.id);
  await alice.client.post(`/groups/${g.id}/posts`, { body: 'troisième' });
  await alice.client.post(`/groups/${g.id}/posts`, { body: 'quatrième' });
  const r = await bob.client.get(`/feed/new?group=${g.id}&since=${encodeURIComponent(first.items[0].cursor)}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.count, 2);
  assert.equal((await bob.client.get('/feed/new?since=xyz')).status, 400);
  // an empty page has no cursor: without since, everything counts as new
  const all = await bob.client.get(`/feed/new?group=${g.id}`);
  assert.equal(all.body.count, 4);
});

test('the home feed follows every new, edited or deleted post at once, in every worker', async () => {
  const admin = await adminClient();
  const [alice, bob] = [await newUser(admin), await newUser(admin)];
  const g = await groupWith(alice);
  await alice.client.put(`/groups/${g.id}/members/${bob.id}`, {});
  await alice.client.post(`/groups/${g.id}/posts`, { body: 'avant' });
  const firstIds = async () => {
    const out = [];
    for (let i = 0; i < 12; i++) out.push((await bob.client.get('/feed?limit=3')).body.items[0]?.id);
    return out;
  };
  await firstIds();                                    // every worker has loaded its timelines
  const p = (await alice.client.post(`/groups/${g.id}/posts`, { body: 'nouveau' })).body;
  assert.deepEqual(await firstIds(), Array(12).fill(p.id));
  await alice.client.patch(`/posts/${p.id}`, { body: 'modifié' });
  for (let i = 0; i < 12; i++) assert.equal((await bob.client.get('/feed?limit=3')).body.items[0].body, 'modifié');
  await alice.client.del(`/posts/${p.id}`);
  assert.ok((await firstIds()).every((id) => id !== p.id));
});

test('paging a group with many posts: every post once, in order', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const g = await groupWith(alice);
  const ids = [];
  for (let i = 0; i < 75; i++) ids.push((await alice.client.post(`/groups/${g.id}/posts`, { body: `n° ${i}` })).body.id);
  ids.reverse();
  for (const limit of [7, 50]) {
    for (const base of [`/feed?group=${g.id}`, '/feed']) {
      const seen = [];
      let url = `${base}${base.includes('?') ? '&' : '?'}limit=${limit}`;
      while (seen.length < 75) {
        const page = (await alice.client.get(url)).body;
        seen.push(...page.items.map((x) => x.id).filter((id) => ids.includes(id)));
        if (!page.next) break;
        url = `${base}${base.includes('?') ? '&' : '?'}limit=${limit}&cursor=${page.next}`;
      }
      assert.deepEqual(seen.slice(0, 75), ids, `${base} by ${limit}`);
    }
  }
});

test('counts, reactions, receipts and names in the home feed are current in every worker', async () => {
  const admin = await adminClient();
  const [alice, bob] = [await newUser(admin), await newUser(admin)];
  const g = await groupWith(alice);
  await alice.client.put(`/groups/${g.id}/members/${bob.id}`, {});
  const p = (await alice.client.post(`/groups/${g.id}/posts`, { body: 'compteurs', must_read: true })).body;
  const top = async (who) => {
    const out = [];
    for (let i = 0; i < 12; i++) out.push((await who.client.get('/feed?limit=2')).body.items.find((x) => x.id === p.id));
    return out;
  };
  await top(bob);
  await bob.client.request('PUT', `/posts/${p.id}/reaction`, { kind: 'idee' });
  for (const seen of await top(bob)) {
    assert.deepEqual(seen.reactions, { idee: 1 });
    assert.equal(seen.my_reaction, 'idee');
  }
  for (const seen of await top(alice)) assert.equal(seen.my_reaction, null, 'the reaction is bob\'s, not alice\'s');
  await bob.client.post(`/posts/${p.id}/comments`, { body: 'vu' });
  for (const seen of await top(bob)) assert.equal(seen.comments_count, 1);
  await bob.client.post(`/posts/${p.id}/ack`);
  for (const seen of await top(bob)) assert.equal(seen.read_by_me, true);
  for (const seen of await top(alice)) assert.equal(seen.read_by_me, false);
  await alice.client.patch(`/users/${alice.id}`, { display_name: 'Alice Renommée' });
  await alice.client.patch(`/groups/${g.id}`, { name: `${g.name} bis` });
  for (const seen of await top(bob)) {
    assert.equal(seen.author.display_name, 'Alice Renommée');
    assert.equal(seen.group.name, `${g.name} bis`);
    assert.equal(seen.can.edit, false);
    assert.equal(seen.can.react, true);
  }
  for (const seen of await top(alice)) assert.equal(seen.can.edit, true);
});

test('the portal\'s settings, must-read and « À la une » are current in every worker', async () => {
  const admin = await adminClient();
  const [alice, bob] = [await newUser(admin), await newUser(admin)];
  const g = await groupWith(alice);
  const hidden = await groupWith(alice, 'private');
  await alice.client.put(`/groups/${g.id}/members/${bob.id}`, {});
  const portals = async () => {
    const out = [];
    for (let i = 0; i < 12; i++) out.push((await bob.client.get('/portal')).body);
    return out;
  };
  await portals();                                     // every worker has loaded its copies
  const name = unique('Commune');
  assert.equal((await admin.patch('/settings', { organisation_name: name })).status, 200);
  for (const p of await portals()) assert.equal(p.organisation.name, name);

  const must = (await alice.client.post(`/groups/${g.id}/posts`, { body: 'convocation', must_read: true })).body;
  const secret = (await alice.client.post(`/groups/${hidden.id}/posts`, { body: 'pas pour bob', must_read: true })).body;
  for (const p of await portals()) {
    assert.equal(p.must_read[0]?.id, must.id);
    assert.ok(!p.must_read.some((x) => x.id === secret.id), 'a group bob does not read');
  }
  await bob.client.post(`/posts/${must.id}/ack`);
  for (const p of await portals()) {
    assert.ok(!p.must_read.some((x) => x.id === must.id));
    assert.equal(p.my_groups.find((x) => x.id === g.id).new_posts, 1);
  }
  await bob.client.get(`/groups/${g.id}/posts`);       // bob opens the group: nothing new any more
  for (const p of await portals()) assert.equal(p.my_groups.find((x) => x.id === g.id).new_posts, 0);

  const art = (await admin.post('/news/posts', { title: 'À la une', body: 'article', featured: true })).body;
  for (const p of await portals()) assert.equal(p.featured[0]?.id, art.id);
  await admin.patch(`/posts/${art.id}`, { featured: false });
  for (const p of await portals()) assert.ok(!p.featured.some((x) => x.id === art.id));
  await admin.patch('/settings', { organisation_name: 'Parvis' });
});

test('must-read posts beyond what the workers keep are still shown until confirmed', async () => {
  const admin = await adminClient();
  const [alice, bob] = [await newUser(admin), await newUser(admin)];
  const g = await groupWith(alice);
  await alice.client.put(`/groups/${g.id}/members/${bob.id}`, {});
  const ids = [];
  for (let i = 0; i < 70; i++)
    ids.push((await alice.client.post(`/groups/${g.id}/posts`, { body: `note ${i}`, must_read: true })).body.id);
  // bob confirms the 66 newest: the four oldest are older than the 64 kept
  for (const id of ids.slice(4)) assert.equal((await bob.client.post(`/posts/${id}/ack`)).status, 200);
  const expected = ids.slice(0, 4).reverse();
  for (let i = 0; i < 12; i++) {
    assert.deepEqual((await bob.client.get('/portal')).body.must_read.map((x) => x.id), expected);
    assert.deepEqual((await bob.client.get('/feed?filter=must_read')).body.items.map((x) => x.id), expected);
  }
  const page = (await alice.client.get('/feed?filter=must_read&limit=50')).body;
  assert.deepEqual(page.items.map((x) => x.id), ids.slice(20).reverse(), 'alice confirmed none');
  const rest = (await alice.client.get(`/feed?filter=must_read&limit=50&cursor=${page.next}`)).body;
  assert.deepEqual(rest.items.map((x) => x.id).filter((id) => ids.includes(id)), ids.slice(0, 20).reverse());
});
