// The live benchmark's open clients, in a process apart from the sender
// (bench/chat_live.mjs forks it): one EventSource per person on their own
// channel. Arguments: base address, then the people's ids. Says "ready"
// once all are open; records when each chat.message arrives (wall clock,
// keyed by the message's client_id, the person with it); on "report"
// sends {client_id: [[person, time]]} and the reconnections, and exits.
import { cookieOf, eventSource } from './chat_sse.mjs';

const [, , base, ...ids] = process.argv;
const got = {};
const sources = [];
let others = 0;

for (let i = 0; i < ids.length; i += 50) {
  const batch = ids.slice(i, i + 50).map((id) => eventSource(base, cookieOf(id), (e, at) => {
    if (e.type !== 'chat.message') { others++; return; }
    (got[e.message.client_id] ??= []).push([Number(id), at]);
  }));
  sources.push(...await Promise.all(batch));
}
process.send('ready');
process.on('message', (m) => {
  if (m !== 'report') return;
  for (const s of sources) s.close();
  process.send({ got, reconnects: sources.reduce((n, s) => n + s.reconnects, 0), other_events: others },
    () => process.exit(0));
});
