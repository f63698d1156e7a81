// Search results counted by type, group, author and file type (facets, with
// the groups' and authors' names), the file-type filter, the operators a
// person types (OR, -word, phrases), English as well as French stems, and
// stop words left out of the words searched.
import test from 'node:test';
import assert from 'node:assert/strict';
import { adminClient, newUser, unique, eventually } from './client.mjs';

const search = async (who, params) => (await who.get(`/search?${new URLSearchParams(params)}`)).body;
const word = (p) => `${p}${unique().replace(/\W/g, '').toLowerCase()}`;
const put = (who, folder, name, bytes) =>
  who.request('PUT', `/folders/${folder}/files/${encodeURIComponent(name)}`, undefined, { raw: bytes });

test('facets count the results by type, group, author and file type, and name the groups and authors', async () => {
  const admin = await adminClient();
  const [alice, bob, carol] = [await newUser(admin), await newUser(admin), await newUser(admin)];
  const w = word('facette');
  const g1 = (await alice.client.post('/groups', { name: unique('Voirie'), visibility: 'private' })).body;
  const g2 = (await alice.client.post('/groups', { name: unique('Culture'), visibility: 'private' })).body;
  const hidden = (await carol.client.post('/groups', { name: unique('Secret'), visibility: 'secret' })).body;
  for (const g of [g1, g2]) await alice.client.put(`/groups/${g.id}/members/${bob.id}`, {});
  for (let i = 0; i < 3; i++) await alice.client.post(`/groups/${g1.id}/posts`, { body: `Chantier ${w} numéro ${i}` });
  const p2 = (await bob.client.post(`/groups/${g2.id}/posts`, { body: `Festival ${w}` })).body;
  await alice.client.post(`/posts/${p2.id}/comments`, { body: `Bravo pour le ${w}` });
  await carol.client.post(`/groups/${hidden.id}/posts`, { body: `Rien à voir ${w}` });
  const groot = (await alice.client.get(`/groups/${g1.id}/drive`)).body.root_folder_id;
  await put(alice.client, groot, 'plan.txt', `Plan du chantier ${w}`);
  await put(alice.client, groot, 'notes.md', `# Notes\n\n${w}`);
  await eventually(async () => (await search(bob.client, { q: w })).total === 7, 8000, 'seven results for bob');

  const r = await search(bob.client, { q: w });
  assert.deepEqual(r.facets.type, { post: 4, comment: 1, file: 2 });
  assert.deepEqual(r.facets.group, { [g1.id]: 5, [g2.id]: 2 }, 'the secret group of someone else is not counted');
  assert.deepEqual(r.facet_names.group, { [g1.id]: g1.name, [g2.id]: g2.name });
  assert.deepEqual(r.facets.author, { [alice.id]: 6, [bob.id]: 1 });
  assert.deepEqual(r.facet_names.author, { [alice.id]: alice.user.display_name, [bob.id]: bob.user.display_name });
  assert.deepEqual(r.facets.file_type, { text: 2 });
  // the facets follow the filters; the type counts ignore the type asked
  const inG2 = await search(bob.client, { q: w, group: g2.id });
  assert.equal(inG2.total, 2);
  assert.deepEqual(inG2.facets.group, { [g2.id]: 2 });
  const files = await search(bob.client, { q: w, type: 'file' });
  assert.equal(files.total, 2);
  assert.deepEqual(files.facets.type, { post: 4, comment: 1, file: 2 });
  assert.deepEqual(files.facets.author, { [alice.id]: 2 });
  // the file-type filter
  assert.equal((await search(bob.client, { q: w, file_type: 'text' })).total, 2);
  assert.equal((await search(bob.client, { q: w, file_type: 'pdf' })).total, 0);
  const bad = await bob.client.get(`/search?q=${w}&file_type=exe`);
  assert.equal(bad.status, 400);
  assert.match(bad.body.error.message, /file_type/);
  // an outsider: none of it
  const out = await search(carol.client, { q: w });
  assert.equal(out.total, 1);
  assert.deepEqual(out.facets.group, { [hidden.id]: 1 });
  assert.deepEqual(out.facets.type, { post: 1 });
});

test('OR, -word and phrases as typed; English stems; stop words are not searched', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const g = (await alice.client.post('/groups', { name: unique('Ops'), visibility: 'private' })).body;
  const [a, b] = [word('alpha'), word('bravo')];
  const pa = (await alice.client.post(`/groups/${g.id}/posts`, { body: `Les réunions du ${a} sont annulées.` })).body;
  const pb = (await alice.client.post(`/groups/${g.id}/posts`, { body: `The board meetings of ${b} were running late.` })).body;
  await eventually(async () => (await search(alice.client, { q: `${a} OR ${b}` })).total === 2, 8000, 'both posts');
  const ids = async (q) => (await search(alice.client, { q })).items.map((i) => i.id).sort();
  assert.deepEqual(await ids(`${a} OR ${b}`), [pa.id, pb.id].sort(), 'OR in capitals is the operator');
  assert.deepEqual(await ids(`${a} ${b}`), [], 'words without OR: all of them');
  assert.deepEqual(await ids(`(${a} OR ${b}) -réunion`), [pb.id], '-word excludes, by its stem too');
  assert.deepEqual(await ids(`meeting ${b}`), [pb.id], 'English plural');
  assert.deepEqual(await ids(`run ${b}`), [pb.id], 'English -ing');
  assert.deepEqual(await ids(`réunion ${a}`), [pa.id], 'French plural');
  assert.deepEqual(await ids(`le la les du ${a}`), [pa.id], 'stop words are not required');
  assert.deepEqual(await ids(`"board meetings of ${b}"`), [pb.id], 'a phrase keeps its little words');
  assert.deepEqual(await ids(`"board meetings ${b}"`), [], 'and their places');
  assert.deepEqual(await ids(`${a.slice(0, -3)}*`), [pa.id], 'a prefix asked with *');
});
