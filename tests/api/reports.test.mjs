// « Signaler » (docs/moderation.md): reports of posts, comments and files
// go to the content's moderators (the group's managers and feed
// moderators; administrators for the news), grouped by content in the
// queue; a moderator keeps, hides or deletes, and the reporters are told
// the outcome with the answer.
import test from 'node:test';
import assert from 'node:assert/strict';
import { adminClient, newUser, unique, eventually } from './client.mjs';

const queue = async (who, status = 'open') => {
  const r = await who.get(`/reports?status=${status}`);
  assert.equal(r.status, 200, r.text);
  return r.body.items;
};
const caseOf = async (who, type, id, status) => (await queue(who, status)).find((c) => c.target.type === type && c.target.id === id);
const notes = async (who, kind) => (await who.get('/notifications')).body.items.filter((n) => n.kind === kind);
const found = async (who, word) => (await who.get(`/search?q=${word}`)).body.items.map((i) => `${i.type}:${i.id}`);

test('a reported post: one queue entry with its count and reasons, for its moderators only; hidden from others and from search; reporters told', async () => {
  const admin = await adminClient();
  const [alice, mod, bob, carol, dave] = [await newUser(admin), await newUser(admin), await newUser(admin),
    await newUser(admin), await newUser(admin)];
  const g = (await alice.client.post('/groups', { name: unique('Quartier'), visibility: 'public' })).body;
  await alice.client.put(`/groups/${g.id}/members/${bob.id}`, {});
  await alice.client.put(`/groups/${g.id}/members/${mod.id}`, { feed_moderator: true });
  const priv = (await alice.client.post('/groups', { name: unique('Privé'), visibility: 'private' })).body;
  const hiddenPost = (await alice.client.post(`/groups/${priv.id}/posts`, { body: 'entre nous' })).body;
  const word = `signal${unique().replace(/\W/g, '').toLowerCase()}`;
  const post = (await bob.client.post(`/groups/${g.id}/posts`, { body: `Achetez ${word} pas cher` })).body;
  await eventually(async () => (await found(carol.client, word)).includes(`post:${post.id}`), 5000, 'the post in the index');

  // who may report what
  let r = await carol.client.post('/reports', { target_type: 'post', target_id: post.id, reason: 'spam', comment: 'De la pub' });
  assert.equal(r.status, 201, r.text);
  assert.equal((await carol.client.post('/reports', { target_type: 'post', target_id: post.id, reason: 'other' })).status, 409,
    'once per person');
  assert.equal((await bob.client.post('/reports', { target_type: 'post', target_id: post.id, reason: 'spam' })).status, 403,
    'not one\'s own');
  assert.equal((await carol.client.post('/reports', { target_type: 'post', target_id: hiddenPost.id, reason: 'spam' })).status, 404,
    'not what one may not read');
  r = await carol.client.post('/reports', { target_type: 'post', target_id: post.id, reason: 'rude' });
  assert.equal(r.status, 400);
  assert.match(r.body.error.message, /reason/);
  assert.equal((await dave.client.post('/reports', { target_type: 'post', target_id: post.id, reason: 'harassment' })).status, 201);

  // one entry for the content, with its count and reasons; its moderators see it, nobody else
  const c = await caseOf(alice.client, 'post', post.id);
  assert.ok(c, 'in the group manager\'s queue');
  assert.equal(c.count, 2);
  assert.deepEqual(c.reasons, { spam: 1, harassment: 1 });
  assert.equal(c.target.url, `/publications/${post.id}`);
  assert.equal(c.author.id, bob.id);
  assert.match(c.excerpt, new RegExp(word));
  assert.ok(c.reports.some((x) => x.comment === 'De la pub'));
  assert.ok(await caseOf(mod.client, 'post', post.id), 'in the feed moderator\'s queue');
  assert.equal(await caseOf(carol.client, 'post', post.id), undefined);
  assert.equal(await caseOf(bob.client, 'post', post.id), undefined);
  assert.equal((await carol.client.post(`/reports/${c.id}/decision`, { action: 'keep' })).status, 404);
  // the moderators are told (the reporters named)
  await eventually(async () => (await notes(alice.client, 'report')).some((n) => n.target.id === c.id && n.target.url === '/moderation'),
    5000, 'the manager\'s notification');

  // hidden: gone for others, there for its author and moderators, out of search
  assert.equal((await mod.client.post(`/reports/${c.id}/decision`, { action: 'hide', answer: 'Merci, masqué.' })).status, 204);
  assert.equal((await alice.client.post(`/reports/${c.id}/decision`, { action: 'keep' })).status, 409, 'decided once');
  assert.equal((await carol.client.get(`/posts/${post.id}`)).status, 404);
  assert.equal((await bob.client.get(`/posts/${post.id}`)).status, 200);
  assert.equal((await alice.client.get(`/posts/${post.id}`)).status, 200);
  assert.ok(!(await carol.client.get(`/groups/${g.id}/posts`)).body.items.some((p) => p.id === post.id));
  await eventually(async () => !(await found(carol.client, word)).includes(`post:${post.id}`), 5000, 'the post out of search');
  assert.equal(await caseOf(alice.client, 'post', post.id), undefined, 'no longer open');
  const closed = await caseOf(alice.client, 'post', post.id, 'closed');
  assert.equal(closed.decision, 'hide');
  assert.equal(closed.answer, 'Merci, masqué.');

  // both reporters are told the outcome, with the answer
  for (const who of [carol, dave]) {
    const n = await eventually(async () => (await notes(who.client, 'report_decided')).find((x) => x.target.id === c.id),
      5000, 'the reporter\'s notification');
    assert.equal(n.report.decision, 'hide');
    assert.equal(n.report.answer, 'Merci, masqué.');
    assert.match(n.text, /masqué/);
  }
});

