// API tokens and incoming webhooks (docs/api_tokens.md): personal tokens
// (scopes read < write < admin, expiry, revocation, the person disabled),
// a Bearer request needs no CSRF token and never uses the cookie, tokens
// are made only with a session, the per-token rate limit (nginx), service
// tokens of administrators; incoming webhooks posting into a group.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { Client, adminClient, newUser, unique, sql } from './client.mjs';

const bearer = (token) => ({ headers: { Authorization: `Bearer ${token}` }, csrf: false });
// a client with no cookie and no CSRF token: only the token speaks
const anon = () => new Client();
// one administrator's session for the whole file
let adminSession;
const adminOnce = () => (adminSession ??= adminClient());
const tomorrow = () => new Date(Date.now() + 86400e3).toISOString().slice(0, 10);

async function mkToken(client, body) {
  const r = await client.post('/me/tokens', { name: `t ${unique()}`, ...body });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

test('personal tokens: shown once, listed without the secret, scopes enforced, no CSRF, cookie ignored', async () => {
  const admin = await adminOnce();
  const alice = await newUser(admin);
  const bob = await newUser(admin);
  const read = await mkToken(alice.client, { scopes: ['read'], expires: tomorrow() });
  assert.match(read.token, /^pvt_[A-Za-z0-9_-]{43}$/);
  assert.deepEqual(read.scopes, ['read']);
  assert.match(read.expires, /^\d{4}-\d\d-\d\dT23:59:59Z$/);
  const write = await mkToken(alice.client, { scopes: ['write'] });
  assert.equal(write.expires, null);

  const list = await alice.client.get('/me/tokens');
  assert.equal(list.status, 200);
  assert.equal(list.body.items.length, 2);
  assert.ok(!list.text.includes(read.token.slice(10)) && !list.text.includes(write.token.slice(10)), 'the secret is never listed');
  const row = list.body.items.find((t) => t.id === read.id);
  assert.deepEqual(Object.keys(row).sort(), ['created', 'expired', 'expires', 'id', 'last_used_at', 'name', 'prefix', 'scopes']);
  assert.equal(row.prefix, read.token.slice(0, 10));
  assert.equal(row.last_used_at, null);

  // read: GET only
  const c = anon();
  const me = await c.get('/me', bearer(read.token));
  assert.equal(me.status, 200, me.text);
  assert.equal(me.body.user.id, alice.id);
  const denied = await c.post('/groups', { name: `G ${unique()}`, visibility: 'public' }, bearer(read.token));
  assert.equal(denied.status, 403);
  assert.equal(denied.body.error.code, 'insufficient_scope');
  assert.match(denied.body.error.message, /lecture seule/);
  // write: a change with no CSRF token
  const g = await c.post('/groups', { name: `G ${unique()}`, visibility: 'public' }, bearer(write.token));
  assert.equal(g.status, 201, g.text);
  const post = await c.post(`/groups/${g.body.id}/posts`, { body: 'Publié par script' }, bearer(write.token));
  assert.equal(post.status, 201, post.text);
  assert.equal(post.body.author.id, alice.id);

  // the cookie is never used with a token: Bob's session plus Alice's
  // token is Alice; a bad token with a good cookie is refused
  const asBob = await bob.client.get('/me', bearer(read.token));
  assert.equal(asBob.body.user.id, alice.id);
  const bad = await bob.client.get('/me', bearer(`pvt_${'A'.repeat(43)}`));
  assert.equal(bad.status, 401);
  assert.match(bad.body.error.message, /inconnu ou a été révoqué/);
  const malformed = await bob.client.get('/me', { headers: { Authorization: 'Basic Ym9iOmJvYg==' } });
  assert.equal(malformed.status, 401);
  assert.match(malformed.body.error.message, /Bearer/);
  // and Bob's cookie without its CSRF token still needs one
  assert.equal((await bob.client.post('/groups', { name: `G ${unique()}`, visibility: 'public' }, { csrf: false })).status, 403);

  // tokens are made, listed and revoked with a session only
  const mint = await c.post('/me/tokens', { name: 'x', scopes: ['read'] }, bearer(write.token));
  assert.equal(mint.status, 403);
  assert.equal(mint.body.error.code, 'session_required');
  assert.equal((await c.get('/me/tokens', bearer(write.token))).status, 403);
  assert.equal((await c.put('/me/password', { current_password: 'x', new_password: 'y' }, bearer(write.token))).status, 403);

  // last use recorded
  const used = await alice.client.get('/me/tokens');
  assert.match(used.body.items.find((t) => t.id === read.id).last_used_at, /^\d{4}-\d\d-\d\dT/);

  // bad input, in the asker's language
  const en = new Client({ lang: 'en' });
  await en.login(alice.email, alice.password);
  for (const body of [{ name: 'x', scopes: [] }, { name: 'x', scopes: ['root'] }, { name: 'x' }, { name: 'x', scopes: 'read' }]) {
    const r = await en.post('/me/tokens', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.match(r.body.error.message, /scopes/);
  }
  for (const expires of ['2001-01-01', 'demain', '2999-01-01']) {
    const r = await en.post('/me/tokens', { name: 'x', scopes: ['read'], expires });
    assert.equal(r.status, 400, expires);
    assert.match(r.body.error.message, /expiry/);
  }
  const adminScope = await alice.client.post('/me/tokens', { name: 'x', scopes: ['admin'] });
  assert.equal(adminScope.status, 403);
  assert.match(adminScope.body.error.message, /administrateurs/);

  // revoked: refused at once (every worker), and 404 a second time
  assert.equal((await alice.client.del(`/me/tokens/${read.id}`)).status, 204);
  const gone = await c.get('/me', bearer(read.token));
  assert.equal(gone.status, 401);
  assert.match(gone.body.error.message, /révoqué/);
  assert.equal((await alice.client.del(`/me/tokens/${read.id}`)).status, 404);
  // one's own only
  assert.equal((await bob.client.del(`/me/tokens/${write.id}`)).status, 404);
  assert.equal((await c.get('/me', bearer(write.token))).status, 200);
});

test('expiry, a disabled person, and the admin scope only while an administrator', async () => {
  const admin = await adminOnce();
  const carol = await newUser(admin);
  const t = await mkToken(carol.client, { scopes: ['read'] });
  const expired = await mkToken(carol.client, { scopes: ['read'], expires: tomorrow() });
  sql(`UPDATE api_tokens SET expires_at = UTC_TIMESTAMP() - INTERVAL 1 HOUR WHERE id = ${expired.id}`);
  const c = new Client({ lang: 'en' });
  const r = await c.get('/me', bearer(expired.token));
  assert.equal(r.status, 401);
  assert.match(r.body.error.message, /expired on \d{4}-\d\d-\d\d/);
  assert.equal((await carol.client.get('/me/tokens')).body.items.find((x) => x.id === expired.id).expired, true);

  assert.equal((await c.get('/me', bearer(t.token))).status, 200);
  assert.equal((await admin.patch(`/users/${carol.id}`, { status: 'disabled' })).status, 200);
  const off = await c.get('/me', bearer(t.token));
  assert.equal(off.status, 401);
  assert.match(off.body.error.message, /disabled/);

  // an administrator's tokens: admin scope for /admin/..., and their powers
  const dave = await newUser(admin, { role: 'admin' });
  const full = await mkToken(dave.client, { scopes: ['admin'] });
  const plain = await mkToken(dave.client, { scopes: ['write'] });
  assert.equal((await c.get('/admin/statistics', bearer(full.token))).status, 200);
  const noAdmin = await c.get('/admin/statistics', bearer(plain.token));
  assert.equal(noAdmin.status, 403);
  assert.equal(noAdmin.body.error.code, 'insufficient_scope');
  // without the admin scope, an administrator's token acts as a member
  const email = `${unique('s')}@example.org`;
  assert.equal((await c.post('/users', { email, display_name: 'Par script', password: 'correct horse battery staple' }, bearer(plain.token))).status, 403);
  assert.equal((await c.post('/users', { email, display_name: 'Par script', password: 'correct horse battery staple' }, bearer(full.token))).status, 201);
  // no longer an administrator: the admin scope is worth nothing
  assert.equal((await admin.patch(`/users/${dave.id}`, { role: 'user' })).status, 200);
  const demoted = await c.get('/admin/statistics', bearer(full.token));
  assert.equal(demoted.status, 403);
  assert.match(demoted.body.error.message, /no longer an administrator/);
});

test('rate limit per token: 429 with Retry-After, other tokens unaffected', async () => {
  const admin = await adminOnce();
  const erin = await newUser(admin);
  const hot = await mkToken(erin.client, { scopes: ['read'] });
  const cool = await mkToken(erin.client, { scopes: ['read'] });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const url = new URL('/api/v1/health', process.env.PARVIS_URL);
  const one = (token, path = '/api/v1/me') => new Promise((resolve, reject) => {
    const rq = http.request(new URL(path, url), { agent, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, retry: res.headers['retry-after'] }));
    });
    rq.on('error', reject);
    rq.end();
  });
  const answers = await Promise.all(Array.from({ length: 100 }, () => one(hot.token)));
  const limited = answers.filter((a) => a.status === 429);
  assert.ok(limited.length > 0, `some of 100 quick requests refused (${answers.map((a) => a.status).join(',')})`);
  assert.ok(answers.filter((a) => a.status === 200).length >= 50, 'the burst goes through');
  assert.ok(Number(limited[0].retry) >= 1, 'Retry-After');
  assert.equal((await one(cool.token)).status, 200, 'another token has its own count');
  agent.destroy();
});

