// The chat's lane: conversations and their messages are answered by workers
// of their own (chat_workers, on fcgi-chat.sock), so the chat keeps
// answering while every other worker is busy — here, stopped outright.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { adminClient, newUser, pidOf, childrenOf, eventually, killIfAlive, VAR } from './client.mjs';

// the workers' pids that said they serve the chat's lane (fcgi.log)
function lanePids() {
  const log = readFileSync(`${VAR}/log/fcgi.log`, 'utf8');
  const pids = new Set();
  for (const m of log.matchAll(/pid=(\d+) level=\w+ msg="worker \d+ ready \(the chat's lane\)"/g)) pids.add(Number(m[1]));
  return pids;
}

test('every general worker stopped: the chat still lists, sends and reads; the rest waits and is then answered', async (t) => {
  const admin = await adminClient();
  const alice = await newUser(admin), bruno = await newUser(admin);
  const c = await alice.client.post('/conversations', { participants: [bruno.id] });
  assert.ok(c.status === 201 || c.status === 200, c.text);

  const master = pidOf('fcgi');
  const workers = childrenOf(master);
  const lane = lanePids();
  const general = workers.filter((p) => !lane.has(p));
  const chat = workers.filter((p) => lane.has(p));
  assert.ok(chat.length >= 1, `the chat's lane has workers (${workers.length} workers, lane ${[...lane]})`);
  assert.ok(general.length >= 1, 'the general lane has workers');
  t.diagnostic(`${general.length} general workers, ${chat.length} on the chat's lane`);

  for (const p of general) killIfAlive(p, 'SIGSTOP');
  let me, answered = null;
  try {
    // a request for the general lane, waiting in its socket's queue
    me = alice.client.get('/me').then((r) => { answered = r; });
    const sent = await alice.client.post(`/conversations/${c.body.id}/messages`, { body: 'Toujours là', client_id: randomUUID() });
    assert.equal(sent.status, 201, sent.text);
    const list = await bruno.client.get('/conversations');
    assert.equal(list.status, 200, list.text);
    assert.equal(list.body.items.find((x) => x.id === c.body.id)?.last_message?.body, 'Toujours là');
    const page = await bruno.client.get(`/conversations/${c.body.id}/messages`);
    assert.equal(page.status, 200, page.text);
    assert.equal(page.body.items[0].id, sent.body.id);
    assert.equal((await bruno.client.post(`/conversations/${c.body.id}/read`, { up_to: sent.body.id })).status, 204);
    assert.equal(answered, null, 'GET /me waits while the general workers are stopped (it did not go to the chat\'s lane)');
  } finally {
    for (const p of general) killIfAlive(p, 'SIGCONT');
  }
  const r = await eventually(() => answered, 30000, 'GET /me answered once the general workers go on');
  assert.equal(r.status, 200, r.text);
  await me;
});

// the nice value of a process (/proc/PID/stat: the 19th field)
function niceOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

test('the cores go first to the chat\'s lane and the live events, then the other workers, then the background', () => {
  // the stack's steps (tests/stack.sh), or the defaults (lib/config.c)
  const workersNice = Number(process.env.PARVIS_WORKERS_NICE || 5);
  const backgroundNice = Number(process.env.PARVIS_BACKGROUND_NICE || 10);
  assert.ok(workersNice > 0 && backgroundNice > workersNice, `three levels: 0, ${workersNice}, ${backgroundNice}`);
  const master = pidOf('fcgi');
  const lane = lanePids();
  const workers = childrenOf(master);
  const base = niceOf(master);
  for (const p of workers) {
    assert.equal(niceOf(p), lane.has(p) ? base : base + workersNice, `worker ${p}${lane.has(p) ? " (the chat's lane)" : ''}`);
  }
  for (const name of ['indexer', 'previewer', 'feeds']) {
    const kids = childrenOf(pidOf(name));
    assert.ok(kids.length >= 1, `${name} has a child`);
    for (const p of kids) assert.equal(niceOf(p), niceOf(pidOf(name)) + backgroundNice, `${name}'s child ${p}`);
  }
  // the notifier: its events child (live events, the bell) at the
  // requests' priority; mail, housekeeping and webhooks in the background
  const notifier = pidOf('notifier');
  const kids = childrenOf(notifier).map((p) => niceOf(p) - niceOf(notifier)).sort((a, b) => a - b);
  assert.deepEqual(kids, [0, backgroundNice, backgroundNice, backgroundNice], 'the notifier\'s four children');
});
