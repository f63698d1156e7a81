// Groups: creation, names, roles, requests, archiving, default groups and
// membership rules, audit of administrators, and the bad inputs of the issue.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, adminClient, newUser, unique, sql, eventually, PASSWORD } from './client.mjs';

const memberIds = async (client, gid) =>
  (await client.get(`/groups/${gid}/members?limit=100`)).body.items.map((m) => m.user.id).sort();

test('creating a group: the creator manages it; names are unique whatever the accents and case', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const name = `Comité des fêtes ${unique()}`;
  const r = await alice.client.post('/groups', { name: `  ${name}  `, description: 'Ligne 1\nLigne 2', visibility: 'private' });
  assert.equal(r.status, 201);
  assert.equal(r.body.name, name);
  assert.equal(r.body.my_role, 'manager');
  assert.equal(r.body.member_count, 1);
  assert.equal(r.body.posting, 'members');
  assert.deepEqual(r.body.managers.map((m) => m.id), [alice.id]);

  const bob = await newUser(admin);
  const dup = await bob.client.post('/groups', { name: name.toUpperCase().replace('É', 'E'), visibility: 'public' });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.error.code, 'conflict');
  assert.deepEqual(dup.body.error.group, { id: r.body.id, name }, 'a private group is listed: it is shown');

});

test('a secret group\'s name cannot be confirmed by creating or renaming a group', async () => {
  const admin = await adminClient();
  const [alice, bob] = [await newUser(admin), await newUser(admin)];
  const secretName = unique('Cellule secrète');
  const s = await alice.client.post('/groups', { name: secretName, visibility: 'secret' });
  assert.equal(s.status, 201);
  // outsiders: the name is free for them, whether they rename or create
  const other = (await bob.client.post('/groups', { name: unique('Autre'), visibility: 'secret' })).body;
  assert.equal((await bob.client.patch(`/groups/${other.id}`, { name: secretName })).status, 200,
    'a name only groups hidden from them have is free to rename to');
  const dave = await newUser(admin);
  const own = await dave.client.post('/groups', { name: secretName.toUpperCase(), visibility: 'public' });
  assert.equal(own.status, 201, 'and to create');
  // now listed under that name: the secret one cannot be made visible under it
  const shown = await alice.client.patch(`/groups/${s.body.id}`, { visibility: 'private' });
  assert.equal(shown.status, 409);
  assert.deepEqual(shown.body.error.group, { id: own.body.id, name: secretName.toUpperCase() });
  // those who see the secret group are told, with the group
  const carol = await newUser(admin);
  assert.equal((await alice.client.put(`/groups/${s.body.id}/members/${carol.id}`, {})).status, 200);
  const member = await carol.client.post('/groups', { name: secretName, visibility: 'secret' });
  assert.equal(member.status, 409);
  assert.equal(member.body.error.group.id !== undefined, true);
  const byAdmin = await admin.post('/groups', { name: secretName, visibility: 'secret' });
  assert.equal(byAdmin.status, 409, 'administrators see every group');
});