test('service tokens: administrators name a service account, which never signs in', async () => {
  const admin = await adminOnce();
  const frank = await newUser(admin);
  const account = `Robot RH ${unique()}`;
  assert.equal((await frank.client.post('/admin/tokens', { account, name: 'x', scopes: ['read'] })).status, 403);
  const mk = await admin.post('/admin/tokens', { account, name: 'Import nocturne', scopes: ['read', 'write'], expires: tomorrow() });
  assert.equal(mk.status, 201, mk.text);
  const again = await admin.post('/admin/tokens', { account, name: 'Second', scopes: ['read'] });
  assert.equal(again.status, 201);
  assert.equal((await admin.post('/admin/tokens', { account, name: 'x', scopes: ['admin'] })).status, 400);
  const list = await admin.get('/admin/tokens');
  const mine = list.body.items.filter((t) => t.account.name === account);
  assert.equal(mine.length, 2, 'one account, two tokens');
  assert.equal(mine[0].account.id, mine[1].account.id);
  assert.ok(!list.text.includes(mk.body.token.slice(10)));

  const c = anon();
  const me = await c.get('/me', bearer(mk.body.token));
  assert.equal(me.status, 200);
  assert.equal(me.body.user.display_name, account);
  // it acts as a member would: joins a public group and posts there
  const g = await frank.client.post('/groups', { name: `Paie ${unique()}`, visibility: 'public' });
  assert.equal((await c.post(`/groups/${g.body.id}/join`, {}, bearer(mk.body.token))).status, 200);
  assert.equal((await c.post(`/groups/${g.body.id}/posts`, { body: 'Import terminé' }, bearer(mk.body.token))).status, 201);
  // no password sign-in: its address is unknown to anyone, its hash matches nothing
  const email = sql(`SELECT email FROM users WHERE id = ${mine[0].account.id}`).trim();
  assert.match(email, /@service\.invalid$/);
  assert.equal((await new Client().login(email, '!')).status, 401);

  assert.equal((await admin.del(`/admin/tokens/${mk.body.id}`)).status, 204);
  assert.equal((await c.get('/me', bearer(mk.body.token))).status, 401);
  assert.equal((await c.get('/me', bearer(again.body.token))).status, 200);
  assert.equal((await admin.del(`/admin/tokens/${mk.body.id}`)).status, 404);
});

