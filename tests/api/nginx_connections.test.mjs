// Slow clients must not stall the platform: one address holding thousands
// of slow connections (request heads sent a line at a time, never ended)
// does not keep others from being answered, and the requests one address
// may have in progress at once are limited (429, the API's JSON).
// Other loopback addresses play other machines.
import test from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { eventually } from './client.mjs';
import { PORT, rawRequest, timedGet, nginxSetting } from './raw.mjs';

// Keeps `count` connections from `localAddress` open, each sending a
// request head one line every second and never ending it (slowloris); a
// connection the server closes is opened again. stop() closes them all.
function holdSlowConnections(localAddress, count) {
  const state = { open: 0, settled: 0, opened: 0, stopped: false, sockets: new Set() };
  const one = (first) => {
    if (state.stopped) return;
    const s = net.connect({ port: PORT, host: '127.0.0.1', localAddress });
    state.sockets.add(s);
    state.opened++;
    let timer = null, settled = false;
    const settle = () => { if (first && !settled) { settled = true; state.settled++; } };
    s.on('connect', () => {
      state.open++;
      settle();
      s.write('GET /api/v1/health HTTP/1.1\r\nHost: x\r\n');
      let n = 0;
      timer = setInterval(() => s.write(`X-Slow-${n++}: ${'a'.repeat(10)}\r\n`), 1000);
    });
    s.on('error', () => {});
    s.on('close', (hadError) => {
      if (timer) { clearInterval(timer); state.open--; }
      settle();
      state.sockets.delete(s);
      void hadError;
      // the holder opens another in its place, at a pace, as a client would
      if (!state.stopped) setTimeout(() => one(false), 100);
    });
  };
  for (let i = 0; i < count; i++) one(true);
  state.stop = () => {
    state.stopped = true;
    for (const s of state.sockets) s.destroy();
  };
  return state;
}

test('one address holding 3,000 slow connections: the others are still answered at once', async (t) => {
  const COUNT = 3000;
  const holder = holdSlowConnections('127.0.0.50', COUNT);
  t.after(() => holder.stop());
  // every connection attempted has connected or failed
  await eventually(() => holder.settled >= COUNT, 30000, `${COUNT} connections from 127.0.0.50 attempted`);
  await eventually(() => holder.open >= COUNT * 0.9, 20000,
    `most of the ${COUNT} slow connections open at once (${holder.open} open)`).catch(() => {});
  const held = holder.open;
  // health probes and the application from other machines, while it holds them
  const failures = [];
  for (let i = 0; i < 10; i++) {
    for (const [addr, path] of [['127.0.0.1', '/api/v1/health'], ['127.0.0.51', '/api/v1/health'], ['127.0.0.52', '/']]) {
      try {
        const r = await timedGet(path, { localAddress: addr, ms: 5000 });
        if (r.status !== 200) failures.push(`${addr} ${path}: ${r.status}`);
      } catch (e) { failures.push(`${addr} ${path}: ${e.message}`); }
    }
  }
  assert.deepEqual(failures, [], `others answered while 127.0.0.50 held ${held} slow connections (${holder.open} now)`);
  assert.ok(held >= COUNT * 0.9, `the load was there: ${held} of ${COUNT} slow connections open at once`);
});

// A request whose body arrives a byte at a time: it counts for its address
// while nginx reads it. `answer` is set if an answer comes (a refusal).
function slowBody(localAddress) {
  const s = net.connect({ port: PORT, host: '127.0.0.1', localAddress });
  const out = { socket: s, answer: null, timer: null };
  let got = '';
  s.on('connect', () => {
    s.write('POST /api/v1/groups HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
    out.timer = setInterval(() => s.write(' '), 2000);
  });
  s.on('data', (d) => {
    got += d.toString('latin1');
    const end = got.indexOf('\r\n\r\n');
    const len = Number((got.match(/\r\nContent-Length: (\d+)/i) ?? [])[1]);
    if (end >= 0 && got.length >= end + 4 + len) out.answer = got;
  });
  s.on('error', () => {});
  s.on('close', () => clearInterval(out.timer));
  return out;
}

test('the requests in progress at once from one address are limited: beyond, a JSON 429; other addresses are not affected', async (t) => {
  const limit = Number(nginxSetting(/limit_conn perip (\d+);/, 256));
  const extra = 100;
  const slow = [];
  t.after(() => { for (const s of slow) { clearInterval(s.timer); s.socket.destroy(); } });
  for (let i = 0; i < limit + extra; i++) slow.push(slowBody('127.0.0.53'));
  // the ones over the limit are answered at once; the others wait for their body
  let refused = [];
  await eventually(() => {
    refused = slow.filter((s) => s.answer && s.answer.startsWith('HTTP/1.1 429'));
    return refused.length >= extra;
  }, 20000, `at least ${extra} of ${limit + extra} slow requests from 127.0.0.53 refused with 429`);
  const answered = slow.filter((s) => s.answer).length;
  assert.equal(answered, refused.length, 'every answer so far is a 429');
  assert.ok(slow.length - answered >= limit - 1, `up to the limit, the slow requests are let in (${slow.length - answered} of ${limit})`);
  const a = refused[0].answer;
  assert.match(a, /\r\nContent-Type: application\/json/i, 'JSON');
  const body = JSON.parse(Buffer.from(a.slice(a.indexOf('\r\n\r\n') + 4), 'latin1').toString('utf8'));
  assert.equal(body.error.code, 'rate_limited');
  assert.match(body.error.message, /Trop de requêtes à la fois/);
  assert.match(a, /\r\nRetry-After: \d+/i, 'Retry-After');
  // that address is refused for now, in English when asked
  const more = await rawRequest(Buffer.from('GET /api/v1/health HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\n\r\n'), { localAddress: '127.0.0.53' });
  assert.equal(more.status, 429);
  assert.match(more.body.error.message, /Too many requests at once from your address/);
  // others are answered
  for (const addr of ['127.0.0.1', '127.0.0.54']) {
    const r = await timedGet('/api/v1/health', { localAddress: addr });
    assert.equal(r.status, 200, `${addr} answered`);
  }
  // once the slow requests are gone, the address is served again
  for (const s of slow) { clearInterval(s.timer); s.socket.destroy(); }
  await eventually(async () => (await timedGet('/api/v1/health', { localAddress: '127.0.0.53' })).status === 200,
    10000, '127.0.0.53 served again once its slow requests ended');
});
