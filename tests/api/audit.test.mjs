// « Administration › Journal » (docs/audit.md): sign-ins, failed sign-ins
// (an unknown address too), role changes and disabled accounts recorded
// with the names of the people; filtered by person, action (or a family of
// actions) and period; keyset pages; a CSV export, formulas neutralised,
// itself recorded; administrators only.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, adminClient, newUser, PASSWORD, unique } from './client.mjs';

let admin;
test.before(async () => { admin = await adminClient(); });
const journal = async (query) => {
  const r = await admin.get(`/admin/audit?${query}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
};

test('sign-ins, failed sign-ins, role changes and disabling are in the journal, found by person and action', async () => {
  const p = await newUser(admin, { name: `Journal ${unique()}` });
  const wrong = await new Client().login(p.email, 'pas le bon mot de passe');
  assert.equal(wrong.status, 401);
  const ghost = `${unique('ghost')}@example.org`;
  assert.equal((await new Client().login(ghost, 'x')).status, 401);
  assert.equal((await admin.patch(`/users/${p.id}`, { role: 'admin' })).status, 200);
  assert.equal((await admin.patch(`/users/${p.id}`, { status: 'disabled' })).status, 200);
  assert.equal((await new Client().login(p.email, PASSWORD)).status, 403);

  const mine = (await journal(`actor=${p.id}`)).items;
  const actions = mine.map((x) => x.action);
  for (const a of ['account.create', 'session.signin', 'session.signin_failed', 'account.role', 'account.disable', 'session.signin_refused'])
    assert.ok(actions.includes(a), `${a} in ${actions}`);
  assert.deepEqual(actions.slice(0, 2), ['session.signin_refused', 'account.disable'], 'newest first');
  const failed = mine.find((x) => x.action === 'session.signin_failed');
  assert.equal(failed.actor, null, 'nobody signed in');
  assert.equal(failed.target.id, p.id);
  assert.equal(failed.target.name, p.user.display_name, 'the person named');
  assert.match(failed.detail, new RegExp(`email=${p.email} address=`));
  const role = mine.find((x) => x.action === 'account.role');
  assert.equal(role.actor.display_name, (await admin.get('/me')).body.user.display_name);
  assert.equal(role.detail, 'role=admin was=user');
  const signin = mine.find((x) => x.action === 'session.signin');
  assert.equal(signin.actor.id, p.id);

  // an address nobody has: recorded too, by its text
  const unknown = (await journal('action=session.signin_failed&limit=20')).items.find((x) => x.detail.includes(ghost));
  assert.ok(unknown, 'the unknown address');
  assert.equal(unknown.target.id, 0);
  // a family of actions
  const family = await journal(`actor=${p.id}&action=session.`);
  assert.ok(family.items.length >= 3 && family.items.every((x) => x.action.startsWith('session.')));
  assert.ok(family.actions.includes('account.role') && family.actions.includes('session.signin_failed'), 'the filter\'s choices');
  // a period: nothing tomorrow
  const tomorrow = new Date(Date.now() + 86400e3).toISOString().slice(0, 10);
  assert.equal((await journal(`actor=${p.id}&from=${tomorrow}&to=${tomorrow}`)).items.length, 0);
  const today = new Date().toISOString().slice(0, 10);
  assert.equal((await journal(`actor=${p.id}&from=${today}&to=${today}`)).items.length, mine.length);
});

test('keyset pages: every row once, newest first; bad parameters 400; administrators only', async () => {
  const pages = [];
  let cursor = '';
  for (let i = 0; i < 4; i++) {
    const page = await journal(`limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    pages.push(...page.items);
    if (!page.next) break;
    cursor = page.next;
  }
  const all = (await journal(`limit=${pages.length}`)).items;
  assert.deepEqual(pages.map((x) => x.id), all.map((x) => x.id));
  assert.equal(new Set(pages.map((x) => x.id)).size, pages.length);
  for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].at >= all[i].at, 'newest first');
  for (const q of ['cursor=nope', 'actor=abc', 'action=DROP%20TABLE', 'from=2026-13-01', 'format=pdf', 'limit=1000']) {
    const r = await admin.get(`/admin/audit?${q}`);
    assert.equal(r.status, 400, q);
  }
  const someone = await newUser(admin);
  assert.equal((await someone.client.get('/admin/audit')).status, 403);
  assert.equal((await someone.client.get('/admin/audit?format=csv')).status, 403);
});

test('the CSV export: every row the filters select, formulas neutralised, the export itself recorded', async () => {
  const p = await newUser(admin, { name: `=HYPERLINK("x") ${unique()}`, signIn: false });
  assert.equal((await admin.patch(`/users/${p.id}`, { role: 'admin' })).status, 200);
  const r = await admin.get(`/admin/audit?format=csv&actor=${p.id}`);
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^text\/csv/);
  assert.match(r.headers['content-disposition'], /attachment; filename="journal-/);
  const lines = r.text.trim().split('\r\n');
  assert.equal(lines[0], '"at","actor","actor_email","action","target_type","target_id","target_name","detail"');
  assert.equal(lines.length, 4, 'created, then changed: made an administrator');
  assert.ok(lines[1].includes('"account.role","user"'));
  assert.ok(lines[1].includes(`"'=HYPERLINK(""x"")`), lines[1]);
  const exported = (await journal('action=audit.export&limit=1')).items[0];
  assert.match(exported.detail, new RegExp(`actor=${p.id} .* rows=3`));
  // no administrator left behind (users.test.mjs counts them)
  assert.equal((await admin.patch(`/users/${p.id}`, { role: 'user' })).status, 200);
});
