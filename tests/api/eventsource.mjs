// An EventSource of our own for the API tests (Node has none): GET /live
// with a client's session cookie, the messages parsed as they arrive.
import http from 'node:http';
import { BASE } from './client.mjs';

// channels: a list for ?channels=, or null for GET /live (one's own
// channel). Resolves {status, events[], lastId, close()} once answered;
// onEvent(ev), when given, is called as each event arrives.
export function subscribe(client, channels, { lastEventId, onEvent } = {}) {
  return new Promise((resolve, reject) => {
    const headers = { Accept: 'text/event-stream' };
    if (client?.cookies.size) headers.Cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (lastEventId) headers['Last-Event-ID'] = lastEventId;
    const url = new URL('/api/v1/live' + (channels === null ? '' : '?channels=' + channels), BASE);
    const rq = http.get(url, { headers, agent: false }, (res) => {
      const sub = { status: res.statusCode, events: [], lastId: null, close: () => rq.destroy() };
      if (res.statusCode !== 200) { res.resume(); resolve(sub); return; }
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        buf += chunk;
        let at;
        while ((at = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, at);
          buf = buf.slice(at + 2);
          let data = '', id = null;
          for (const line of block.split('\n')) {
            if (line.startsWith('data:')) data += line.slice(5).trimStart();
            else if (line.startsWith('id:')) id = line.slice(3).trim();
          }
          if (id) sub.lastId = id;
          let ev;
          try { ev = data ? JSON.parse(data) : undefined; } catch { /* a ping */ }
          if (ev !== undefined) { sub.events.push(ev); onEvent?.(ev); }
        }
      });
      res.on('error', () => {});
      resolve(sub);
    });
    rq.on('error', (e) => (e.code === 'ECONNRESET' ? null : reject(e)));
  });
}
