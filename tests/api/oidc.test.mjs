// Single sign-on with OpenID Connect (docs/sso.md), against a real OpenID
// provider: the npm package oidc-provider started on a free port by
// oidc_provider.mjs. The browser's round trip is driven with plain HTTP
// requests following the redirects with a cookie jar.
//
// The forged, unsigned and expired ID tokens: the provider's own token
// endpoint answers, and the harness's `forge` hook rewrites the ID token
// of that answer before it leaves (re-signed with the provider's real key
// for a wrong aud or an old exp; signed with another key, or not at all,
// or with HMAC keyed by the public key, for the others). The discovery
// document and the key set stay the real provider's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, ADMIN, Client, adminClient, newUser, sql, unique, eventually, VAR } from './client.mjs';
import { readZip } from './zip.mjs';
import { startProvider, signIn, CLIENTS, decode, signJwt, hmacJwt, rsaKey } from './oidc_provider.mjs';
import { readFileSync, existsSync } from 'node:fs';

let admin, op;
const REDIRECT = new URL('/api/v1/auth/oidc/callback', BASE).href;

// a person of the provider: their claims, under a fresh subject
function person(claims = {}) {
  const sub = unique('sub-');
  const email = `${unique('sso')}@example.org`;
  op.accounts.set(sub, { email, email_verified: true, name: 'Camille Durand', department: 'Direction RH', site: 'Lyon', ...claims });
  return { sub, email: claims.email ?? email };
}

async function configure(extra = {}) {
  const c = extra.client ?? CLIENTS.rs;
  delete extra.client;
  const r = await admin.put('/admin/sso', {
    enabled: true, label: 'ProConnect test', issuer: op.issuer, client_id: c.client_id, client_secret: c.client_secret,
    client_auth: c.auth, scopes: 'openid email profile org',
    claims_mapping: { email: 'email', name: 'name', department: 'department', site: 'site' },
    create_accounts: true, match_email: true, userinfo: 'none', acr_values: '', claims: '', logout: false, ...extra,
  });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

// signs `sub` in; returns the callback's answer and a Client holding the session
async function as(sub, opts) {
  op.use(sub);
  const jar = new Map();
  const res = await signIn(BASE, jar, opts);
  const client = new Client({ lang: 'en' });
  for (const [k, v] of jar) if (k.startsWith('parvis_')) client.cookies.set(k, v);
  return { res, client, jar };
}

function refusedWith(res, status, code, words) {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers.get('content-type'), /text\/html/);
  assert.match(res.text, new RegExp(`data-error="${code}"`));
  assert.match(res.text, words);
}

before(async () => {
  admin = await adminClient();
  op = await startProvider({ redirectUri: REDIRECT, postLogoutUri: new URL('/', BASE).href });
});

after(async () => {
  // the stack is shared with the other files: SSO off, passwords on
  await admin?.put('/admin/sso', { passwords_off: false, enabled: false, logout: false, breakglass_email: '' });
  await op?.stop();
});

test('settings: administrators only, the secret never shown; the sign-in page learns of the button', async () => {
  const anon = new Client();
  let r = await anon.get('/auth/methods');
  assert.deepEqual(r.body, { passwords: true, oidc: null });
  const u = await newUser(admin);
  assert.equal((await u.client.get('/admin/sso')).status, 403);
  assert.equal((await u.client.put('/admin/sso', { enabled: false })).status, 403);
  assert.equal((await admin.put('/admin/sso', { issuer: 'ftp://x' })).status, 400);
  assert.equal((await admin.put('/admin/sso', { claims: '[1]' })).status, 400);
  assert.equal((await admin.put('/admin/sso', { scopes: 'email profile' })).status, 400);
  const s = await configure();
  assert.equal(s.client_secret_set, true);
  assert.ok(!JSON.stringify(s).includes(CLIENTS.rs.client_secret));
  assert.equal(s.redirect_uri, REDIRECT);
  // stored sealed, not as typed
  assert.ok(!sql("SELECT v FROM settings WHERE k = 'oidc_client_secret'").includes(CLIENTS.rs.client_secret));
  r = await anon.get('/auth/methods');
  assert.deepEqual(r.body, { passwords: true, oidc: { label: 'ProConnect test', login_url: '/api/v1/auth/oidc/login' } });
});

