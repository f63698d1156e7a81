// The chat under load (bench/chat_load.sh): GET /feed alone under wrk,
// then P people chatting (bench/chat_people.mjs, in PROCS processes) for
// a warm-up period, alone for ALONE s, then while wrk loads the feed for
// SECONDS s. Prints one JSON object: each window's latencies per request
// kind and in all, the live events' latency and losses, the feed's
// figures without and with the chat. Arguments: the feed person's id (the
// chatters follow it), P.
import { execFileSync, fork, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { clock, cookieOf, pct, round1, wait } from './chat_sse.mjs';

const BASE = process.env.PARVIS_URL, VAR = process.env.PARVIS_VAR;
const PERIOD = Number(process.env.BENCH_CHAT_PERIOD ?? 10) * 1000;
const ALONE = Number(process.env.BENCH_CHAT_ALONE ?? 30);
const SECONDS = Number(process.env.BENCH_CHAT_LOAD_SECONDS ?? 60);
const PROCS = Number(process.env.BENCH_CHAT_PROCS ?? 4);
const [, , feedPersonArg, pArg] = process.argv;
const feedPerson = Number(feedPersonArg), P = Number(pArg);
const sql = (s) => execFileSync('mariadb', ['--no-defaults', `--socket=${VAR}/run/mysqld.sock`, '-N', '-B', 'parvis', '-e', s],
  { encoding: 'utf8', maxBuffer: 1 << 26 }).trim();

// CPU seconds used so far by each program of the machine (/proc: every
// process's user and system time, its threads' included; the clients in
// "node")
function cpuByProgram() {
  const out = {};
  for (const p of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const st = readFileSync(`/proc/${p}/stat`, 'utf8');
      const comm = st.slice(st.indexOf('(') + 1, st.lastIndexOf(')'));
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      out[comm] = (out[comm] ?? 0) + (Number(f[11]) + Number(f[12])) / 100;
      // wrk, once ended, counts in this process's children's time
      if (Number(p) === process.pid) out.wrk = (out.wrk ?? 0) + (Number(f[13]) + Number(f[14])) / 100;
    } catch { /* gone */ }
  }
  // the time the virtual machine's host took from its cores (/proc/stat's
  // steal): half of it made one run of this bench meaningless
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  out['stolen by the host'] = Number(cpu[8] ?? 0) / 100;
  return out;
}
// the cores each program used between two readings (the busiest)
function coresUsed(before, after, seconds) {
  return Object.fromEntries(Object.keys(after).map((k) => [k, (after[k] - (before[k] ?? 0)) / seconds])
    .filter(([, v]) => v >= 0.02).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round(v * 100) / 100]));
}

// wrk on the feed, as bench/feed.sh measures it; BENCH_LOAD_NICE=10 lowers
// its priority, as if it ran on another machine (bench/notify.mjs does the
// same)
function wrk(seconds, { warmup = false } = {}) {
  return new Promise((resolve, reject) => {
    const w = spawn('nice', ['-n', process.env.BENCH_LOAD_NICE ?? '0', 'wrk', '-t2', '-c64', `-d${seconds}s`, '--latency', '-H', `Cookie: ${cookieOf(feedPerson)}`, BASE + '/api/v1/feed']);
    let out = '';
    w.stdout.on('data', (c) => { out += c; });
    w.on('error', reject);
    w.on('close', () => {
      const toMs = (v) => (v.endsWith('us') ? parseFloat(v) / 1000 : v.endsWith('ms') ? parseFloat(v) : parseFloat(v) * 1000);
      // a warm-up's timeouts (cold caches on a loaded host) are not figures
      if (warmup) { resolve(null); return; }
      if (/Non-2xx|Socket errors/.test(out)) { reject(new Error('wrk: ' + out)); return; }
      resolve({ rps: Math.round(Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1])),
        p50: round1(toMs(/ 50%\s+(\S+)/.exec(out)[1])), p99: round1(toMs(/ 99%\s+(\S+)/.exec(out)[1])) });
    });
  });
}

const figures = {};
await wrk(10, { warmup: true });    // warm-up: the buffer pool, the workers' caches
let cpu0 = cpuByProgram(), at0 = clock();
figures.feed_alone = await wrk(SECONDS);
figures.cores_feed_alone = coresUsed(cpu0, cpuByProgram(), (clock() - at0) / 1000);

// the chatters and their conversations
const convsOf = new Map(), members = new Map();
for (const line of sql(`SELECT user_id, conversation_id FROM conversation_members
                        WHERE participant = 1 AND user_id BETWEEN ${feedPerson + 1} AND ${feedPerson + P}
                        ORDER BY user_id, conversation_id`).split('\n')) {
  const [u, c] = line.split('\t').map(Number);
  if (!convsOf.has(u)) convsOf.set(u, []);
  convsOf.get(u).push(c);
  members.set(c, (members.get(c) ?? 0) + 1);
}
const people = [...convsOf.keys()].map((id, index) => ({ id, index, convs: convsOf.get(id) }));
if (people.length !== P) throw new Error(`${people.length} chatters in conversations, not ${P}`);

const kids = [];
process.on('exit', () => { for (const k of kids) k.kill(); });   // a failure leaves no client behind
const children = await Promise.all(Array.from({ length: PROCS }, (_, k) => new Promise((resolve, reject) => {
  const child = fork(new URL('./chat_people.mjs', import.meta.url));
  kids.push(child);
  child.once('message', () => resolve(child));
  child.once('error', reject);
  child.once('exit', (code) => reject(new Error(`chat_people exited ${code}`)));
  child.send({ setup: { base: BASE, people: people.filter((p) => p.index % PROCS === k), total: P, period: PERIOD } });
})));
for (const c of children) c.removeAllListeners('exit');

