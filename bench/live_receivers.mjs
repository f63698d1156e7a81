// A share of the live benchmark's EventSource clients, in a process of its
// own (bench/notify.mjs starts four: the clients of a real platform are
// many machines, and one Node.js thread reading 2,000 sockets would time
// its own queue). Arguments: base address, the first person's id, how
// many connections, the group whose channel they open. It says "ready"
// once all are open, records when each post message arrives (wall clock,
// milliseconds, comparable between processes), and on "report" sends
// {post id: [times]} and exits.
import http from 'node:http';
import { createHash } from 'node:crypto';

const [, , base, firstArg, countArg, group] = process.argv;
const first = Number(firstArg), count = Number(countArg);
const cookieOf = (id) => 'parvis_session=' + createHash('sha256').update(`bench-${id}`).digest('base64url');
const clock = () => performance.timeOrigin + performance.now();
const got = {};
const sockets = [];

function subscribe(user) {
  return new Promise((resolve, reject) => {
    const rq = http.get(new URL(`/api/v1/live?channels=u${user},g${group}`, base), { agent: false,
      headers: { Cookie: cookieOf(user), Accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) { reject(new Error('live ' + res.statusCode)); return; }
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        const at = clock();
        buf += c;
        let end;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const data = buf.slice(0, end).split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('');
          buf = buf.slice(end + 2);
          if (!data) continue;
          try {
            const e = JSON.parse(data);
            if (e.type === 'post') (got[e.id] ??= []).push(at);
          } catch { /* not JSON */ }
        }
      });
      resolve(rq);
    });
    rq.on('error', (e) => { if (e.code !== 'ECONNRESET') reject(e); });
    sockets.push(rq);
  });
}

for (let i = 0; i < count; i += 100) {
  const batch = [];
  for (let k = i; k < Math.min(count, i + 100); k++) batch.push(subscribe(first + k));
  await Promise.all(batch);
}
process.send('ready');
process.on('message', (m) => {
  if (m !== 'report') return;
  for (const s of sockets) s.destroy();
  process.send(got, () => process.exit(0));
});