test('login: a redirect to the provider with the code flow, PKCE S256, state and nonce', async () => {
  const r = await fetch(new URL('/api/v1/auth/oidc/login', BASE), { redirect: 'manual' });
  assert.equal(r.status, 302);
  const to = new URL(r.headers.get('location'));
  assert.equal(to.origin, op.issuer);
  const q = to.searchParams;
  assert.equal(q.get('response_type'), 'code');
  assert.equal(q.get('client_id'), CLIENTS.rs.client_id);
  assert.equal(q.get('redirect_uri'), REDIRECT);
  assert.equal(q.get('code_challenge_method'), 'S256');
  assert.match(q.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
  assert.match(q.get('state'), /^[A-Za-z0-9_-]{43}$/);
  assert.match(q.get('nonce'), /^[A-Za-z0-9_-]{43}$/);
  assert.match(r.headers.get('set-cookie'), /parvis_oidc_state=.*HttpOnly; SameSite=Lax/);
});

test('a first sign-in creates the account with its department and site; a second finds it', async () => {
  const p = person();
  const { res, client } = await as(p.sub);
  assert.equal(res.status, 302, res.text);
  assert.equal(new URL(res.location).pathname, '/');
  const me = await client.get('/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.user.email, p.email);
  assert.equal(me.body.user.display_name, 'Camille Durand');
  const id = me.body.user.id;
  // the same session as a password sign-in: a CSRF token that works
  client.csrf = me.body.csrf_token;
  assert.equal((await client.put('/me/notification-settings', { email: {} })).status < 300, true);
  assert.equal(sql(`SELECT CONCAT(department, '|', site) FROM users WHERE id = ${id}`).trim(), 'Direction RH|Lyon');
  assert.equal(sql(`SELECT subject FROM oidc_identities WHERE user_id = ${id}`).trim(), p.sub);
  assert.match(sql(`SELECT detail FROM audit_log WHERE action = 'session.signin' AND target_id = ${id}`), /^oidc address=/);
  // the second: the same account, the profile following the directory
  op.accounts.get(p.sub).site = 'Marseille';
  const again = await as(p.sub);
  assert.equal(again.res.status, 302, again.res.text);
  assert.equal((await again.client.get('/me')).body.user.id, id);
  assert.equal(sql(`SELECT COUNT(*) FROM users WHERE email = '${p.email}'`).trim(), '1');
  assert.equal(sql(`SELECT site FROM users WHERE id = ${id}`).trim(), 'Marseille');
  // GDPR: the subject kept is in the person's own data export
  const c2 = again.client;
  c2.csrf = (await c2.get('/me')).body.csrf_token;
  assert.equal((await c2.post('/me/export')).status, 202);
  const ready = await eventually(async () => {
    const st = (await c2.get('/me/export')).body;
    return st.state === 'ready' && st;
  }, 30000, 'the export ready');
  const zip = readZip((await c2.get(ready.url)).bytes);
  assert.deepEqual(JSON.parse(zip.get('sso_identities.json').toString('utf8')).map((x) => [x.issuer, x.subject]),
                   [[op.issuer, p.sub]]);
});

test('an existing account is matched by e-mail only when the settings allow it', async () => {
  const local = await newUser(admin, { signIn: false });
  const p = person({ email: local.email });
  await configure({ match_email: false });
  const { res } = await as(p.sub);
  refusedWith(res, 403, 'email_taken', new RegExp(`account with the address ${local.email} exists`));
  await configure({ create_accounts: false });
  const stranger = person();
  refusedWith((await as(stranger.sub)).res, 403, 'no_account', /No account exists/);
  const ok = await as(p.sub);
  assert.equal(ok.res.status, 302, ok.res.text);
  assert.equal((await ok.client.get('/me')).body.user.id, local.id);
  await configure();
});

test('a disabled account is refused', async () => {
  const p = person();
  const first = await as(p.sub);
  const id = (await first.client.get('/me')).body.user.id;
  assert.equal((await admin.patch(`/users/${id}`, { status: 'disabled' })).status, 200);
  refusedWith((await as(p.sub)).res, 403, 'account_disabled', /This account is disabled/);
  assert.match(sql(`SELECT detail FROM audit_log WHERE action = 'session.signin_refused' AND target_id = ${id}`), /oidc/);
});

test('a replayed state is refused, and so is a state from another browser', async () => {
  const p = person();
  op.use(p.sub);
  const jar = new Map();
  const { callbackUrl } = await signIn(BASE, jar, { stopBeforeCallback: true });
  const cookie = `parvis_oidc_state=${jar.get('parvis_oidc_state')}`;
  const call = (c) => fetch(callbackUrl, { redirect: 'manual', headers: { Cookie: c, 'Accept-Language': 'en' } });
  // another browser (no state cookie): refused, and the state stays usable
  let r = await call('');
  assert.equal(r.status, 400);
  r = await call(cookie);
  assert.equal(r.status, 302, await r.text());
  r = await call(cookie);
  const text = await r.text();
  assert.equal(r.status, 400);
  assert.match(text, /data-error="state_invalid"/);
  assert.match(text, /expired or was already used/);
  // an answer naming another issuer (RFC 9207: a mix-up) is refused before anything
  const other = new URL(callbackUrl);
  other.searchParams.set('iss', 'https://elsewhere.example');
  const mixed = await fetch(other, { redirect: 'manual', headers: { Cookie: cookie, 'Accept-Language': 'en' } });
  assert.equal(mixed.status, 401);
  assert.match(await mixed.text(), /does not come from the configured provider/);
  // in French for a French browser
  const fr = await fetch(callbackUrl, { redirect: 'manual', headers: { Cookie: cookie, 'Accept-Language': 'fr' } });
  assert.match(await fr.text(), /a expiré ou a déjà servi/);
});

test('forged, misdirected, expired and unsigned ID tokens are refused, each with its reason', async () => {
  const p = person();
  const now = Math.floor(Date.now() / 1000);
  const cases = [
    ['a forged signature (another key, the same kid)', (t) => {
      const { header, payload } = decode(t);
      return signJwt(header, payload, { ...rsaKey(header.kid) });
    }, /signature of the identity token is invalid/],
    ['a wrong aud', (t, keys) => {
      const { header, payload } = decode(t);
      return signJwt(header, { ...payload, aud: 'another-client' }, keys.rsa);
    }, /not meant for this platform/],
    ['an expired token', (t, keys) => {
      const { header, payload } = decode(t);
      return signJwt(header, { ...payload, iat: now - 7200, exp: now - 3600 }, keys.rsa);
    }, /has expired/],
    ['alg: none', (t) => {
      const { payload } = decode(t);
      return Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url') + '.'
        + Buffer.from(JSON.stringify(payload)).toString('base64url') + '.';
    }, /refused signature algorithm/],
    ['HS256 keyed with the public key', (t, keys) => {
      const { header, payload } = decode(t);
      return hmacJwt({ ...header, alg: 'HS256' }, payload, JSON.stringify({ kty: 'RSA', n: keys.rsa.n, e: keys.rsa.e }));
    }, /refused signature algorithm/],
  ];
  try {
    for (const [what, fn, words] of cases) {
      op.forge(fn);
      const { res, client } = await as(p.sub);
      refusedWith(res, 401, 'token_refused', words);
      assert.equal((await client.get('/me')).status, 401, what);
    }
  } finally {
    op.forge(null);
  }
  // the logs say why
  const log = existsSync(`${VAR}/log/fcgi.log`) ? readFileSync(`${VAR}/log/fcgi.log`, 'utf8') : '';
  if (log) assert.match(log, /oidc sign-in refused \(token_refused\): ID token: bad signature/);
  assert.equal((await as(p.sub)).res.status, 302);
});

test('after the provider rotates its keys, the new key is fetched and accepted', async () => {
  const p = person();
  assert.equal((await as(p.sub)).res.status, 302);
  const old = op.keys.rsa.kid;
  const refetches = () => readFileSync(`${VAR}/log/fcgi.log`, 'utf8').split('again for an unknown kid').length - 1;
  const before = refetches();
  op.rotate();
  assert.notEqual(op.keys.rsa.kid, old);
  const { res, client } = await as(p.sub);
  assert.equal(res.status, 302, res.text);
  assert.equal((await client.get('/me')).status, 200);
  // a worker that held the old key set read it again for the unknown kid
  // (every sign-in succeeding meanwhile)
  const logged = () => refetches() > before;
  await eventually(async () => {
    if (logged()) return true;
    assert.equal((await as(p.sub)).res.status, 302);
    return logged();
  }, 20000, 'a key set fetched again for an unknown kid');
});

test('ES256, client_secret_post, a signed userinfo, acr_values and a claims request (ProConnect)', async () => {
  const claims = JSON.stringify({ id_token: { acr: { essential: true } } });
  await configure({ client: CLIENTS.es, userinfo: 'jwt', acr_values: 'eidas1', claims,
                    claims_mapping: { email: 'email', name: 'given_name family_name', department: 'department', site: 'site' } });
  const p = person({ given_name: 'Aïcha', family_name: 'Benali', name: undefined, site: 'Nantes' });
  const { res, client } = await as(p.sub);
  assert.equal(res.status, 302, res.text);
  assert.equal(op.lastAuthorization.acr_values, 'eidas1');
  assert.equal(op.lastAuthorization.claims, claims);
  const me = (await client.get('/me')).body.user;
  assert.equal(me.display_name, 'Aïcha Benali');
  await configure();
});

test('passwords off but for the break-glass administrator; sign-out at the provider', async () => {
  const local = await newUser(admin);
  assert.equal((await admin.put('/admin/sso', { passwords_off: true, breakglass_email: local.email })).status, 400);
  let r = await admin.put('/admin/sso', { passwords_off: true, breakglass_email: ADMIN.email, logout: true });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual((await new Client().get('/auth/methods')).body.passwords, false);
  const c = new Client({ lang: 'en' });
  r = await c.login(local.email, local.password);
  assert.equal(r.status, 403);
  assert.equal(r.body.error.code, 'passwords_off');
  assert.match(r.body.error.message, /Sign in with ProConnect test/);
  r = await c.post('/password-reset', { email: local.email });
  assert.equal(r.status, 403);
  // the session they had keeps working, but its password cannot change
  local.client.lang = 'en';
  r = await local.client.put('/me/password', { current: local.password, new: 'another long passphrase 42' });
  assert.equal(r.status, 403);
  assert.equal(r.body.error.code, 'passwords_off');
  // the break-glass administrator still signs in with a password
  assert.equal((await new Client().login(ADMIN.email, ADMIN.password)).status, 200);
  // RP-initiated logout: the session ends here, and the provider's address comes back
  const p = person();
  const { client } = await as(p.sub);
  const me = await client.get('/me');
  client.csrf = me.body.csrf_token;
  r = await client.post('/auth/oidc/logout', {});
  assert.equal(r.status, 200, r.text);
  const out = new URL(r.body.logout_url);
  assert.equal(out.origin + out.pathname, op.issuer + '/session/end');
  assert.equal(decode(out.searchParams.get('id_token_hint')).payload.sub, p.sub);
  assert.equal(out.searchParams.get('post_logout_redirect_uri'), new URL('/', BASE).href);
  assert.equal((await client.get('/me')).status, 401);
});