// nginx's own timing of the chat's requests (its log's last two fields:
// from the request's first byte read to its last byte sent, and the
// worker's part), apart from the clients' view, which counts the time the
// clients themselves wait for a core on this machine
const ACCESS_LOG = `${VAR}/log/nginx-access.log`;
const logAt = () => statSync(ACCESS_LOG).size;
function nginxTimes(from, to) {
  const fd = openSync(ACCESS_LOG, 'r');
  const buf = Buffer.alloc(to - from);
  readSync(fd, buf, 0, buf.length, from);
  closeSync(fd);
  const total = [], worker = [];
  for (const line of buf.toString('utf8').split('\n')) {
    if (!/"(GET|POST) \/api\/v1\/conversations[/? ]/.test(line)) continue;
    const f = line.trim().split(' ');
    const up = Number(f[f.length - 1]), all = Number(f[f.length - 2]);
    if (Number.isFinite(all)) total.push(all * 1000);
    if (Number.isFinite(up)) worker.push(up * 1000);
  }
  const s = (xs) => ({ count: xs.length, p50: round1(pct(xs, 0.5)), p95: round1(pct(xs, 0.95)), p99: round1(pct(xs, 0.99)) });
  return { total: s(total), worker: s(worker) };
}

const t0 = clock() + 1000;
for (const c of children) c.send({ start: t0 });
// a warm-up period (everyone has sent and read once), the chat alone, then
// the chat and the feed
const aloneFrom = t0 + PERIOD + PERIOD / 2;
await wait(aloneFrom - clock());
cpu0 = cpuByProgram(); at0 = clock();
const logAlone = logAt();
await wait(aloneFrom + ALONE * 1000 - clock());
const feedFrom = clock();
const logFeed = logAt();
let cpu1 = cpuByProgram();
const backlog = () => sql('SELECT (SELECT COUNT(*) FROM notify_queue), (SELECT COUNT(*) FROM index_queue)').split('\t').map(Number);
figures.queues_after_alone = backlog();
figures.cores_chat_alone = coresUsed(cpu0, cpu1, (feedFrom - at0) / 1000);
figures.feed_with_chat = await wrk(SECONDS);
const feedTo = clock();
figures.nginx_alone = nginxTimes(logAlone, logFeed);
figures.nginx_with_feed = nginxTimes(logFeed, logAt());
figures.cores_with_feed = coresUsed(cpu1, cpuByProgram(), (feedTo - feedFrom) / 1000);
figures.queues_after_feed = backlog();
figures.load_nice = Number(process.env.BENCH_LOAD_NICE ?? 0);
const reports = await Promise.all(children.map((c) => new Promise((resolve) => { c.once('message', resolve); c.send('stop'); })));

const requests = reports.flatMap((r) => r.requests);
const sends = reports.flatMap((r) => r.sends);
const gotOf = new Map();
for (const [cid, who, at] of reports.flatMap((r) => r.got)) {
  if (!gotOf.has(cid)) gotOf.set(cid, []);
  gotOf.get(cid).push([who, at]);
}
const stats = (xs, errors) => ({ count: xs.length, p50: round1(pct(xs, 0.5)), p95: round1(pct(xs, 0.95)),
  p99: round1(pct(xs, 0.99)), max: round1(xs.reduce((a, b) => Math.max(a, b), 0)), errors });
function window(from, to) {
  const w = { seconds: Math.round((to - from) / 1000) };
  const inW = requests.filter(([, start]) => start >= from && start < to);
  for (const kind of ['send', 'list', 'history', 'read']) {
    const mine = inW.filter(([k]) => k === kind);
    w[kind] = stats(mine.filter(([, , , s]) => s >= 200 && s < 300).map(([, , ms]) => ms), mine.filter(([, , , s]) => s < 200 || s >= 300).length);
  }
  w.all = stats(inW.filter(([, , , s]) => s >= 200 && s < 300).map(([, , ms]) => ms), inW.filter(([, , , s]) => s < 200 || s >= 300).length);
  const lat = [];
  let missing = 0;
  for (const [cid, author, conv, at] of sends) {
    if (at < from || at >= to) continue;
    const others = (gotOf.get(cid) ?? []).filter(([who]) => who !== author);
    missing += members.get(conv) - 1 - new Set(others.map(([who]) => who)).size;
    for (const [, t] of others) lat.push(t - at);
  }
  w.live = { ...stats(lat), missing };
  return w;
}
figures.chat_alone = window(aloneFrom, feedFrom);
figures.with_feed = window(feedFrom, feedTo);
figures.reconnects = reports.reduce((n, r) => n + r.reconnects, 0);
figures.status_seen = [...new Set(requests.map(([, , , s]) => s))];
// requests that got no answer (status 0): the first few, as the client saw them
figures.no_answer = reports.flatMap((r) => r.failures).slice(0, 5);
const sendStatus = new Set(requests.filter(([k]) => k === 'send').map(([, , , s]) => s));
if (!sendStatus.has(201) || sendStatus.has(200)) {
  console.error(`bench: the sends were answered ${[...sendStatus]}, not 201 alone (retries of stored messages measure nothing)`);
  process.exit(1);
}
console.log(JSON.stringify(figures));
process.exit(0);
