// The chat's live latency (bench/chat_live.sh): the people of one group
// conversation each with an EventSource open (bench/chat_receivers.mjs, in
// processes of their own), one of them sending RATE messages a second for
// SECONDS seconds through the API; for every (message, client) pair, the
// time from the POST sent to the chat.message event received. Prints one
// JSON object of figures. Arguments: conversation id, sender id, then the
// receivers' ids.
import { fork } from 'node:child_process';
import http from 'node:http';
import { apiClient, clock, cookieOf, pct, round1, wait } from './chat_sse.mjs';

const BASE = process.env.PARVIS_URL;
const RATE = Number(process.env.BENCH_CHAT_RATE ?? 2);
const SECONDS = Number(process.env.BENCH_CHAT_SECONDS ?? 60);
const PROCS = Number(process.env.BENCH_CHAT_RECEIVER_PROCS ?? 2);
const [, , conv, sender, ...receivers] = process.argv;

// the receivers in PROCS processes
const children = [], kids = [];
process.on('exit', () => { for (const k of kids) k.kill(); });   // a failure leaves no client behind
for (let p = 0; p < PROCS; p++) {
  const share = receivers.filter((_, i) => i % PROCS === p);
  if (!share.length) continue;
  const child = fork(new URL('./chat_receivers.mjs', import.meta.url), [BASE, ...share]);
  kids.push(child);
  children.push(new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`receivers exited ${code}`)));
  }));
}
const procs = await Promise.all(children);
await wait(1000);

const api = apiClient(BASE, cookieOf(sender), new http.Agent({ keepAlive: true, maxSockets: 4 }));
await api.signIn();
// one message before the measure: the workers' first statements
await api.call('POST', `/conversations/${conv}/messages`, { body: 'Bonjour à tous', client_id: 'warm-up' });
await wait(1000);

const sent = new Map();   // client_id -> POST sent at
const posted = [];        // the POSTs' own times
const failed = [];
const t0 = clock();
const n = Math.round(RATE * SECONDS);
const inflight = [];
for (let i = 0; i < n; i++) {
  // a steady rate: each message at its time, whatever the previous answer
  const due = t0 + (i * 1000) / RATE;
  const ahead = due - clock();
  if (ahead > 0) await wait(ahead);
  const cid = `live-${i}`;
  sent.set(cid, clock());
  inflight.push(api.call('POST', `/conversations/${conv}/messages`, { body: `Message ${i} : le point sur le dossier`, client_id: cid })
    .then((r) => { if (r.status === 201) posted.push(r.ms); else failed.push(r.status); }));
}
await Promise.all(inflight);
await wait(3000);   // the last events on their way

const reports = await Promise.all(procs.map((c) => new Promise((resolve) => { c.once('message', resolve); c.send('report'); })));
const lat = [];
let missing = 0, duplicates = 0;
for (const [cid, at] of sent) {
  const pairs = reports.flatMap((r) => r.got[cid] ?? []);
  const people = new Set(pairs.map(([who]) => who));
  duplicates += pairs.length - people.size;
  missing += receivers.length - people.size;
  for (const [, t] of pairs) lat.push(t - at);
}
console.log(JSON.stringify({
  clients: receivers.length, messages: sent.size, rate: RATE, seconds: SECONDS, failed: failed.length,
  received: lat.length, missing, duplicates, reconnects: reports.reduce((s, r) => s + r.reconnects, 0),
  p50_ms: round1(pct(lat, 0.5)), p95_ms: round1(pct(lat, 0.95)), p99_ms: round1(pct(lat, 0.99)),
  max_ms: round1(Math.max(...lat)),
  post_p50_ms: round1(pct(posted, 0.5)), post_p95_ms: round1(pct(posted, 0.95)), post_p99_ms: round1(pct(posted, 0.99)),
}));
process.exit(0);
