// A property test of the chat's permissions under churn: a participant is
// removed from a conversation and added back 100 times while another one
// keeps sending messages. While removed, they find none of its messages,
// cannot read it (404) and receive nothing of it live; while a
// participant, they find what exists (once the indexer caught up).
//
// What the order of the API calls guarantees, and no more, is asserted
// live: a message whose POST started after a DELETE was answered and was
// answered before the next PUT started was sent while they were out, and
// must never reach them. (One sent across a boundary may or may not.)
import test from 'node:test';
import assert from 'node:assert/strict';
import { adminClient, newUser, unique, eventually, sleep } from './client.mjs';
import { subscribe } from './eventsource.mjs';

const ROUNDS = Number(process.env.CHAT_PROPERTY_ROUNDS || 100);

// The order in which this process saw things happen (one thread: a total
// order, finer than milliseconds): a call's start, and its answer.
let clock = 0;
const timed = async (fn) => { const start = ++clock; const r = await fn(); return { start, end: ++clock, r }; };

/* The person's own live channel (GET /live), every event kept with when it
 * arrived (by the clock): {status, events: [{at, ev}], close()} */
async function listen(client) {
  const stamped = [];
  const sub = await subscribe(client, null, { onEvent: (ev) => stamped.push({ at: ++clock, ev }) });
  return { status: sub.status, events: stamped, close: sub.close };
}

test(`a participant removed and added ${ROUNDS} times while messages flow: nothing reaches them while out`, async () => {
  const t0 = Date.now();
  const admin = await adminClient();
  const [owner, sender, moving] = [await newUser(admin), await newUser(admin), await newUser(admin)];
  const w = `zq${unique().replace(/\W/g, '').toLowerCase()}`;     // in every message: a search for it finds them all
  const created = await owner.client.post('/conversations', { participants: [sender.id, moving.id], name: unique('Va-et-vient') });
  assert.equal(created.status, 201, created.text);
  const conv = created.body.id;
  const live = await listen(moving.client);
  assert.equal(live.status, 200, 'the live channel of the person who moves');
  try {

    const sent = [];        // {id, word, start, end}: every message answered (start and end by the clock)
    const outside = [];     // {start, end}: from the DELETE's answer to the next PUT's start
    const problems = [];
    let n = 0;
    async function post(who, text) {
      const word = `m${n++}x${w}`, client_id = unique('c');
      for (;;) {
        const t = await timed(() => who.client.post(`/conversations/${conv}/messages`, { body: `${text} ${word} ${w}`, client_id }));
        if (t.r.status === 429) {        // ten a second at most: as Retry-After says
          await sleep(Number(t.r.headers['retry-after'] || 1) * 1000); // lint-allow: sleep (as Retry-After says)
          continue;
        }
        assert.ok([200, 201].includes(t.r.status), `a message: ${t.r.status} ${t.r.text}`);
        const m = { id: t.r.body.id, word, start: t.start, end: t.end };
        sent.push(m);
        return m;
      }
    }
    const search = async (who, q) => {
      const r = await who.client.get(`/search?q=${encodeURIComponent(q)}&type=message&limit=100`);
      assert.equal(r.status, 200, r.text);
      return r.body;
    };

    // the other participant writes all along, a message every ~100 ms
    let done = false;
    const flow = (async () => {
      while (!done) {
        await post(sender, 'au fil de l\'eau');
        await sleep(100); // lint-allow: sleep (the sender's pace, not a condition)
      }
    })();

    let searchesOut = 0;
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const del = await timed(() => owner.client.del(`/conversations/${conv}/participants/${moving.id}`));
        assert.equal(del.r.status, 204, del.r.text);
        // a message surely sent while they are out, indexed (a participant finds it)
        const m = await post(owner, 'pendant l\'absence');
        await eventually(async () => (await search(sender, m.word)).items.some((i) => i.id === m.id), 10000,
          `round ${round}: message ${m.id} found by a participant`);
        // nothing found, not even counted, and the conversation unreadable
        const all = await search(moving, w), one = await search(moving, m.word);
        searchesOut += 2;
        if (all.total || all.items.length || one.total || one.items.length || all.facets.type.message)
          problems.push(`round ${round}: while removed, search found ${JSON.stringify(all.items.map((i) => i.id))}`
            + ` total ${all.total}, ${JSON.stringify(one.items.map((i) => i.id))}`);
        const read = await moving.client.get(`/conversations/${conv}/messages`);
        if (read.status !== 404) problems.push(`round ${round}: while removed, GET messages answered ${read.status}`);
        const putStart = ++clock;
        outside.push({ start: del.end, end: putStart });
        const put = await owner.client.put(`/conversations/${conv}/participants/${moving.id}`, {});
        assert.equal(put.status, 204, put.text);
        // back: they find what exists (this round's message, and every one answered so far, once indexed)
        const upTo = sent.length;
        await eventually(async () => (await search(moving, m.word)).items.some((i) => i.id === m.id)
          && (await search(moving, w)).total >= upTo, 10000,
          `round ${round}: the ${upTo} messages so far found by the participant again`);
      }
    } finally {
      done = true;
      await flow;
    }

    // at the end, a participant: exactly every message, by pages
    const last = await post(sender, 'le mot de la fin');
    const every = async () => {
      const got = new Set();
      for (let offset = 0; offset <= 1000; offset += 100) {
        const r = await moving.client.get(`/search?q=${w}&type=message&limit=100&offset=${offset}`);
        for (const i of r.body.items) got.add(i.id);
        if (r.body.items.length < 100) break;
      }
      return got;
    };
    await eventually(async () => (await every()).size === sent.length, 10000, `all ${sent.length} messages found at the end`);
    assert.deepEqual([...await every()].sort((a, b) => a - b), sent.map((m) => m.id).sort((a, b) => a - b));

    const whileOut = sent.filter((m) => outside.some((o) => m.start > o.start && m.end < o.end));
    console.log(`chat property: ${ROUNDS} rounds, ${sent.length} messages (${whileOut.length} sent while out),`
      + ` ${searchesOut} searches while out, ${Date.now() - t0} ms`);
    assert.deepEqual(problems.slice(0, 20), [], 'search and reading while out');
    assert.ok(whileOut.length >= ROUNDS, 'at least one message sent while out each round');

    // live: the last message arrives (the channel works), none sent while out ever did
    await eventually(() => live.events.some(({ ev }) => ev.type === 'chat.message' && ev.message?.id === last.id), 10000,
      `message ${last.id} live on the participant's channel`);
    const reached = new Map(live.events.filter(({ ev }) => ev.type === 'chat.message' && ev.conversation_id === conv)
      .map(({ at, ev }) => [ev.message?.id, at]));
    for (const m of whileOut)
      if (reached.has(m.id)) problems.push(`live: message ${m.id}, sent while out (${m.start}-${m.end}), reached them at ${reached.get(m.id)}`);
    for (const { ev } of live.events)
      if (ev.type === 'chat.message' && ev.conversation_id !== conv) problems.push(`live: another conversation's message ${ev.message?.id}`);

    console.log(`chat property, live: ${reached.size} of this conversation's messages received, none of the ${whileOut.length} sent while out`);
    assert.deepEqual(problems.slice(0, 20), [], 'live while out');
  } finally {
    live.close();
  }
});
