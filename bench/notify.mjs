// The notifications benchmark's measures (bench/notify.sh loads the
// platform and writes the table): a must-read post fanned out to the
// 3,500 members of a group; live latency (publish → received by
// EventSource clients) with 2,000 connected while wrk loads the feed;
// nginx's memory per idle live connection; the API with 5,000 live
// connections open; 3,500 daily digests built and queued. Prints one JSON
// object of figures.
import http from 'node:http';
import { createHash } from 'node:crypto';
import { execFileSync, fork, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const BASE = process.env.PARVIS_URL, VAR = process.env.PARVIS_VAR;
const [, , adminCookie, adminCsrf, bigGroup, liveGroup, firstUser] = process.argv;
const sql = (s) => execFileSync('mariadb', ['--no-defaults', `--socket=${VAR}/run/mysqld.sock`, '-N', '-B', 'parvis', '-e', s],
  { encoding: 'utf8' }).trim();
const cookieOf = (id) => 'parvis_session=' + createHash('sha256').update(`bench-${id}`).digest('base64url');
const now = () => performance.now();
const wait = (ms) => new Promise((r) => setTimeout(r, ms)); // lint-allow: sleep (a benchmark's pacing)
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };

function api(method, path, body) {
  return new Promise((resolve, reject) => {
    const data = body ? JSON.stringify(body) : null;
    const rq = http.request(new URL('/api/v1' + path, BASE), { method, agent: false, headers: {
      Cookie: adminCookie, 'X-CSRF-Token': adminCsrf, ...(data ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) } : {}) } },
    (res) => {
      let t = '';
      res.on('data', (c) => { t += c; });
      res.on('end', () => (res.statusCode >= 300 ? reject(new Error(`${method} ${path}: ${res.statusCode} ${t}`))
        : resolve({ status: res.statusCode, body: t ? JSON.parse(t) : null })));
    });
    rq.on('error', reject);
    rq.end(data);
  });
}

// An EventSource: calls onEvent(json) for each message.
function subscribe(cookie, channels, onEvent) {
  return new Promise((resolve, reject) => {
    const rq = http.get(new URL('/api/v1/live?channels=' + channels, BASE), { agent: false,
      headers: { Cookie: cookie, Accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) { reject(new Error('live ' + res.statusCode)); return; }
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        buf += c;
        let at;
        while ((at = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, at); buf = buf.slice(at + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('');
          if (data) { try { onEvent(JSON.parse(data)); } catch { /* not JSON */ } }
        }
      });
      resolve(rq);
    });
    rq.on('error', (e) => { if (e.code !== 'ECONNRESET') reject(e); });
  });
}

async function openMany(n, channelsOf, onEvent) {
  const out = [];
  for (let i = 0; i < n; i += 100) {
    const batch = [];
    for (let k = i; k < Math.min(n, i + 100); k++) batch.push(subscribe(cookieOf(channelsOf(k).user), channelsOf(k).channels, onEvent));
    out.push(...await Promise.all(batch));
  }
  return out;
}

function nginxRssKb() {
  const master = Number(readFileSync(`${VAR}/run/nginx.pid`, 'utf8'));
  let kb = 0;
  for (const p of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const st = readFileSync(`/proc/${p}/stat`, 'utf8').split(' ');
      if (Number(st[3]) !== master && Number(p) !== master) continue;
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch { /* gone */ }
  }
  return kb;
}

function wrk(path, cookie, seconds = 5, conns = 64) {
  const out = execFileSync('wrk', ['-t2', `-c${conns}`, `-d${seconds}s`, '--latency', '-H', `Cookie: ${cookie}`, BASE + path], { encoding: 'utf8' });
  const toMs = (v) => (v.endsWith('us') ? parseFloat(v) / 1000 : v.endsWith('ms') ? parseFloat(v) : parseFloat(v) * 1000);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]);
  const p99 = toMs(/ 99%\s+(\S+)/.exec(out)[1]);
  const bad = /Non-2xx/.test(out);
  return { rps: Math.round(rps), p99: Math.round(p99 * 100) / 100, bad };
}

const figures = {};
const first = Number(firstUser);

// 1. The fan-out: a must-read post to the 3,500 members.
{
  const logBefore = readFileSync(`${VAR}/log/notifier.log`, 'utf8').length;
  const t0 = now();
  const r = await api('POST', `/groups/${bigGroup}/posts`, { body: 'Consignes pour tous', title: 'À lire', must_read: true });
  const tAnswered = now();
  let rows = 0;
  while (rows < 3500) { rows = Number(sql(`SELECT COUNT(*) FROM notifications WHERE post_id = ${r.body.id}`)); if (rows < 3500) await wait(20); }
  const tRows = now();
  let line;
  while (!(line = readFileSync(`${VAR}/log/notifier.log`, 'utf8').slice(logBefore).split('\n')
    .find((l) => l.includes(`notify post ${r.body.id}:`)))) await wait(20);
  const tLog = now();
  const m = /(\d+) people, written in (\d+) ms, published in (\d+) ms more/.exec(line);
  figures.fanout = { members: Number(m[1]), post_answered_ms: Math.round(tAnswered - t0), rows_seen_ms: Math.round(tRows - t0),
    written_ms: Number(m[2]), published_ms: Number(m[3]), all_pushed_ms: Math.round(tLog - t0) };
}

