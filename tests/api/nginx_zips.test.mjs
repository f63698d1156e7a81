// Folder zips do not tie up the request workers: nginx keeps a zip in its
// temporary files as a worker makes it, so the worker is free however
// slowly the zip is then read, and only half the workers make zips at
// once (one more is told to try again, 429). A person downloads two
// folders at once at most. Every zip still arrives whole.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { BASE, adminClient, newUser, unique, eventually, sleep, scratch } from './client.mjs';
import { cookieHeader, timedGet } from './raw.mjs';

const FILES = 8;
const SIZE = 16 << 20;

// A PNG head (libmagic types it image/png: the indexer has no text to
// read) and random bytes.
function content() {
  const b = randomBytes(SIZE);
  Buffer.from('89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61', 'hex').copy(b);
  return b;
}

let setup;
async function folder() {
  if (setup) return setup;
  const admin = await adminClient();
  const g = await admin.post('/groups', { name: unique('Zips'), visibility: 'public', posting: 'members' });
  assert.equal(g.status, 201, g.text);
  const root = (await admin.get(`/groups/${g.body.id}/drive`)).body.root_folder_id;
  const f = await admin.post('/folders', { parent_id: root, name: 'Archives' });
  assert.equal(f.status, 201, f.text);
  const bytes = content();
  for (let i = 0; i < FILES; i++) {
    const r = await admin.request('PUT', `/folders/${f.body.id}/files/scan-${i}.png`, undefined, { raw: bytes });
    assert.equal(r.status, 201, r.text);
  }
  const whole = createHash('sha256');
  for (let i = 0; i < FILES; i++) whole.update(bytes);
  setup = { admin, id: f.body.id, names: [...Array(FILES).keys()].map((i) => `scan-${i}.png`), sha: whole.digest('hex') };
  return setup;
}

// A download of the folder's zip into a file, read slowly (a pause after
// each piece) until go() is called. `status` once the head is in;
// `done` resolves when the zip is whole (or the connection ends).
function download(who, id, path) {
  const d = { status: 0, bytes: 0, slow: true };
  d.head = new Promise((headResolve, headReject) => {
    d.done = new Promise((resolve, reject) => {
      const rq = http.get(new URL(`/api/v1/folders/${id}/zip`, BASE), { agent: false, headers: { Cookie: cookieHeader(who) } }, (res) => {
        d.status = res.statusCode;
        d.headers = res.headers;
        d.res = res;
        if (res.statusCode !== 200) {
          const parts = [];
          res.on('data', (c) => parts.push(c));
          res.on('end', () => { d.body = JSON.parse(Buffer.concat(parts).toString()); headResolve(d); resolve(d); });
          return;
        }
        headResolve(d);
        const out = createWriteStream(path);
        res.on('data', (c) => {
          d.bytes += c.length;
          out.write(c);
          if (d.slow) { res.pause(); setTimeout(() => res.resume(), 250); }   // a slow reader's pace
        });
        res.on('end', () => out.end(() => resolve(d)));
        res.on('error', reject);
      });
      rq.on('error', (e) => { headReject(e); reject(e); });
      d.abort = () => rq.destroy();
    });
  });
  d.go = () => { d.slow = false; if (d.res) d.res.resume(); };
  return d;
}

// The zip's names and the bytes of its files, in order.
function assertWhole(path, f, what) {
  const names = execFileSync('bsdtar', ['-tf', path], { encoding: 'utf8' }).trim().split('\n');
  assert.deepEqual(names, f.names, `${what}: every file in the zip`);
  const sha = createHash('sha256').update(execFileSync('bsdtar', ['-xOf', path], { maxBuffer: FILES * SIZE + (1 << 20) })).digest('hex');
  assert.equal(sha, f.sha, `${what}: the files' bytes whole`);
}

function assertBusy(d, what) {
  assert.equal(d.status, 429, `${what}: 200 or 429, got ${d.status} ${JSON.stringify(d.body)}`);
  assert.equal(d.body.error.code, 'rate_limited');
  assert.ok(Number(d.headers['retry-after']) > 0, `${what}: Retry-After`);
}

