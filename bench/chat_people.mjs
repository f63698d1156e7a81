// A share of the chat load's people, in a process of its own
// (bench/chat_load.mjs forks several). Each person: an EventSource on
// their own channel; every PERIOD ms a message sent in their conversations
// in turn, and half a period later the reading a person does: the list of
// conversations, the conversation the last message came from (50
// messages), its read mark moved to the newest. Every request is timed.
// Messages from the parent: {setup: {base, people: [{id, index, convs}],
// total, period}} → "ready"; {start: t0} (wall clock); "stop" → the report
// {requests: [[kind, start, ms, status]], sends: [[client_id, author,
// conv, sentAt]], got: [[client_id, person, at]], failures: ["METHOD path:
// error"] (no answer), reconnects}.
import http from 'node:http';
import { apiClient, clock, cookieOf, eventSource, wait } from './chat_sse.mjs';

const requests = [], sends = [], got = [], failures = [];
const people = [];
let stopping = false, period = 10000, total = 1, base;
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

async function setup(s) {
  ({ base, total, period } = s);
  for (let i = 0; i < s.people.length; i += 50) {
    await Promise.all(s.people.slice(i, i + 50).map(async (p) => {
      const person = { ...p, api: apiClient(base, cookieOf(p.id), agent), lastConv: null, n: 0 };
      person.es = await eventSource(base, cookieOf(p.id), (e, at) => {
        if (e.type !== 'chat.message') return;
        got.push([e.message.client_id, p.id, at]);
        if (e.message.author?.id !== p.id) person.lastConv = e.conversation_id;
      });
      await person.api.signIn();
      people.push(person);
    }));
  }
}

async function timed(person, kind, method, path, body) {
  const start = clock();
  let r;
  try { r = await person.api.call(method, path, body); } catch (e) {
    r = { status: 0, ms: clock() - start, body: String(e) };
    failures.push(`${method} ${path}: ${e.code || e.message}`);   // what the network said, for the table
  }
  requests.push([kind, start, r.ms, r.status]);
  return r;
}

async function send(person) {
  const conv = person.convs[person.n % person.convs.length];
  // the process's id in it: a run again on a kept stack (BENCH_CHAT_REUSE)
  // must send new messages, not retries of the last run's (answered 200
  // with the stored message: no write, no live event)
  const cid = `p${person.id}-${process.pid}-${person.n++}`;
  sends.push([cid, person.id, conv, clock()]);
  await timed(person, 'send', 'POST', `/conversations/${conv}/messages`,
    { body: `Point ${person.n} : le dossier avance, réunion demain matin`, client_id: cid });
}

async function read(person) {
  await timed(person, 'list', 'GET', '/conversations');
  const conv = person.lastConv ?? person.convs[0];
  const h = await timed(person, 'history', 'GET', `/conversations/${conv}/messages?limit=50`);
  const newest = h.status === 200 ? h.body.items?.[0]?.id : null;
  if (newest) await timed(person, 'read', 'POST', `/conversations/${conv}/read`, { up_to: newest });
}

// one person's life: a send at t0 + its offset + k periods, the reading
// half a period after
async function live(person, t0) {
  const offset = (person.index / total) * period;
  for (let k = 0; !stopping; k++) {
    const at = t0 + offset + k * period;
    let ahead = at - clock();
    if (ahead > 0) await wait(ahead);
    if (stopping) break;
    await send(person);
    ahead = at + period / 2 - clock();
    if (ahead > 0) await wait(ahead);
    if (stopping) break;
    await read(person);
  }
}

let lives = [];
process.on('message', async (m) => {
  if (m.setup) { await setup(m.setup); process.send('ready'); }
  else if (m.start) lives = people.map((p) => live(p, m.start));
  else if (m === 'stop') {
    stopping = true;
    await Promise.all(lives);
    await wait(3000);   // the last events on their way
    for (const p of people) p.es.close();
    process.send({ requests, sends, got, failures, reconnects: people.reduce((n, p) => n + p.es.reconnects, 0) },
      () => process.exit(0));
  }
});