// 2. Live latency with 2,000 connected (four client processes), while wrk
// loads the feed.
{
  const rssBefore = nginxRssKb();
  const clock = () => performance.timeOrigin + performance.now();
  const procs = [];
  for (let p = 0; p < 4; p++) {
    const child = fork(new URL('./live_receivers.mjs', import.meta.url), [BASE, String(first + p * 500), '500', liveGroup]);
    procs.push(new Promise((resolve, reject) => { child.once('message', () => resolve(child)); child.once('error', reject); }));
  }
  const children = await Promise.all(procs);
  await wait(1000);
  const rssAfter = nginxRssKb();
  figures.nginx_kb_per_idle_connection = Math.round(((rssAfter - rssBefore) / 2000) * 10) / 10;
  // the load at the same priority as everything else (BENCH_LOAD_NICE=10
  // lowers it, as if wrk ran on another machine)
  const load = spawn('nice', ['-n', process.env.BENCH_LOAD_NICE ?? '0', 'wrk', '-t2', '-c64', '-d30s', '-H', `Cookie: ${cookieOf(first + 2500)}`, BASE + '/api/v1/feed'], { stdio: 'ignore' });
  await wait(1000);
  const sent = [];
  for (let i = 0; i < 20; i++) {
    const t0 = clock();
    const r = await api('POST', `/groups/${liveGroup}/posts`, { body: `Direct ${i}` });
    sent.push([r.body.id, t0]);
    await wait(500);
  }
  await wait(3000);
  load.kill('SIGTERM');
  const reports = await Promise.all(children.map((c) => new Promise((resolve) => { c.once('message', resolve); c.send('report'); })));
  const lat = [], first_ = [], last_ = [];
  let missing = 0;
  for (const [id, t0] of sent) {
    const times = reports.flatMap((rep) => rep[id] ?? []);
    missing += 2000 - times.length;
    for (const t of times) lat.push(t - t0);
    if (times.length) { first_.push(Math.min(...times) - t0); last_.push(Math.max(...times) - t0); }
  }
  figures.live = { connections: 2000, posts: 20, received: lat.length, missing,
    p50_ms: Math.round(pct(lat, 0.5)), p95_ms: Math.round(pct(lat, 0.95)), p99_ms: Math.round(pct(lat, 0.99)),
    first_median_ms: Math.round(pct(first_, 0.5)), last_median_ms: Math.round(pct(last_, 0.5)) };
}

// The mails of the fan-out (3,500 files written, one fsync each) are sent
// before the API is measured alone.
while (Number(sql("SELECT COUNT(*) FROM notifications WHERE mail_state = 'immediate' AND read_at IS NULL"))
       + Number(sql("SELECT COUNT(*) FROM mail_queue WHERE state IN ('waiting', 'sending')")) > 0) await wait(500);

// 3. The API with 5,000 live connections open (and without).
{
  const cookie = cookieOf(first + 3000);
  wrk('/api/v1/notifications/unread', cookie, 2);
  const without = wrk('/api/v1/notifications/unread', cookie);
  const conns = await openMany(5000, (k) => ({ user: first + (k % 2500), channels: `u${first + (k % 2500)}` }), () => {});
  await wait(1000);
  const withLive = wrk('/api/v1/notifications/unread', cookie);
  const feedWith = wrk('/api/v1/feed', cookie);
  for (const c of conns) c.destroy();
  await wait(1000);
  const feedWithout = wrk('/api/v1/feed', cookie);
  figures.api_with_5000_live = { unread_without: without, unread_with: withLive, feed_without: feedWithout, feed_with: feedWith };
}

// 4. The list and the count at 64 connections, as shares of the static file.
{
  const cookie = cookieOf(first + 3000);
  wrk('/api/v1/notifications', cookie, 2);
  figures.list = { static: wrk('/img/logo.svg', cookie), notifications: wrk('/api/v1/notifications', cookie),
    unread: wrk('/api/v1/notifications/unread', cookie),
    count_of_notifications: Number(sql(`SELECT COUNT(*) FROM notifications WHERE user_id = ${first + 3000}`)) };
}

// 5. 3,500 daily digests built and queued.
{
  await api('PATCH', `/groups/${bigGroup}`, { follow_default: 'all' });
  const p = await api('POST', `/groups/${bigGroup}/posts`, { body: 'Une nouvelle pour le résumé', title: 'Résumé' });
  while (Number(sql(`SELECT COUNT(*) FROM notifications WHERE post_id = ${p.body.id}`)) < 3500) await wait(50);
  const before = Number(sql("SELECT COUNT(*) FROM mail_queue WHERE kind = 'digest'"));
  const t0 = now();
  await api('POST', '/admin/mail/digest', { kind: 'daily' });
  let n = 0;
  while (n < 3500) { n = Number(sql("SELECT COUNT(*) FROM mail_queue WHERE kind = 'digest'")) - before; if (n < 3500) await wait(100); }
  figures.digest = { people: 3500, queued_s: Math.round((now() - t0) / 100) / 10 };
}

console.log(JSON.stringify(figures));
process.exit(0);