test('bad input on groups: status, clear message, nothing changed', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const en = new Client({ lang: 'en' });
  await en.login(alice.email, alice.password);
  const cases = [
    [{ visibility: 'public' }, /name/],
    [{ name: '   ', visibility: 'public' }, /name/],
    [{ name: 'x'.repeat(81), visibility: 'public' }, /80/],
    [{ name: 'ok', visibility: 'open' }, /public, private, secret/],
    [{ name: 'ok', visibility: 'public', posting: 'all' }, /members, managers/],
    [{ name: 'ok', visibility: 'public', colour: 'red' }, /colour/],
    [{ name: 12, visibility: 'public' }, /name/],
  ];
  const before = sql('SELECT COUNT(*) FROM `groups`').trim();
  for (const [body, re] of cases) {
    const r = await en.post('/groups', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.match(r.body.error.message, re);
  }
  assert.equal(sql('SELECT COUNT(*) FROM `groups`').trim(), before);

  const g = (await alice.client.post('/groups', { name: unique('G'), visibility: 'private' })).body;
  // unknown person, unknown group, a request that does not exist
  let r = await alice.client.put(`/groups/${g.id}/members/999999999`, { role: 'member' });
  assert.equal(r.status, 404);
  assert.match(r.body.error.message, /personne/);
  r = await alice.client.get('/groups/999999999');
  assert.equal(r.status, 404);
  const bob = await newUser(admin);
  r = await alice.client.post(`/groups/${g.id}/requests/${bob.id}/approve`);
  assert.equal(r.status, 404);
  assert.match(r.body.error.message, /demande/);
  r = await alice.client.put(`/groups/${g.id}/members/${bob.id}`, { role: 'owner' });
  assert.equal(r.status, 400);
  // the last manager may not step down, leave, or be removed
  r = await alice.client.put(`/groups/${g.id}/members/${alice.id}`, { role: 'member' });
  assert.equal(r.status, 409);
  assert.match(r.body.error.message, /gestionnaire/);
  r = await alice.client.del(`/groups/${g.id}/members/${alice.id}`);
  assert.equal(r.status, 409);
  r = await admin.del(`/groups/${g.id}/members/${alice.id}`);
  assert.equal(r.status, 409);
  assert.deepEqual(await memberIds(alice.client, g.id), [alice.id]);
  assert.equal((await alice.client.get(`/groups/${g.id}`)).body.my_role, 'manager');
});

test('a private group: request, approval, promotion, then the first manager may leave', async () => {
  const admin = await adminClient();
  const [alice, bob] = [await newUser(admin), await newUser(admin)];
  const g = (await alice.client.post('/groups', { name: unique('Projet'), visibility: 'private' })).body;
  let r = await bob.client.get(`/groups/${g.id}`);
  assert.equal(r.status, 200, 'a private group is listed');
  assert.equal(r.body.can.read, false);
  assert.equal((await bob.client.get(`/groups/${g.id}/members`)).status, 403);

  r = await bob.client.post(`/groups/${g.id}/join`);
  assert.deepEqual(r.body, { status: 'requested' });
  assert.equal((await bob.client.get(`/groups/${g.id}`)).body.requested, true);
  r = await alice.client.get(`/groups/${g.id}/requests`);
  assert.deepEqual(r.body.items.map((x) => x.user.id), [bob.id]);
  r = await alice.client.post(`/groups/${g.id}/requests/${bob.id}/approve`);
  assert.equal(r.status, 200);
  assert.equal(r.body.role, 'member');
  assert.deepEqual((await alice.client.get(`/groups/${g.id}/requests`)).body.items, []);
  assert.equal((await bob.client.get(`/groups/${g.id}/members`)).status, 200);
  assert.equal((await bob.client.get(`/groups/${g.id}`)).body.member_count, 2);

  r = await alice.client.put(`/groups/${g.id}/members/${bob.id}`, { role: 'manager' });
  assert.equal(r.body.role, 'manager');
  r = await alice.client.del(`/groups/${g.id}/members/${alice.id}`);
  assert.equal(r.status, 204, 'another manager remains');
  assert.equal((await alice.client.get(`/groups/${g.id}/members`)).status, 403);
  assert.deepEqual((await bob.client.get('/groups?mine=1&limit=100')).body.items.filter((x) => x.id === g.id).length, 1);
});

test('a declined or withdrawn request leaves nothing behind', async () => {
  const admin = await adminClient();
  const [alice, bob, carol] = [await newUser(admin), await newUser(admin), await newUser(admin)];
  const g = (await alice.client.post('/groups', { name: unique('Privé'), visibility: 'private' })).body;
  await bob.client.post(`/groups/${g.id}/join`);
  await carol.client.post(`/groups/${g.id}/join`);
  assert.equal((await bob.client.del(`/groups/${g.id}/requests/${carol.id}`)).status, 403, 'not his to decline');
  assert.equal((await alice.client.del(`/groups/${g.id}/requests/${bob.id}`)).status, 204);
  assert.equal((await carol.client.del(`/groups/${g.id}/requests/${carol.id}`)).status, 204);
  assert.equal((await carol.client.del(`/groups/${g.id}/requests/${carol.id}`)).status, 404);
  assert.deepEqual((await alice.client.get(`/groups/${g.id}/requests`)).body.items, []);
  assert.equal((await bob.client.get(`/groups/${g.id}`)).body.requested, false);
});

