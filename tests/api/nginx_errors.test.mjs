// nginx's own refusals (a request it cannot parse, a path too long, a
// range outside a file...) are the API's JSON errors in the asker's
// language, not nginx's HTML pages; and Strict-Transport-Security is sent
// when, and only when, people come over https.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adminClient, newUser, unique, Client, scratch } from './client.mjs';
import { rawRequest, send, timedGet } from './raw.mjs';

// French and English told apart by their small words
const FR = /\b(la|le|les|de|du|des|est|cette|une?|pas)\b/i;
const EN = /\b(the|is|are|this|too|not|does)\b/i;

function assertJsonError(a, status, code, lang, what) {
  assert.equal(a.status, status, `${what}: status ${a.statusLine}, body ${a.text.slice(0, 200)}`);
  assert.match(a.headers['content-type'] ?? '', /^application\/json/, `${what}: JSON, not ${a.headers['content-type']} (${a.text.slice(0, 80)})`);
  assert.ok(a.body && a.body.error, `${what}: the API's error body, got ${a.text.slice(0, 200)}`);
  assert.equal(a.body.error.code, code, what);
  assert.ok(a.body.error.message.length > 5, `${what}: a message`);
  const m = a.body.error.message;
  if (lang === 'fr') assert.ok(FR.test(m) && !EN.test(m), `${what}: French by default (${m})`);
  else assert.ok(EN.test(m) && !FR.test(m), `${what}: English when asked (${m})`);
  assert.match(a.headers['x-content-type-options'] ?? '', /^nosniff/, `${what}: the security headers`);
}

const req = (s) => Buffer.from(s, 'latin1');

test("nginx's refusals of requests it cannot read are JSON errors, French by default, English when asked", async () => {
  const cases = [
    // [what, bytes, status, code, lang]
    ['a NUL byte in the path', req('GET /api/v1/me\0 HTTP/1.1\r\nHost: x\r\n\r\n'), 400, 'bad_request', 'fr'],
    ['%00 in the path', req('GET /api/v1/groups/%00 HTTP/1.1\r\nHost: x\r\n\r\n'), 400, 'bad_request', 'fr'],
    ['a control byte in the path', req('GET /api/v1/\x01me HTTP/1.1\r\nHost: x\r\n\r\n'), 400, 'bad_request', 'fr'],
    ['bytes that are not HTTP', req('\xff\xfe\x00\x01 garbage\r\n\r\n'), 400, 'bad_request', 'fr'],
    ['a lowercase method', req('get /api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n'), 400, 'bad_request', 'fr'],
    ['a NUL byte in a header', req('GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\nX-Note: a\0b\r\n\r\n'), 400, 'bad_request', 'en'],
    ['a NUL byte in a header (French)', req('GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Note: a\0b\r\n\r\n'), 400, 'bad_request', 'fr'],
    ['a path of 20,000 characters', req(`GET /api/v1/${'a'.repeat(20000)} HTTP/1.1\r\nHost: x\r\n\r\n`), 414, 'uri_too_long', 'fr'],
    ['a cookie of 20,000 characters', req(`GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\nCookie: a=${'b'.repeat(20000)}\r\n\r\n`), 400, 'bad_request', 'en'],
    ['an unknown transfer coding', req('POST /api/v1/groups HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\nTransfer-Encoding: gzip\r\n\r\n'), 501, 'not_implemented', 'en'],
    ['HTTP/3.0 in plain text', req('GET /api/v1/me HTTP/3.0\r\nHost: x\r\n\r\n'), 505, 'http_version', 'fr'],
    ['a body over 1 MiB', req(`POST /api/v1/groups HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\nContent-Type: application/json\r\nContent-Length: ${2 << 20}\r\n\r\n`), 413, 'too_large', 'en'],
    ["nginx's internal locations", req('GET /_blobs/00/00/x HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\n\r\n'), 404, 'not_found', 'en'],
  ];
  for (const [what, bytes, status, code, lang] of cases) {
    assertJsonError(await rawRequest(bytes), status, code, lang, what);
  }
});

