// The first sign-in's welcome (docs/welcome.md): pending for a new person,
// the profile and public groups to join (department and site first, then
// the most active), ended for good by « done » or « skipped »; never for a guest.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, adminClient, newUser, unique, eventually, PASSWORD } from './client.mjs';
import { readZip } from './zip.mjs';

test('a new person: welcome pending, groups of their department and site first, then the most active; skipped once for all', async () => {
  const admin = await adminClient();
  const tag = unique();
  const dept = `Voirie ${tag}`;
  const site = `Site nord ${tag}`;
  const alice = await newUser(admin);
  assert.equal(alice.client.csrf !== null, true);
  const me = await alice.client.get('/me');
  assert.equal(me.body.user.welcome_pending, true, 'a new person has the welcome to see');

  // colleagues of Alice's department and of her site, each in a public group
  const carol = await newUser(admin);
  const dave = await newUser(admin);
  assert.equal((await admin.patch(`/users/${carol.id}`, { department: dept })).status, 200);
  assert.equal((await admin.patch(`/users/${dave.id}`, { site })).status, 200);
  const mk = async (who, name, visibility = 'public') => {
    const r = await who.client.post('/groups', { name: `${name} ${tag}`, visibility });
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  const gDept = await mk(carol, 'Chaussées');
  const gSite = await mk(dave, 'Entrepôt');
  const gSecret = await mk(carol, 'Comité restreint', 'private');
  const gArchived = await mk(carol, 'Ancien chantier');
  assert.equal((await carol.client.patch(`/groups/${gArchived.id}`, { archived: true })).status, 200);
  const gMine = await mk(alice, 'Mon groupe');

  // before her profile says where she works, nothing is « of her department »
  let w = await alice.client.get('/me/welcome');
  assert.equal(w.status, 200);
  assert.equal(w.body.state, 'pending');
  assert.deepEqual(w.body.profile, { job_title: '', department: '', site: '' });
  assert.ok(w.body.suggestions.every((g) => g.reason === 'active'));

  assert.equal((await alice.client.patch(`/users/${alice.id}`, { job_title: 'Agente', department: dept, site })).status, 200);
  w = await alice.client.get('/me/welcome');
  assert.deepEqual(w.body.profile, { job_title: 'Agente', department: dept, site });
  const s = w.body.suggestions;
  assert.ok(s.length <= 8);
  assert.deepEqual(s.slice(0, 2).map((g) => [g.id, g.reason]), [[gDept.id, 'department'], [gSite.id, 'site']],
    'the group of her department, then of her site, before any other');
  const ids = s.map((g) => g.id);
  for (const g of [gSecret, gArchived, gMine]) assert.ok(!ids.includes(g.id), `${g.name} is not suggested`);
  const active = s.filter((g) => g.reason === 'active').map((g) => g.recent_posts);
  assert.deepEqual(active, [...active].sort((a, b) => b - a), 'the others, the most active first');
  for (const g of s) {
    assert.equal(typeof g.name, 'string');
    assert.equal(typeof g.member_count, 'number');
  }

  // joined: no longer suggested
  assert.equal((await alice.client.post(`/groups/${gDept.id}/join`)).status, 200);
  w = await alice.client.get('/me/welcome');
  assert.ok(!w.body.suggestions.some((g) => g.id === gDept.id));

  // bad answers: said, in the person's language
  let r = await alice.client.post('/me/welcome', { state: 'later' });
  assert.equal(r.status, 400);
  assert.match(r.body.error.message, /state/);
  r = await alice.client.post('/me/welcome', {});
  assert.equal(r.status, 400);
  r = await alice.client.post('/me/welcome', { state: 'done', extra: 1 });
  assert.equal(r.status, 400);
  const en = new Client({ lang: 'en' });
  await en.login(alice.email, PASSWORD);
  r = await en.post('/me/welcome', { state: 'later' });
  assert.equal(r.status, 400);
  assert.match(r.body.error.message, /state/);
  assert.notEqual(r.body.error.message, (await alice.client.post('/me/welcome', { state: 'later' })).body.error.message);

  // skipped: for good, on every device; a later « done » does not change it
  r = await alice.client.post('/me/welcome', { state: 'skipped' });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { state: 'skipped' });
  r = await alice.client.post('/me/welcome', { state: 'done' });
  assert.deepEqual(r.body, { state: 'skipped' });
  assert.equal((await alice.client.get('/me')).body.user.welcome_pending, false);
  const other = new Client();
  const again = await other.login(alice.email, PASSWORD);
  assert.equal(again.body.user.welcome_pending, false, 'another device: not offered again');
  assert.equal((await other.get('/me/welcome')).body.state, 'skipped');
});

test('the welcome: done is remembered; a guest is not offered it; signed out: 401', async () => {
  const admin = await adminClient();
  const bob = await newUser(admin);
  let r = await bob.client.post('/me/welcome', { state: 'done' });
  assert.deepEqual(r.body, { state: 'done' });
  assert.equal((await bob.client.get('/me')).body.user.welcome_pending, false);
  // the answer is in the person's export (docs/gdpr.md)
  assert.equal((await bob.client.post('/me/export')).status, 202);
  const ready = await eventually(async () => {
    const e = (await bob.client.get('/me/export')).body;
    return e.state === 'ready' ? e : null;
  }, 20000, 'the export');
  const zip = readZip((await bob.client.get(ready.url)).bytes);
  const answer = JSON.parse(zip.get('welcome.json').toString('utf8'));
  assert.equal(answer.length, 1);
  assert.equal(answer[0].state, 'done');
  assert.match(answer[0].at, /^\d{4}-\d\d-\d\dT/);

  const email = `${unique('guest')}@example.org`;
  const g = await admin.post('/users', { email, display_name: `Invitée ${unique()}`, password: PASSWORD, kind: 'guest' });
  assert.equal(g.status, 201, g.text);
  const guest = new Client();
  const s = await guest.login(email, PASSWORD);
  assert.equal(s.body.user.welcome_pending, false);
  r = await guest.get('/me/welcome');
  assert.equal(r.status, 200);
  assert.equal(r.body.state, 'done');
  assert.deepEqual(r.body.suggestions, []);

  assert.equal((await new Client().get('/me/welcome')).status, 401);
});