test('incoming webhooks: managers make an address that posts into the group as the connector', async () => {
  const admin = await adminOnce();
  const gina = await newUser(admin);
  const hugo = await newUser(admin);
  const g = (await gina.client.post('/groups', { name: `Astreinte ${unique()}`, visibility: 'public' })).body;
  assert.equal((await hugo.client.post(`/groups/${g.id}/join`, {})).status, 200);
  assert.equal((await hugo.client.post(`/groups/${g.id}/webhooks/incoming`, { name: 'Intrus' })).status, 403);
  const hookName = `Supervision ${unique()}`;
  const mk = await gina.client.post(`/groups/${g.id}/webhooks/incoming`, { name: hookName });
  assert.equal(mk.status, 201, mk.text);
  const url = new URL(mk.body.url);
  assert.match(url.pathname, /^\/api\/v1\/hooks\/in\/[A-Za-z0-9_-]{43}$/);
  const path = url.pathname;
  const c = anon();

  const j = await c.post(path, { title: 'Alerte disque', text: 'Le disque **/var** est plein.<script>alert(1)</script>' });
  assert.equal(j.status, 201, j.text);
  const p = (await hugo.client.get(`/posts/${j.body.id}`)).body;
  assert.equal(p.author.display_name, hookName);
  // not a person: absent from the directory
  assert.equal((await hugo.client.get(`/users?q=${encodeURIComponent(hookName)}`)).body.items.length, 0);
  assert.equal(p.author.kind, 'connector');
  assert.equal(p.title, 'Alerte disque');
  assert.match(p.body_html, /<strong>\/var<\/strong>/);
  assert.ok(!/<script/i.test(p.body_html), 'safe HTML');
  const t = await c.request('POST', path, undefined, { raw: 'Sauvegarde terminée ✔', headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  assert.equal(t.status, 201, t.text);
  assert.equal((await hugo.client.get(`/posts/${t.body.id}`)).body.body, 'Sauvegarde terminée ✔');
  const feed = await hugo.client.get(`/groups/${g.id}/posts`);
  assert.ok(feed.body.items.some((x) => x.id === t.body.id));

  assert.equal((await c.post(path, { text: '   ' })).status, 400);
  assert.equal((await c.post(path, { title: 'sans texte' })).status, 400);
  assert.equal((await c.request('POST', path, undefined, { raw: '<a/>', headers: { 'Content-Type': 'application/xml' } })).status, 415);
  const big = await c.post(path, { text: 'x'.repeat(20001) });
  assert.ok(big.status === 400 || big.status === 413, String(big.status));

  const list = await gina.client.get(`/groups/${g.id}/webhooks/incoming`);
  assert.equal(list.body.items.length, 1);
  assert.equal(list.body.items[0].posts, 2);
  assert.ok(!list.text.includes(path.slice(-43)), 'the secret is not listed');
  assert.equal((await hugo.client.get(`/groups/${g.id}/webhooks/incoming`)).status, 403);

  assert.equal((await gina.client.del(`/groups/${g.id}/webhooks/incoming/${mk.body.id}`)).status, 204);
  const gone = await c.post(path, { text: 'encore' });
  assert.equal(gone.status, 404);
  // its posts stay, under its name
  assert.equal((await hugo.client.get(`/posts/${j.body.id}`)).body.author.display_name, hookName);
  assert.equal((await c.post(`/hooks/in/${'B'.repeat(43)}`, { text: 'x' })).status, 404);

  // nginx counts the posts per address: a flood is refused
  const codes = await Promise.all(Array.from({ length: 40 }, () => c.post(path, { text: 'x' })));
  assert.ok(codes.some((r) => r.status === 429), codes.map((r) => r.status).join(','));
});