test('a secret group is invisible to non-members: not listed, 404 by id, joining refused with 404', async () => {
  const admin = await adminClient();
  const [alice, bob] = [await newUser(admin), await newUser(admin)];
  const name = unique('Secret');
  const g = (await alice.client.post('/groups', { name, visibility: 'secret' })).body;
  for (const [method, path] of [['get', `/groups/${g.id}`], ['get', `/groups/${g.id}/members`], ['post', `/groups/${g.id}/join`],
    ['patch', `/groups/${g.id}`], ['del', `/groups/${g.id}`]]) {
    const r = await bob.client[method](path, method === 'patch' ? { description: 'x' } : undefined);
    assert.equal(r.status, 404, `${method} ${path}`);
  }
  const list = await bob.client.get(`/groups?q=${encodeURIComponent(name)}`);
  assert.deepEqual(list.body.items, []);
  assert.equal((await admin.get(`/groups?q=${encodeURIComponent(name)}`)).body.items.length, 1, 'administrators see it');
  // the same 404 whether a group exists or not
  const none = await bob.client.get('/groups/987654321');
  assert.deepEqual(none.body, (await bob.client.get(`/groups/${g.id}`)).body);
});

test('a removed member loses access on their very next request', async () => {
  const admin = await adminClient();
  const [alice, bob] = [await newUser(admin), await newUser(admin)];
  const g = (await alice.client.post('/groups', { name: unique('Secret'), visibility: 'secret' })).body;
  await alice.client.put(`/groups/${g.id}/members/${bob.id}`, {});
  assert.equal((await bob.client.get(`/groups/${g.id}/members`)).status, 200);
  assert.equal((await alice.client.del(`/groups/${g.id}/members/${bob.id}`)).status, 204);
  assert.equal((await bob.client.get(`/groups/${g.id}/members`)).status, 404);
  assert.equal((await bob.client.get(`/groups/${g.id}`)).status, 404);
});

test('an account erased and created again with the same e-mail sees nothing of the old one', async () => {
  const admin = await adminClient();
  const [alice, bob] = [await newUser(admin), await newUser(admin)];
  const g = (await alice.client.post('/groups', { name: unique('Secret'), visibility: 'secret' })).body;
  const p = (await alice.client.post('/groups', { name: unique('Privé'), visibility: 'private' })).body;
  await alice.client.put(`/groups/${g.id}/members/${bob.id}`, {});
  await alice.client.put(`/groups/${p.id}/members/${bob.id}`, {});
  assert.equal((await admin.del(`/users/${alice.id}`)).status, 409, 'alice is the last manager');
  const del = await admin.del(`/users/${bob.id}`);
  assert.equal(del.status, 204);
  assert.equal((await bob.client.get('/me')).status, 401, 'the old sessions end');
  assert.equal((await alice.client.get(`/groups/${g.id}`)).body.member_count, 1);
  const again = await admin.post('/users', { email: bob.email, display_name: 'Bob again', password: PASSWORD });
  assert.equal(again.status, 201);
  assert.notEqual(again.body.id, bob.id);
  const c = new Client();
  await c.login(bob.email, PASSWORD);
  assert.deepEqual((await c.get('/groups?mine=1')).body.items, []);
  assert.equal((await c.get(`/groups/${g.id}`)).status, 404);
  assert.equal((await c.get(`/groups/${p.id}/members`)).status, 403);
  assert.equal((await admin.del(`/users/${(await admin.get('/me')).body.user.id}`)).status, 409, 'not oneself');
});