test('a range outside a drive file is a JSON 416 in the asker\'s language', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const root = (await alice.client.get('/drive')).body.root_folder_id;
  const up = await alice.client.request('PUT', `/folders/${root}/files/${unique('range')}.txt`, undefined, { raw: 'seven b' });
  assert.equal(up.status, 201, up.text);
  for (const lang of ['fr', 'en']) {
    const c = new Client({ lang });
    c.cookies = alice.client.cookies;
    const r = await c.get(`/files/${up.body.id}/content`, { headers: { Range: 'bytes=1000-2000' } });
    assertJsonError({ ...r, statusLine: String(r.status), headers: r.headers }, 416, 'range_not_satisfiable', lang, `range (${lang})`);
  }
});

// A second, private stack whose public_url is https (nginx itself still
// listens in plain text: TLS is ended in front of it).
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
function startStack(env) {
  const dir = scratch('https');
  const build = resolve(ROOT, process.env.PARVIS_BUILD ?? 'build/test');
  execFileSync(`${ROOT}/tests/stack.sh`, ['start', dir, build], { env: { ...process.env, ...env }, stdio: 'pipe' });
  const vars = Object.fromEntries(readFileSync(`${dir}/env`, 'utf8').trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return {
    vars,
    stop() {
      try { execFileSync(`${ROOT}/tests/stack.sh`, ['stop', dir], { env: { ...process.env, PARVIS_VAR: `${dir}/var` }, stdio: 'pipe' }); } finally { rmSync(dir, { recursive: true, force: true }); }
    },
  };
}

test('Strict-Transport-Security for a year on every answer when public_url is https, never over plain http', async (t) => {
  // this stack: http
  for (const path of ['/', '/api/v1/health', '/api/v1/nowhere', '/js/main.js']) {
    const r = await timedGet(path);
    assert.equal(r.headers['strict-transport-security'], undefined, `no HSTS over http on ${path}`);
  }
  const https = startStack({ PARVIS_PUBLIC_URL: 'https://intranet.example.org' });
  t.after(() => https.stop());
  const base = https.vars.PARVIS_URL;
  const hsts = (r, what) => {
    const v = r.headers['strict-transport-security'];
    assert.ok(v, `${what}: Strict-Transport-Security sent (status ${r.status})`);
    const age = Number((v.match(/max-age=(\d+)/) ?? [])[1]);
    assert.ok(age >= 31536000, `${what}: max-age of a year at least (${v})`);
  };
  hsts(await send('GET', '/', { base }), 'the application');
  hsts(await send('GET', '/api/v1/health', { base }), 'an API answer');
  hsts(await send('GET', '/api/v1/nowhere', { base }), "a worker's error");
  const long = await rawRequest(req(`GET /api/v1/${'a'.repeat(20000)} HTTP/1.1\r\nHost: x\r\n\r\n`), { port: Number(new URL(base).port) });
  assert.equal(long.status, 414);
  hsts(long, "nginx's own error");
  // a drive file, sent by nginx from its internal location
  const signIn = await send('POST', '/api/v1/session', {
    base, headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: https.vars.PARVIS_ADMIN_EMAIL, password: https.vars.PARVIS_ADMIN_PASSWORD }),
  });
  assert.equal(signIn.status, 200, signIn.text);
  hsts(signIn, 'the sign-in');
  const Cookie = signIn.headers['set-cookie'].map((c) => c.split(';')[0]).join('; ');
  assert.match(Cookie, /^__Host-parvis_session=/, 'the https cookie');
  const root = (await send('GET', '/api/v1/drive', { base, headers: { Cookie } })).body.root_folder_id;
  const up = await send('PUT', `/api/v1/folders/${root}/files/note.txt`, {
    base, headers: { Cookie, 'X-CSRF-Token': signIn.body.csrf_token }, body: 'hello',
  });
  assert.equal(up.status, 201, up.text);
  const file = await send('GET', `/api/v1/files/${up.body.id}/content`, { base, headers: { Cookie } });
  assert.equal(file.text, 'hello');
  hsts(file, 'a drive file');
});