test('a hidden comment, a deleted file, and the news reported to administrators', async () => {
  const admin = await adminClient();
  const [alice, bob, carol] = [await newUser(admin), await newUser(admin), await newUser(admin)];
  const g = (await alice.client.post('/groups', { name: unique('Atelier'), visibility: 'public' })).body;
  await alice.client.put(`/groups/${g.id}/members/${bob.id}`, {});
  const post = (await alice.client.post(`/groups/${g.id}/posts`, { body: 'Ordre du jour' })).body;
  const word = `remarque${unique().replace(/\W/g, '').toLowerCase()}`;
  const comment = (await bob.client.post(`/posts/${post.id}/comments`, { body: `Un commentaire déplacé ${word}` })).body;
  await eventually(async () => (await found(carol.client, word)).includes(`comment:${comment.id}`), 5000, 'the comment in the index');

  // a comment hidden: its author (marked) and the moderators still see it
  await carol.client.post('/reports', { target_type: 'comment', target_id: comment.id, reason: 'inappropriate' });
  const cc = await caseOf(alice.client, 'comment', comment.id);
  assert.equal(cc.target.url, `/publications/${post.id}`);
  assert.equal((await alice.client.post(`/reports/${cc.id}/decision`, { action: 'hide' })).status, 204);
  const ids = async (who) => (await who.client.get(`/posts/${post.id}/comments`)).body.items;
  assert.ok(!(await ids(carol)).some((x) => x.id === comment.id));
  assert.equal((await ids(bob)).find((x) => x.id === comment.id).hidden, true);
  assert.ok((await ids(alice)).some((x) => x.id === comment.id));
  await eventually(async () => !(await found(carol.client, word)).includes(`comment:${comment.id}`), 5000, 'the comment out of search');

  // a file of the group's drive: not hidden (400), deleted (the usual path: to the trash)
  const root = (await bob.client.get(`/groups/${g.id}/drive`)).body.root_folder_id;
  const file = (await bob.client.request('PUT', `/folders/${root}/files/confidentiel.txt`, undefined, { raw: 'secret\n' })).body;
  assert.equal((await carol.client.post('/reports', { target_type: 'file', target_id: file.id, reason: 'confidential' })).status, 201);
  const fc = await caseOf(alice.client, 'file', file.id);
  assert.equal(fc.target.url, `/drive/dossiers/${root}`);
  assert.equal((await alice.client.post(`/reports/${fc.id}/decision`, { action: 'hide' })).status, 400);
  assert.equal((await alice.client.post(`/reports/${fc.id}/decision`, { action: 'delete', answer: 'Retiré' })).status, 204);
  assert.equal((await bob.client.get(`/files/${file.id}`)).status, 404);
  assert.equal((await caseOf(alice.client, 'file', file.id, 'closed')).decision, 'delete');

  // a personal drive's file shared with someone: the administrators are told; they do not enter
  // personal drives, so they cannot delete it (the case stays open) but may keep it
  const mine = (await bob.client.get('/drive')).body.root_folder_id;
  const own = (await bob.client.request('PUT', `/folders/${mine}/files/perso.txt`, undefined, { raw: 'perso\n' })).body;
  assert.equal((await bob.client.put(`/nodes/${own.id}/shares/${carol.id}`, { can_edit: false })).status, 200);
  assert.equal((await carol.client.post('/reports', { target_type: 'file', target_id: own.id, reason: 'other' })).status, 201);
  const pc = await caseOf(admin, 'file', own.id);
  assert.equal(pc.group, null);
  assert.equal((await admin.post(`/reports/${pc.id}/decision`, { action: 'delete' })).status, 404);
  assert.equal((await bob.client.get(`/files/${own.id}`)).status, 200, 'still there');
  assert.ok(await caseOf(admin, 'file', own.id), 'still open');
  assert.equal((await admin.post(`/reports/${pc.id}/decision`, { action: 'keep' })).status, 204);

  // the news: administrators moderate it, a group manager does not
  const news = (await admin.post('/news/posts', { body: `Annonce ${unique()}` })).body;
  assert.equal((await bob.client.post('/reports', { target_type: 'post', target_id: news.id, reason: 'other', comment: 'erreur' })).status, 201);
  assert.equal(await caseOf(alice.client, 'post', news.id), undefined);
  const nc = await caseOf(admin, 'post', news.id);
  assert.ok(nc, 'in the administrators\' queue');
  assert.equal(nc.group, null);
  assert.equal((await alice.client.post(`/reports/${nc.id}/decision`, { action: 'delete' })).status, 404);
  assert.equal((await admin.post(`/reports/${nc.id}/decision`, { action: 'keep', answer: 'Rien à redire' })).status, 204);
  assert.equal((await bob.client.get(`/posts/${news.id}`)).status, 200, 'kept');
  const n = await eventually(async () => (await notes(bob.client, 'report_decided')).find((x) => x.target.id === nc.id),
    5000, 'the reporter told');
  assert.equal(n.report.decision, 'keep');
  assert.equal(n.report.answer, 'Rien à redire');
});