test('an archived group is read-only until restored, and its members still find it', async () => {
  const admin = await adminClient();
  const [alice, bob, carol] = [await newUser(admin), await newUser(admin), await newUser(admin)];
  const name = unique('Archives municipales');
  const g = (await alice.client.post('/groups', { name, visibility: 'public' })).body;
  await alice.client.put(`/groups/${g.id}/members/${bob.id}`, {});
  let r = await alice.client.patch(`/groups/${g.id}`, { archived: true });
  assert.equal(r.status, 200);
  assert.equal(r.body.archived, true);
  assert.equal(r.body.can.post, false);
  r = await carol.client.post(`/groups/${g.id}/join`);
  assert.equal(r.status, 409);
  assert.match(r.body.error.message, /archivé/);
  assert.equal((await alice.client.patch(`/groups/${g.id}`, { description: 'x' })).status, 409);
  assert.equal((await alice.client.put(`/groups/${g.id}/members/${carol.id}`, {})).status, 409);
  assert.equal((await bob.client.get(`/groups/${g.id}/members`)).status, 200, 'still readable');
  const found = await eventually(async () => {
    const s = await bob.client.get(`/search?q=${encodeURIComponent(name)}&type=group`);
    return s.body.items.find((i) => i.id === g.id);
  }, 5000, 'the archived group in search');
  assert.equal(found.type, 'group');
  r = await alice.client.patch(`/groups/${g.id}`, { archived: false });
  assert.equal(r.status, 200);
  assert.equal((await carol.client.post(`/groups/${g.id}/join`)).body.status, 'member');
});

test('announcements: everyone reads, only managers post', async () => {
  const admin = await adminClient();
  const [alice, bob] = [await newUser(admin), await newUser(admin)];
  const g = (await alice.client.post('/groups', { name: unique('Annonces'), visibility: 'public', posting: 'managers' })).body;
  assert.equal((await bob.client.post(`/groups/${g.id}/join`)).body.status, 'member');
  const seen = (await bob.client.get(`/groups/${g.id}`)).body;
  assert.equal(seen.can.read, true);
  assert.equal(seen.can.post, false);
  assert.equal((await alice.client.get(`/groups/${g.id}`)).body.can.post, true);
});

test('who may create groups is a platform setting', async () => {
  const admin = await adminClient();
  const bob = await newUser(admin);
  assert.equal((await bob.client.patch('/settings', { group_creation: 'admins' })).status, 403);
  assert.equal((await admin.patch('/settings', { group_creation: 'nobody' })).status, 400);
  let r = await admin.patch('/settings', { group_creation: 'admins' });
  assert.equal(r.body.group_creation, 'admins');
  try {
    r = await bob.client.post('/groups', { name: unique('Refusé'), visibility: 'public' });
    assert.equal(r.status, 403);
    assert.match(r.body.error.message, /administrateurs/);
    assert.equal((await admin.post('/groups', { name: unique('Admin'), visibility: 'public' })).status, 201);
  } finally {
    await admin.patch('/settings', { group_creation: 'everyone' });
  }
  assert.equal((await bob.client.get('/settings')).body.group_creation, 'everyone');
});

test('what an administrator does in a group they do not belong to is audited', async () => {
  const admin = await adminClient();
  const [alice, bob] = [await newUser(admin), await newUser(admin)];
  const g = (await alice.client.post('/groups', { name: unique('Audit'), visibility: 'secret' })).body;
  assert.equal((await admin.get(`/groups/${g.id}`)).status, 200, 'administrators see secret groups');
  assert.equal((await admin.put(`/groups/${g.id}/members/${bob.id}`, {})).status, 200);
  assert.equal((await admin.patch(`/groups/${g.id}`, { description: 'par l\'admin' })).status, 200);
  await alice.client.put(`/groups/${g.id}/members/${bob.id}`, { feed_moderator: true });
  const rows = sql(`SELECT action, detail FROM audit_log WHERE target_type = 'group' AND target_id = ${g.id} ORDER BY id`);
  assert.match(rows, /group\.member\.add\tuser=\d+ outsider=admin/);
  assert.match(rows, /group\.update\toutsider=admin/);
  assert.doesNotMatch(rows, /group\.member\.update/, 'a manager acting in their own group is not an outsider');
});

