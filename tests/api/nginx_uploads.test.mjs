// An upload must declare its size: nginx asks a worker about the size and
// the quota before it reads the body, which it cannot do for a body sent
// in chunks without a Content-Length. Such an upload is refused at once
// (411), before nginx writes its body to disk, and nothing is stored.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { BASE, VAR, adminClient, newUser, unique } from './client.mjs';
import { cookieHeader } from './raw.mjs';

// Bytes in nginx's temporary body files right now.
function bodyBytes(dir = `${VAR}/nginx/body`) {
  let n = 0;
  let entries;
  try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return 0; }
  for (const e of entries) {
    const p = `${dir}/${e.name}`;
    try { n += e.isDirectory() ? bodyBytes(p) : statSync(p).size; } catch { /* gone meanwhile */ }
  }
  return n;
}
const blobCount = () => (existsSync(`${VAR}/blobs`)
  ? execFileSync('find', [`${VAR}/blobs`, '-type', 'f']).toString().trim().split('\n').filter(Boolean).length : 0);

// PUTs `total` bytes in chunks (Transfer-Encoding: chunked, no length),
// looking at nginx's body directory before each chunk; stops sending when
// the answer comes. {status, body, sent, maxOnDisk}.
function chunkedUpload(who, folder, name, { total, chunk = 256 << 10, lang = 'fr' }) {
  return new Promise((resolve, reject) => {
    const url = new URL(`/api/v1/folders/${folder}/files/${encodeURIComponent(name)}`, BASE);
    const rq = http.request(url, {
      method: 'PUT', agent: false,
      headers: { 'Accept-Language': lang, Cookie: cookieHeader(who), 'X-CSRF-Token': who.csrf, 'Transfer-Encoding': 'chunked' },
    });
    let sent = 0, maxOnDisk = 0, answered = false;
    const block = Buffer.alloc(chunk, 0x5a);
    const pump = () => {
      while (!answered && sent < total) {
        maxOnDisk = Math.max(maxOnDisk, bodyBytes());
        sent += chunk;
        if (!rq.write(block)) { rq.once('drain', pump); return; }
      }
      if (!answered) rq.end();
    };
    rq.on('response', (res) => {
      answered = true;
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => {
        maxOnDisk = Math.max(maxOnDisk, bodyBytes());
        const text = Buffer.concat(parts).toString();
        let body;
        try { body = JSON.parse(text); } catch { body = text; }
        rq.destroy();
        resolve({ status: res.statusCode, headers: res.headers, body, sent, maxOnDisk });
      });
    });
    rq.on('error', (e) => { if (!answered) reject(e); });
    pump();
  });
}

test('an upload sent in chunks without a length is refused with 411 before nginx writes its body, and nothing is stored', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin);
  const root = (await alice.client.get('/drive')).body.root_folder_id;
  const blobsBefore = blobCount();
  const total = 64 << 20;
  for (const [lang, words] of [['fr', /Content-Length/], ['en', /Content-Length/]]) {
    const name = `${unique('chunked')}.bin`;
    const r = await chunkedUpload(alice.client, root, name, { total, lang });
    assert.equal(r.status, 411, `a chunked upload without a length is refused (got ${r.status}: ${JSON.stringify(r.body).slice(0, 200)}, after ${r.sent} bytes sent)`);
    assert.ok(r.maxOnDisk < 256 << 10,
      `nginx wrote at most a trivial amount of the body to disk before refusing (${r.maxOnDisk} bytes seen in var/nginx/body)`);
    assert.equal(r.body.error.code, 'length_required');
    assert.match(r.body.error.message, words);
    assert.match(r.body.error.message, lang === 'fr' ? /taille/ : /size/, `the message in ${lang}`);
    // nothing stored: not listed, no blob
    const list = await alice.client.get(`/folders/${root}`);
    assert.ok(!list.body.files.some((f) => f.name === name), `${name} is not in the folder`);
  }
  assert.equal(blobCount(), blobsBefore, 'no blob stored');
  assert.equal(bodyBytes(), 0, 'no body left in var/nginx/body');
  // the same bytes with their length are accepted as before
  const ok = await alice.client.request('PUT', `/folders/${root}/files/${unique('sized')}.bin`, undefined, { raw: Buffer.alloc(1 << 20, 0x5a) });
  assert.equal(ok.status, 201, ok.text);
});
