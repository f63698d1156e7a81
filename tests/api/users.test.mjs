// Accounts: creation by administrators, the directory, roles and status.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, adminClient, newUser, unique, PASSWORD, ADMIN } from './client.mjs';

test('an administrator creates an account; without a password one is generated once', async () => {
  const admin = await adminClient();
  const email = `${unique('New')}@Example.org`;
  const r = await admin.post('/users', { email, display_name: '  Émile Zola  ' });
  assert.equal(r.status, 201);
  assert.equal(r.body.email, email.toLowerCase());
  assert.equal(r.body.display_name, 'Émile Zola');
  assert.equal(r.body.role, 'user');
  assert.equal(r.body.status, 'active');
  assert.match(r.body.initial_password, /^\S{16}$/);
  const c = new Client();
  assert.equal((await c.login(email, r.body.initial_password)).status, 200);
  const g = await admin.get(`/users/${r.body.id}`);
  assert.equal(g.body.initial_password, undefined, 'never shown again');
});

test('the same e-mail twice is a conflict, whatever its case', async () => {
  const admin = await adminClient();
  const email = `${unique('dup')}@example.org`;
  assert.equal((await admin.post('/users', { email, display_name: 'A' })).status, 201);
  const r = await admin.post('/users', { email: email.toUpperCase(), display_name: 'B' });
  assert.equal(r.status, 409);
  assert.equal(r.body.error.code, 'conflict');
  assert.match(r.body.error.message, new RegExp(email));
});

test('people who are not administrators cannot create accounts or change roles', async () => {
  const admin = await adminClient();
  const u = await newUser(admin);
  let r = await u.client.post('/users', { email: `${unique()}@example.org`, display_name: 'X' });
  assert.equal(r.status, 403);
  assert.equal(r.body.error.code, 'forbidden');
  r = await u.client.patch(`/users/${u.id}`, { role: 'admin' });
  assert.equal(r.status, 403);
  const other = await newUser(admin, { signIn: false });
  r = await u.client.patch(`/users/${other.id}`, { display_name: 'Hacked' });
  assert.equal(r.status, 403);
  assert.notEqual((await admin.get(`/users/${other.id}`)).body.display_name, 'Hacked');
  r = await u.client.patch(`/users/${u.id}`, { display_name: 'Moi-même', locale: 'en' });
  assert.equal(r.status, 200);
  assert.equal(r.body.display_name, 'Moi-même');
  assert.equal(r.body.locale, 'en');
});

test('the directory lists active people by name, page by page with a cursor', async () => {
  const admin = await adminClient();
  const tag = unique('dir');
  const names = ['Zoé', 'Adèle', 'Maël', 'Bérénice', 'Yann'].map((n) => `${n} ${tag}`);
  const ids = [];
  for (const n of names) ids.push((await newUser(admin, { name: n, signIn: false })).id);
  const viewer = await newUser(admin);
  await admin.patch(`/users/${ids[4]}`, { status: 'disabled' });
  const seen = [];
  let cursor = null, pages = 0;
  do {
    const r = await viewer.client.get(`/users?q=${encodeURIComponent(tag)}&limit=2${cursor ? '&cursor=' + cursor : ''}`);
    assert.equal(r.status, 200);
    assert.ok(r.body.items.length <= 2);
    seen.push(...r.body.items.map((u) => u.display_name));
    cursor = r.body.next;
    pages++;
  } while (cursor && pages < 10);
  assert.deepEqual(seen, ['Adèle', 'Bérénice', 'Maël', 'Zoé'].map((n) => `${n} ${tag}`), 'sorted, no repeat, disabled hidden');
  const all = await admin.get(`/users?q=${encodeURIComponent(tag)}&limit=100`);
  assert.equal(all.body.items.length, 5, 'administrators see disabled accounts too');
  assert.equal((await viewer.client.get(`/users/${ids[4]}`)).status, 404, 'a disabled account is not shown to others');
  assert.equal((await admin.get(`/users/${ids[4]}`)).status, 200);
  assert.equal((await viewer.client.get('/users/999999999')).status, 404);
});

test('the last active administrator can be neither disabled nor demoted; nobody disables themselves', async () => {
  const admin = await adminClient();
  const me = (await admin.get('/me')).body.user;
  let r = await admin.patch(`/users/${me.id}`, { status: 'disabled' });
  assert.equal(r.status, 409);
  assert.match(r.body.error.message, /votre propre compte/);
  const other = await newUser(admin, { role: 'admin' });
  r = await other.client.patch(`/users/${other.id}`, { role: 'user' });
  assert.equal(r.status, 200, 'demoting oneself is fine while another admin remains');
  // with only the first administrator left active, demoting it is refused
  const actives = [];
  let cursor = null;
  do {
    const page = await admin.get(`/users?limit=100${cursor ? '&cursor=' + cursor : ''}`);
    actives.push(...page.body.items.filter((u) => u.role === 'admin' && u.status === 'active'));
    cursor = page.body.next;
  } while (cursor);
  assert.deepEqual(actives.map((u) => u.id), [me.id], 'the first administrator is the only active one now');
  r = await admin.patch(`/users/${me.id}`, { role: 'user' });
  assert.equal(r.status, 409);
  assert.match(r.body.error.message, /au moins un administrateur/);
  assert.equal((await admin.get('/me')).body.user.role, 'admin');
  assert.equal((await new Client().login(ADMIN.email, ADMIN.password)).status, 200);
});

test('a promoted account gets administrator rights on its next request', async () => {
  const admin = await adminClient();
  const u = await newUser(admin);
  assert.equal((await u.client.post('/users', { email: `${unique()}@example.org`, display_name: 'X' })).status, 403);
  assert.equal((await admin.patch(`/users/${u.id}`, { role: 'admin' })).status, 200);
  const r = await u.client.post('/users', { email: `${unique()}@example.org`, display_name: 'Y', password: PASSWORD });
  assert.equal(r.status, 201);
  await admin.patch(`/users/${u.id}`, { role: 'user' });
});
