// Profiles and the people directory: who edits what, filters, the groups a
// profile shows.
import test from 'node:test';
import assert from 'node:assert/strict';
import { adminClient, newUser, unique, eventually } from './client.mjs';

test('everyone edits their own profile; administrators edit all; others may not', async () => {
  const admin = await adminClient();
  const [alice, bob] = [await newUser(admin), await newUser(admin)];
  const profile = { job_title: 'Chargée de communication', department: 'Communication', site: 'Limoges',
    phone: '+33 5 55 00 00 00', bio: 'Ligne 1\nLigne 2 <b>pas du HTML</b>' };
  let r = await alice.client.patch(`/users/${alice.id}`, profile);
  assert.equal(r.status, 200);
  for (const [k, v] of Object.entries(profile)) assert.equal(r.body[k], v, k);
  r = await bob.client.patch(`/users/${alice.id}`, { job_title: 'Pirate' });
  assert.equal(r.status, 403);
  r = await admin.patch(`/users/${alice.id}`, { site: 'Brive' });
  assert.equal(r.body.site, 'Brive');
  assert.equal((await bob.client.get(`/users/${alice.id}`)).body.job_title, profile.job_title);
  // limits and bad values
  for (const [body, re] of [[{ phone: '1'.repeat(41) }, /40/], [{ job_title: 'a\nb' }, /contrôle/],
    [{ bio: 'x'.repeat(1001) }, /1000/], [{ site: 5 }, /site/]]) {
    r = await alice.client.patch(`/users/${alice.id}`, body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.match(r.body.error.message, re);
  }
  assert.equal((await alice.client.get(`/users/${alice.id}`)).body.site, 'Brive', 'nothing changed');
});

test('the directory filters by department and site, and lists the values in use', async () => {
  const admin = await adminClient();
  const dept = unique('Service');
  const [a, b, c] = [await newUser(admin, { name: 'Hélène Dir' }), await newUser(admin), await newUser(admin)];
  await admin.patch(`/users/${a.id}`, { department: dept, site: 'Tulle' });
  await admin.patch(`/users/${b.id}`, { department: dept, site: 'Ussel' });
  await admin.patch(`/users/${c.id}`, { department: 'Autre', site: 'Tulle' });
  let r = await c.client.get(`/users?department=${encodeURIComponent(dept.toLowerCase())}&limit=100`);
  assert.deepEqual(r.body.items.map((u) => u.id).sort(), [a.id, b.id].sort());
  r = await c.client.get(`/users?department=${encodeURIComponent(dept)}&site=tulle`);
  assert.deepEqual(r.body.items.map((u) => u.id), [a.id]);
  r = await c.client.get(`/users?department=${encodeURIComponent(dept)}&q=helene`);
  assert.deepEqual(r.body.items.map((u) => u.id), [a.id], 'the name filter ignores accents');
  r = await c.client.get('/directory/attributes');
  assert.deepEqual(r.body.departments.find((d) => d.value === dept), { value: dept, count: 2 });
  assert.ok(r.body.sites.find((s) => s.value === 'Tulle').count >= 2);
  // people are also found by department in the search box
  const found = await eventually(async () => {
    const s = await c.client.get(`/search?q=${encodeURIComponent(dept)}&type=person`);
    return s.body.items.length === 2 && s.body.items;
  }, 5000, 'people found by department');
  assert.deepEqual(found.map((i) => i.id).sort(), [a.id, b.id].sort());
});

test('a profile shows only the groups the viewer may see', async () => {
  const admin = await adminClient();
  const [alice, bob, carol] = [await newUser(admin), await newUser(admin), await newUser(admin)];
  const pub = (await alice.client.post('/groups', { name: unique('Public'), visibility: 'public' })).body;
  const sec = (await alice.client.post('/groups', { name: unique('Secret'), visibility: 'secret' })).body;
  await alice.client.put(`/groups/${sec.id}/members/${carol.id}`, {});
  const ids = async (c) => (await c.get(`/users/${alice.id}`)).body.groups.map((g) => g.id).sort();
  assert.deepEqual(await ids(bob.client), [pub.id]);
  assert.deepEqual(await ids(carol.client), [pub.id, sec.id].sort());
  assert.deepEqual(await ids(admin), [pub.id, sec.id].sort());
  const own = (await alice.client.get(`/users/${alice.id}`)).body.groups.find((g) => g.id === sec.id);
  assert.deepEqual(own, { id: sec.id, name: sec.name, visibility: 'secret', role: 'manager' });
});