test('default groups and membership rules keep members in step with the directory', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const everyone = (await admin.post('/groups', { name: unique('Tout le personnel'), visibility: 'public' })).body;
  assert.equal((await alice.client.patch(`/groups/${everyone.id}`, { default: true })).status, 403);
  let r = await admin.patch(`/groups/${everyone.id}`, { default: true });
  assert.equal(r.body.default, true);
  const com = (await admin.post('/groups', { name: unique('Communication'), visibility: 'private' })).body;
  const dept = unique('Communication');
  r = await admin.put(`/groups/${com.id}/rules`, { rules: [{ attribute: 'department', value: dept }] });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.items, [{ attribute: 'department', value: dept }]);
  assert.equal(r.body.added, 0);

  // a new account joins the default group and, by its department, the rule's
  const created = await admin.post('/users', { email: `${unique('n')}@example.org`, display_name: 'Nouvelle',
    password: PASSWORD, department: dept.toUpperCase() });
  assert.equal(created.status, 201);
  const nid = created.body.id;
  assert.ok((await memberIds(admin, everyone.id)).includes(nid));
  assert.ok((await memberIds(admin, com.id)).includes(nid), 'the rule ignores case');
  // an existing account that moves into the department joins; moving out leaves
  assert.equal((await alice.client.patch(`/users/${alice.id}`, { department: dept })).status, 200);
  assert.ok((await memberIds(admin, com.id)).includes(alice.id));
  assert.equal((await alice.client.patch(`/users/${alice.id}`, { department: 'Finances' })).status, 200);
  assert.ok(!(await memberIds(admin, com.id)).includes(alice.id));
  // a member given a right by a manager stays whatever the rule says
  await admin.patch(`/users/${alice.id}`, { department: dept });
  await admin.put(`/groups/${com.id}/members/${alice.id}`, { drive_manager: true });
  await admin.patch(`/users/${alice.id}`, { department: '' });
  assert.ok((await memberIds(admin, com.id)).includes(alice.id));
  // removing the rule removes the members it added, not the others
  r = await admin.put(`/groups/${com.id}/rules`, { rules: [] });
  assert.equal(r.body.removed, 1);
  assert.deepEqual(await memberIds(admin, com.id), [(await admin.get('/me')).body.user.id, alice.id].sort());
  assert.equal((await admin.get(`/groups/${com.id}`)).body.member_count, 2);
  // rules are for administrators; bad rules are refused
  assert.equal((await alice.client.get(`/groups/${com.id}/rules`)).status, 403);
  r = await admin.put(`/groups/${com.id}/rules`, { rules: [{ attribute: 'salary', value: 'x' }] });
  assert.equal(r.status, 400);
  assert.match(r.body.error.message, /1/);
  r = await admin.put(`/groups/${com.id}/rules`, { rules: Array.from({ length: 21 }, (_, i) => ({ attribute: 'site', value: `S${i}` })) });
  assert.equal(r.status, 400);
  assert.match(r.body.error.message, /20/);
  await admin.patch(`/groups/${everyone.id}`, { default: false });
});

test('secret groups are found in search by their members and administrators only', async () => {
  const admin = await adminClient();
  const [alice, bob] = [await newUser(admin), await newUser(admin)];
  const word = `zorglub${unique().replace(/\W/g, '').toLowerCase()}`;
  const s = (await alice.client.post('/groups', { name: `Cellule ${word}`, visibility: 'secret' })).body;
  const p = (await alice.client.post('/groups', { name: `Projet ${word}`, visibility: 'private' })).body;
  const ids = async (c) => (await c.get(`/search?q=${word}&type=group`)).body.items.map((i) => i.id).sort();
  await eventually(async () => (await ids(alice.client)).length === 2, 5000, 'both groups indexed');
  assert.deepEqual(await ids(bob.client), [p.id], 'bob sees the private one only');
  assert.deepEqual(await ids(admin), [s.id, p.id].sort());
  const all = await bob.client.get(`/search?q=${word}`);
  assert.equal(all.body.total, 1);
  assert.deepEqual(all.body.facets.type, { group: 1 });
  // membership changes need no reindexing
  await alice.client.put(`/groups/${s.id}/members/${bob.id}`, {});
  assert.deepEqual(await ids(bob.client), [s.id, p.id].sort());
  await alice.client.del(`/groups/${s.id}/members/${bob.id}`);
  assert.deepEqual(await ids(bob.client), [p.id]);
  // a group made secret disappears for non-members once reindexed; deleted, for all
  await alice.client.patch(`/groups/${p.id}`, { visibility: 'secret' });
  await eventually(async () => (await ids(bob.client)).length === 0, 5000, 'the private group hidden');
  await alice.client.del(`/groups/${s.id}`);
  await eventually(async () => !(await ids(alice.client)).includes(s.id), 5000, 'the deleted group gone');
});

