// Sign-in, sign-out, /me, CSRF, sessions of disabled accounts.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, ADMIN, adminClient, newUser, PASSWORD } from './client.mjs';

test('health answers with the database and the index state', async () => {
  const r = await new Client().get('/health');
  assert.equal(r.status, 200);
  assert.equal(r.body.status, 'ok');
  assert.equal(r.body.db, 'ok');
  assert.equal(typeof r.body.index.pending, 'number');
});

test('signing in returns the user, a CSRF token and a hardened cookie', async () => {
  const c = new Client();
  const r = await c.login(ADMIN.email, ADMIN.password);
  assert.equal(r.status, 200);
  assert.equal(r.body.user.email, ADMIN.email);
  assert.equal(r.body.user.role, 'admin');
  assert.match(r.body.csrf_token, /^[A-Za-z0-9_-]{43}$/);
  const cookie = r.headers['set-cookie'].find((c) => c.startsWith('parvis_session='));
  assert.ok(cookie, 'session cookie set');
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.match(cookie.split(';')[0], /^parvis_session=[A-Za-z0-9_-]{43}$/, '256-bit token');
  assert.equal(r.headers['cache-control'], 'no-store');
  const me = await c.get('/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.user.id, r.body.user.id);
  assert.equal(me.body.csrf_token, r.body.csrf_token);
});

test('the e-mail address is matched whatever its case', async () => {
  const r = await new Client().login(ADMIN.email.toUpperCase(), ADMIN.password);
  assert.equal(r.status, 200);
});

test('a wrong password and an unknown e-mail get the same answer in similar time', async () => {
  const timed = async (email) => {
    const t0 = performance.now();
    const r = await new Client({ localAddress: '127.0.0.5' }).login(email, 'not-the-password-1');
    return { r, ms: performance.now() - t0 };
  };
  const admin = await adminClient();
  const u = await newUser(admin, { signIn: false });
  const a = [], b = [];
  for (let i = 0; i < 3; i++) { a.push(await timed(u.email)); b.push(await timed(`nobody-${i}-${Date.now()}@example.org`)); }
  for (const { r } of [...a, ...b]) {
    assert.equal(r.status, 401);
    assert.equal(r.body.error.code, 'bad_credentials');
  }
  assert.equal(a[0].r.text, b[0].r.text, 'byte-identical answers');
  const mean = (xs) => xs.reduce((s, x) => s + x.ms, 0) / xs.length;
  const ratio = mean(a) / mean(b);
  assert.ok(ratio > 0.5 && ratio < 2, `timing ratio ${ratio.toFixed(2)} (known ${mean(a).toFixed(0)} ms, unknown ${mean(b).toFixed(0)} ms)`);
});

test('requests without a session are refused with 401', async () => {
  const c = new Client();
  for (const path of ['/me', '/users', '/search?q=a']) {
    const r = await c.get(path);
    assert.equal(r.status, 401, path);
    assert.equal(r.body.error.code, 'unauthenticated');
  }
  c.cookies.set('parvis_session', 'A'.repeat(43));
  assert.equal((await c.get('/me')).status, 401, 'a forged token');
  c.cookies.set('parvis_session', 'garbage');
  assert.equal((await c.get('/me')).status, 401, 'a malformed token');
});

test('a state change needs the CSRF token of the session', async () => {
  const admin = await adminClient();
  const body = { email: 'csrf-victim@example.org', display_name: 'CSRF' };
  let r = await admin.post('/users', body, { csrf: false });
  assert.equal(r.status, 403);
  assert.equal(r.body.error.code, 'csrf');
  r = await admin.post('/users', body, { headers: { 'X-CSRF-Token': 'x'.repeat(43) } });
  assert.equal(r.status, 403);
  const other = await adminClient();     // another session's token does not fit
  r = await admin.post('/users', body, { headers: { 'X-CSRF-Token': other.csrf } });
  assert.equal(r.status, 403);
  const list = await admin.get('/users?q=csrf-victim');
  assert.equal(list.body.items.length, 0, 'nothing was created');
  r = await admin.del('/session', { csrf: false });
  assert.equal(r.status, 403);
  assert.equal((await admin.get('/me')).status, 200, 'still signed in');
});

test('signing out ends the session at once, in every worker', async () => {
  const admin = await adminClient();
  const u = await newUser(admin);
  const stolen = new Client();
  stolen.cookies = new Map(u.client.cookies);
  for (let i = 0; i < 8; i++) assert.equal((await stolen.get('/me')).status, 200);   // cached in the workers
  const r = await u.client.del('/session');
  assert.equal(r.status, 204);
  assert.ok(r.headers['set-cookie'].some((c) => /Max-Age=0/.test(c)), 'cookie cleared');
  for (let i = 0; i < 8; i++) assert.equal((await stolen.get('/me')).status, 401, 'the old cookie is dead');
});

test('a new sign-in gets a new token (no session fixation)', async () => {
  const c1 = new Client(), c2 = new Client();
  await c1.login(ADMIN.email, ADMIN.password);
  await c2.login(ADMIN.email, ADMIN.password);
  assert.notEqual(c1.cookies.get('parvis_session'), c2.cookies.get('parvis_session'));
  assert.notEqual(c1.csrf, c2.csrf);
});

test('a disabled account is signed out at once and cannot sign in', async () => {
  const admin = await adminClient();
  const u = await newUser(admin);
  for (let i = 0; i < 8; i++) assert.equal((await u.client.get('/me')).status, 200);
  const r = await admin.patch(`/users/${u.id}`, { status: 'disabled' });
  assert.equal(r.status, 200);
  assert.equal(r.body.status, 'disabled');
  for (let i = 0; i < 8; i++) assert.equal((await u.client.get('/me')).status, 401, 'every worker refuses it');
  const again = await new Client().login(u.email, PASSWORD);
  assert.equal(again.status, 403);
  assert.equal(again.body.error.code, 'account_disabled');
  const bad = await new Client().login(u.email, 'wrong-password-xyz');
  assert.equal(bad.status, 401, 'a wrong password says nothing about the account');
  const back = await admin.patch(`/users/${u.id}`, { status: 'active' });
  assert.equal(back.status, 200);
  assert.equal((await new Client().login(u.email, PASSWORD)).status, 200, 're-enabled');
});

test('a display name change shows in /me at once', async () => {
  const admin = await adminClient();
  const u = await newUser(admin);
  for (let i = 0; i < 4; i++) await u.client.get('/me');
  const r = await u.client.patch(`/users/${u.id}`, { display_name: 'Nouveau Nom' });
  assert.equal(r.status, 200);
  for (let i = 0; i < 4; i++) assert.equal((await u.client.get('/me')).body.user.display_name, 'Nouveau Nom');
});
