// Who may do what with a poll (acl_poll, docs/polls.md), through the API:
// the post's author, a member, a non-member, a guest outside the group, an
// administrator × create, vote, see the results before and after voting,
// export, close — on a named poll of a private group whose results are
// shown after voting. The same table as tests/unit/test_acl_polls.c.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminClient, newUser, unique, PASSWORD, Client } from './client.mjs';

const admin = await adminClient();

async function newGuest() {
  const email = `${unique('guest')}@example.org`;
  const r = await admin.post('/users', { email, display_name: `Invité ${unique()}`, password: PASSWORD, kind: 'guest' });
  assert.equal(r.status, 201, r.text);
  const client = new Client();
  assert.equal((await client.login(email, PASSWORD)).status, 200);
  return { id: r.body.id, client };
}

test('poll matrix: author, member, non-member, guest, admin × create, vote, results before/after, export, close', async () => {
  const author = await newUser(admin);
  const member = await newUser(admin);
  const outsider = await newUser(admin);
  const guest = await newGuest();
  const g = (await author.client.post('/groups', { name: unique('Matrice '), visibility: 'private' })).body;
  assert.equal((await author.client.put(`/groups/${g.id}/members/${member.id}`, { role: 'member' })).status, 200);
  const who = { author: author.client, member: member.client, outsider: outsider.client, guest: guest.client, admin };
  // what each gets: create (on the author's post), vote, results before
  // their vote (visible?), after it, export, close (on a poll of its own)
  const want = {
    author:   { create: 201, vote: 200, before: true,  after: true, export: 200, close: 200 },
    member:   { create: 403, vote: 200, before: false, after: true, export: 403, close: 403 },
    outsider: { create: 404, vote: 404, before: 404,   after: 404,  export: 404, close: 404 },
    guest:    { create: 404, vote: 404, before: 404,   after: 404,  export: 404, close: 404 },
    admin:    { create: 403, vote: 200, before: true,  after: true, export: 200, close: 200 },
  };
  const body = { question: 'Matrice ?', options: ['A', 'B'], results: 'after_vote' };
  for (const [name, c] of Object.entries(who)) {
    const post = (await author.client.post(`/groups/${g.id}/posts`, { body: `Pour ${name}` })).body;
    const got = {};
    const created = await c.post(`/posts/${post.id}/poll`, body);
    got.create = created.status;
    const p = created.status === 201 ? created.body : (await author.client.post(`/posts/${post.id}/poll`, body)).body;
    const seen = async () => {
      const r = await c.get(`/polls/${p.id}`);
      return r.status === 200 ? r.body.results_visible : r.status;
    };
    got.before = await seen();
    got.vote = (await c.put(`/polls/${p.id}/vote`, { options: [0] })).status;
    got.after = await seen();
    got.export = (await c.get(`/polls/${p.id}/results?format=csv`)).status;
    got.close = (await c.post(`/polls/${p.id}/close`)).status;
    assert.deepEqual(got, want[name], name);
  }
});