test('the groups directory pages by name and filters', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const tag = unique('Pagination');
  for (let i = 0; i < 5; i++) await alice.client.post('/groups', { name: `${tag} ${i}`, visibility: i === 4 ? 'secret' : 'public' });
  const bob = await newUser(admin);
  const seen = [];
  let url = `/groups?q=${encodeURIComponent(tag)}&limit=2`;
  for (;;) {
    const r = await bob.client.get(url);
    assert.equal(r.status, 200);
    seen.push(...r.body.items.map((g) => g.name));
    if (!r.body.next) break;
    url = `/groups?q=${encodeURIComponent(tag)}&limit=2&cursor=${r.body.next}`;
  }
  assert.deepEqual(seen, [0, 1, 2, 3].map((i) => `${tag} ${i}`));
  const mine = await alice.client.get(`/groups?mine=1&q=${encodeURIComponent(tag)}`);
  assert.equal(mine.body.items.length, 5);
  assert.equal((await bob.client.get('/groups?cursor=%%%')).status, 400);
  assert.equal((await bob.client.get('/groups?mine=2')).status, 400);
});

test('the directory and the group page follow every change at once, in every worker', async () => {
  const admin = await adminClient();
  const [alice, bob] = [await newUser(admin), await newUser(admin)];
  const g = (await alice.client.post('/groups', { name: unique('Cache'), visibility: 'secret' })).body;
  // many requests, so that every worker has warmed its caches
  const everyTime = async (fn) => {
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await fn());
    return answers;
  };
  const mine = async () => (await bob.client.get('/groups?mine=1&limit=100')).body.items.find((x) => x.id === g.id);
  const page = async () => (await bob.client.get(`/groups/${g.id}`));
  assert.deepEqual(await everyTime(async () => (await page()).status), Array(12).fill(404));
  assert.deepEqual(await everyTime(async () => !!(await mine())), Array(12).fill(false));

  await alice.client.put(`/groups/${g.id}/members/${bob.id}`, {});
  assert.deepEqual(await everyTime(async () => (await mine())?.my_role), Array(12).fill('member'));
  await alice.client.patch(`/groups/${g.id}`, { name: `${g.name} renamed` });
  assert.deepEqual(await everyTime(async () => (await page()).body.name), Array(12).fill(`${g.name} renamed`));
  await alice.client.put(`/groups/${g.id}/members/${bob.id}`, { role: 'manager' });
  assert.deepEqual(await everyTime(async () => (await page()).body.managers.length), Array(12).fill(2));
  assert.deepEqual(await everyTime(async () => (await page()).body.member_count), Array(12).fill(2));
  await alice.client.del(`/groups/${g.id}/members/${bob.id}`);
  assert.deepEqual(await everyTime(async () => (await page()).status), Array(12).fill(404));
  assert.deepEqual(await everyTime(async () => !!(await mine())), Array(12).fill(false));

  await alice.client.put(`/groups/${g.id}/members/${bob.id}`, {});
  assert.equal((await page()).status, 200);
  assert.equal((await admin.del(`/groups/${g.id}`)).status, 204);
  assert.deepEqual(await everyTime(async () => (await page()).status), Array(12).fill(404));
  assert.deepEqual(await everyTime(async () => !!(await mine())), Array(12).fill(false));
});
