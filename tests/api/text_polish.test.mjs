// Polish people notice (docs/api.md « Search », docs/notifications.md):
// search results and notifications read as text, never
// Markdown nor mention codes; the person's saved language; join requests
// announced to managers and done once all are answered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, adminClient, newUser, unique, eventually } from './client.mjs';

const admin = await adminClient();
const word = (p) => `${p}${unique().replace(/\W/g, '').toLowerCase()}`;
const ok = (r, what, status = [200, 201, 204]) => {
  assert.ok(status.includes(r.status), `${what}: ${r.status} ${r.text}`);
  return r.body;
};
const text = (segments) => segments.map((s) => s.text).join('');
const MARKUP = /\*\*|mention:|\]\(|```|^#|!\[/;
const list = async (who) => ok(await who.client.get('/notifications?limit=100'), 'the notifications').items;
const unread = async (who) => ok(await who.client.get('/notifications/unread'), 'the unread count').count;

test('search results and notifications show text: no Markdown, mentions as « @Name »', async () => {
  const alice = await newUser(admin, { name: 'Alice Texte' });
  const julie = await newUser(admin, { name: 'Julie Relit' });
  const w = word('budgetplain');
  const g = ok(await alice.client.post('/groups', { name: unique('Texte'), visibility: 'public' }), 'a group');
  ok(await alice.client.put(`/groups/${g.id}/members/${julie.id}`, {}), 'julie a member');
  const body = `# Point ${w}\n\n**Relire** le [budget](https://example.org/b) avec [@Julie Relit](mention:${julie.id}) :\n\n`
    + '```\ncode\n```\n\n![plan](https://example.org/p.png)';
  const p = ok(await alice.client.post(`/groups/${g.id}/posts`, { body }), 'an untitled post');
  const c = ok(await julie.client.post(`/posts/${p.id}/comments`, { body: `_Vu_ pour **${w}**, merci [@Alice Texte](mention:${alice.id})` }), 'a comment');
  const conv = ok(await alice.client.post('/conversations', { participants: [julie.id] }), 'a conversation');
  const m = ok(await alice.client.post(`/conversations/${conv.id}/messages`,
    { body: `Le ~~vieux~~ **${w}** pour [@Julie Relit](mention:${julie.id})`, client_id: unique('c') }), 'a message');
  let items;
  await eventually(async () => {
    items = ok(await julie.client.get(`/search?q=${w}`), 'a search').items;
    return items.length === 3;
  }, 8000, 'the post, the comment and the message found');
  const post = items.find((i) => i.type === 'post');
  const comment = items.find((i) => i.type === 'comment');
  const message = items.find((i) => i.type === 'message');
  assert.equal(post.id, p.id);
  assert.ok(post.title.startsWith(`Point ${w} Relire le budget avec @Julie`), post.title);
  assert.equal(text(post.snippet), `Point ${w} Relire le budget avec @Julie Relit : code plan`);
  assert.ok(post.snippet.some((s) => s.hit && s.text === w), 'the word still highlighted');
  assert.equal(comment.id, c.id);
  assert.equal(comment.title, post.title, 'a comment is titled by its untitled post\'s words');
  assert.equal(text(comment.snippet), `Vu pour ${w}, merci @Alice Texte`);
  assert.equal(message.id, m.id);
  assert.equal(text(message.snippet), `Le vieux ${w} pour @Julie Relit`);
  for (const i of items) assert.doesNotMatch(`${i.title} ${text(i.snippet)}`, MARKUP, `${i.type}: text only`);
  // the words are still found as before, the mention's name too
  assert.ok(ok(await julie.client.get(`/search?q=${encodeURIComponent(`relire ${w}`)}&type=post`), 'a search').items.length === 1);
  // the bell: the untitled post named by its first words, as text
  let note;
  await eventually(async () => {
    note = (await list(julie)).find((n) => n.kind === 'mention' && n.target.id === p.id);
    return !!note;
  }, 10000, 'julie told of the mention');
  assert.match(note.text, new RegExp(`^Alice Texte vous a mentionné dans la publication «\\sPoint ${w} Relire le budget\\b.*…\\s»$`));
  assert.doesNotMatch(note.text, MARKUP);
});

