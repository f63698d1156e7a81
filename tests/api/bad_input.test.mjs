// Every bad input gets its status and a clear message, and changes nothing.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, adminClient, unique } from './client.mjs';

const countUsers = async (admin, q) => (await admin.get(`/users?q=${encodeURIComponent(q)}`)).body.items.length;

function assertError(r, status, code, re) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.headers['content-type'], 'application/json');
  assert.equal(r.body.error.code, code);
  assert.equal(typeof r.body.error.message, 'string');
  if (re) assert.match(r.body.error.message, re);
}

test('malformed JSON, wrong types, missing and unknown fields: 400 and nothing created', async () => {
  const admin = await adminClient();
  const tag = unique('bad');
  const email = `${tag}@example.org`;
  const cases = [
    [{ raw: '{"email": ', headers: { 'Content-Type': 'application/json' } }, /JSON/],
    [{ raw: '[1,2]', headers: { 'Content-Type': 'application/json' } }, /objet JSON/],
    [{ raw: `{"email":"${email}","email":"x@y.z","display_name":"A"}`, headers: { 'Content-Type': 'application/json' } }, /JSON/],
    [{ body: { email: 5, display_name: 'A' } }, /« email » doit être un texte/],
    [{ body: { email, display_name: true } }, /display_name/],
    [{ body: { display_name: 'A' } }, /« email » est obligatoire/],
    [{ body: { email, display_name: 'A', admin: true } }, /« admin » n'est pas connu/],
    [{ body: { email, display_name: 'A', role: 'root' } }, /user, admin/],
    [{ body: { email: 'not-an-address', display_name: 'A' } }, /adresse e-mail/],
    [{ body: { email, display_name: '   ' } }, /vide/],
    [{ body: { email, display_name: 'x'.repeat(101) } }, /100 caractères/],
    [{ body: { email, display_name: 'A\u0007B' } }, /contrôle/],
    [{ body: { email, display_name: 'A', password: 'short' } }, /12 caractères/],
  ];
  for (const [c, re] of cases) {
    const r = await admin.request('POST', '/users', c.body, { raw: c.raw, headers: c.headers });
    assertError(r, 400, 'bad_request', re);
  }
  assert.equal(await countUsers(admin, tag), 0);
});

test('invalid UTF-8 in a body or a query string: 400', async () => {
  const admin = await adminClient();
  const raw = Buffer.concat([Buffer.from('{"email":"a@b.fr","display_name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
  assertError(await admin.request('POST', '/users', undefined, { raw, headers: { 'Content-Type': 'application/json' } }), 400, 'bad_request');
  assertError(await admin.get('/users?q=%ff%fe'), 400, 'bad_request', /mal encodés/);
  assertError(await admin.get('/users?q=%zz'), 400, 'bad_request');
});

test('a body that is not JSON is refused with 415 (no cross-site form posts)', async () => {
  const admin = await adminClient();
  const r = await admin.request('POST', '/users', undefined, { raw: 'email=a@b.fr', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assertError(r, 415, 'unsupported_media_type');
  const s = await new Client().request('POST', '/session', undefined, { raw: 'email=a&password=b', headers: { 'Content-Type': 'text/plain' } });
  assertError(s, 415, 'unsupported_media_type');
});

test('over-long values and bodies: 400 with the limit, 413 beyond the body limits', async () => {
  const admin = await adminClient();
  assertError(await admin.get('/users?q=' + 'a'.repeat(101)), 400, 'bad_request', /100/);
  assertError(await admin.get('/users?limit=0'), 400, 'bad_request', /1 et 100/);
  assertError(await admin.get('/users?limit=abc'), 400, 'bad_request');
  assertError(await admin.get('/users?cursor=%21%21'), 400, 'bad_request', /curseur/);
  const mid = JSON.stringify({ email: 'big@example.org', display_name: 'x'.repeat(300 * 1024) });
  assertError(await admin.request('POST', '/users', undefined, { raw: mid, headers: { 'Content-Type': 'application/json' } }), 413, 'too_large', /256 Kio/);
  const huge = JSON.stringify({ email: 'big@example.org', display_name: 'x'.repeat(2 * 1024 * 1024) });
  const r = await admin.request('POST', '/users', undefined, { raw: huge, headers: { 'Content-Type': 'application/json' } });
  assertError(r, 413, 'too_large', /1 Mio/);
  assert.equal(await countUsers(admin, 'big@example.org'), 0);
});

test('unknown routes are 404 JSON, wrong methods 405 with Allow', async () => {
  const c = new Client({ lang: 'en' });
  assertError(await c.get('/nothing-here'), 404, 'not_found', /Unknown address/);
  assertError(await c.get('/users/abc'), 404, 'not_found');
  assertError(await c.get('/users/0'), 404, 'not_found');
  assertError(await c.get('/api/v2/health'), 404, 'not_found');
  const r = await c.request('PUT', '/health', {});
  assertError(r, 405, 'method_not_allowed', /Method PUT is not allowed/);
  assert.equal(r.headers.allow, 'GET');
  const s = await c.request('GET', '/session');
  assert.equal(s.status, 405);
  assert.equal(s.headers.allow, 'POST, DELETE');
});

test('messages follow Accept-Language: French by default, English when asked', async () => {
  const fr = await new Client({ lang: 'de-DE,fr;q=0.8' }).get('/me');
  assert.equal(fr.body.error.message, 'Vous devez vous connecter.');
  const en = await new Client({ lang: 'en-GB,en;q=0.9' }).get('/me');
  assert.equal(en.body.error.message, 'You need to sign in.');
});

test('SQL and HTML metacharacters in names are stored and returned verbatim', async () => {
  const admin = await adminClient();
  const name = `Robert'); DROP TABLE users;-- <script>alert("x")</script> & \\ % _ ${unique()}`;
  const email = `${unique('meta')}@example.org`;
  const r = await admin.post('/users', { email, display_name: name });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.display_name, name);
  const g = await admin.get(`/users/${r.body.id}`);
  assert.equal(g.body.display_name, name);
  const list = await admin.get(`/users?q=${encodeURIComponent("'); DROP")}`);
  assert.ok(list.body.items.some((u) => u.id === r.body.id), 'found with the metacharacters as text');
  const pct = await admin.get(`/users?q=${encodeURIComponent('%')}`);
  assert.ok(pct.body.items.every((u) => u.display_name.includes('%') || u.email.includes('%')), '% is matched literally');
});