test('four people read a large folder\'s zip slowly: GET /me still answers within 100 ms, and every zip arrives whole', async (t) => {
  const f = await folder();
  const tmp = scratch('zips');
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  const readers = [];
  for (let i = 0; i < 4; i++) readers.push((await newUser(f.admin)).client);
  const me = (await newUser(f.admin)).client;
  assert.equal((await me.get('/me')).status, 200);

  // each reader asks, and asks again after Retry-After when the zip places
  // are taken; its zip is read slowly until the measure is over
  let measuring = true;
  const fetchZip = async (who, k) => {
    for (let attempt = 0; ; attempt++) {
      const d = download(who, f.id, `${tmp}/${k}.zip`);
      await d.head;
      if (d.status === 200) {
        if (!measuring) d.go();
        return d;
      }
      assertBusy(d, `reader ${k}`);
      assert.ok(attempt < 60, `reader ${k} got its zip within 60 tries`);
      await sleep(Number(d.headers['retry-after']) * 1000); // lint-allow: sleep (as Retry-After says)
    }
  };
  const pending = readers.map((who, k) => fetchZip(who, k));
  // /me while the zips are asked for, made and read slowly
  const times = [];
  for (let i = 0; i < 25; i++) {
    const r = await timedGet('/api/v1/me', { headers: { Cookie: cookieHeader(me) }, ms: 30000 });
    assert.equal(r.status, 200);
    times.push(Math.round(r.ms));
    await sleep(40); // lint-allow: sleep (the probes' pace, not a condition)
  }
  measuring = false;
  t.diagnostic(`GET /me while the zips were read: ${times.join(', ')} ms`);
  const downloads = await Promise.all(pending);
  for (const d of downloads) d.go();
  assert.ok(times.every((ms) => ms < 100), `GET /me within 100 ms while four zips were made and read slowly: ${times.join(', ')} ms`);
  await Promise.all(downloads.map((d) => d.done));
  downloads.forEach((d, k) => assertWhole(`${tmp}/${k}.zip`, f, `reader ${k}`));
});

test('a person downloads two folders at once at most: a third is a JSON 429, others are not held back', async (t) => {
  const f = await folder();
  const tmp = scratch('zips');
  const open = [];
  t.after(() => { for (const d of open) d.abort(); rmSync(tmp, { recursive: true, force: true }); });
  const paul = (await newUser(f.admin)).client;
  const quentin = (await newUser(f.admin)).client;
  // two downloads by Paul, read slowly (the zip places taken for a moment
  // are asked again)
  const start = async (who, name) => {
    for (let attempt = 0; ; attempt++) {
      assert.ok(attempt < 20, `${name}: asked 20 times`);
      const d = download(who, f.id, `${tmp}/${name}.zip`);
      open.push(d);
      await d.head;
      if (d.status === 200) return d;
      assertBusy(d, name);
      if (/téléchargés à la fois/.test(d.body.error.message)) return d;
      await sleep(Number(d.headers['retry-after']) * 1000); // lint-allow: sleep (as Retry-After says)
    }
  };
  const first = await start(paul, 'p1');
  const second = await start(paul, 'p2');
  assert.equal(first.status, 200);
  assert.equal(second.status, 200);
  const third = await start(paul, 'p3');
  assertBusy(third, 'a third download by the same person');
  assert.match(third.body.error.message, /Trop de dossiers téléchargés à la fois/);
  // someone else downloads meanwhile
  const q = await start(quentin, 'q');
  assert.equal(q.status, 200, 'another person is not held back');
  q.go();
  await q.done;
  assertWhole(`${tmp}/q.zip`, f, "the other person's zip");
  // once Paul's downloads are over, he may download again
  first.go();
  second.go();
  await Promise.all([first.done, second.done]);
  assertWhole(`${tmp}/p1.zip`, f, "Paul's first zip");
  const again = await eventually(async () => {
    const d = await start(paul, 'p4');
    if (d.status === 200) return d;
    d.abort();
    return null;
  }, 20000, 'a new download by Paul once his two are over');
  again.go();
  await again.done;
  assertWhole(`${tmp}/p4.zip`, f, "Paul's next zip");
});