test('the saved language: none until chosen, set by PATCH /me (validated), returned by GET /me, the e-mails\' too', async () => {
  const bob = await newUser(admin);
  const me = async (c = bob.client) => ok(await c.get('/me'), 'me').user;
  assert.equal((await me()).language, null, 'never chosen: the browser\'s stands');
  assert.deepEqual(ok(await bob.client.patch('/me', { language: 'en' }), 'English saved'), { language: 'en' });
  assert.equal((await me()).language, 'en');
  assert.equal((await me()).locale, 'en', 'the e-mails\' language follows');
  // another session (another device) of the same person reads it too, from its sign-in on
  const again = new Client({ lang: 'fr' });
  const signin = await again.login(bob.email, bob.password);
  assert.equal(signin.body.user.language, 'en');
  assert.equal((await me(again)).language, 'en');
  for (const body of [{ language: 'de' }, {}, { language: 'en', locale: 'fr' }, { language: 1 }]) {
    const bad = await bob.client.patch('/me', body);
    assert.equal(bad.status, 400, `${JSON.stringify(body)}: ${bad.text}`);
  }
  assert.equal((await me()).language, 'en');
  assert.equal((await new Client().patch('/me', { language: 'fr' })).status, 401);
});

test('join requests: managers told, then done (read) once every request is answered or withdrawn', async () => {
  const alice = await newUser(admin);
  const [bob, carol, dave] = [await newUser(admin, { name: 'Bob Demande' }), await newUser(admin), await newUser(admin)];
  const g = ok(await alice.client.post('/groups', { name: unique('Fermé'), visibility: 'private' }), 'a group');
  for (const who of [bob, carol]) assert.equal(ok(await who.client.post(`/groups/${g.id}/join`), 'a request').status, 'requested');
  const note = async () => (await list(alice)).find((n) => n.kind === 'request' && n.target.id === g.id);
  await eventually(async () => { const n = await note(); return n && n.count === 2; }, 10000, 'alice told of two requests');
  let n = await note();
  assert.equal(n.read, false);
  assert.ok(!n.done);
  assert.equal(n.target.url, `/groupes/${g.id}?onglet=membres`);
  assert.equal(ok(await alice.client.get(`/groups/${g.id}/requests`), 'the requests').items.length, 2);
  const before = await unread(alice);
  ok(await alice.client.post(`/groups/${g.id}/requests/${bob.id}/approve`), 'bob approved');
  ok(await alice.client.del(`/groups/${g.id}/requests/${carol.id}`), 'carol declined');
  await eventually(async () => (await note()).read === true, 10000, 'the request notification done');
  n = await note();
  assert.equal(n.done, true);
  assert.equal(await unread(alice), before - 1);
  // a new request makes it to do again; withdrawn, it is done again
  ok(await dave.client.post(`/groups/${g.id}/join`), 'dave asks');
  await eventually(async () => (await note()).read === false, 10000, 'unread again');
  assert.ok(!(await note()).done);
  ok(await dave.client.del(`/groups/${g.id}/requests/${dave.id}`), 'dave withdraws');
  await eventually(async () => (await note()).read === true && (await note()).done === true, 10000, 'done again');
  // a manager adds the person who asked: the request goes, the notification is done
  ok(await dave.client.post(`/groups/${g.id}/join`), 'dave asks again');
  await eventually(async () => (await note()).read === false, 10000, 'unread again');
  ok(await alice.client.put(`/groups/${g.id}/members/${dave.id}`, {}), 'dave added');
  await eventually(async () => (await note()).read === true && (await note()).done === true, 10000, 'done once added');
});
