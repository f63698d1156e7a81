// The chat benchmarks' clients: an EventSource as a browser's behaves
// (GET /api/v1/live, one's own channel; when the stream ends, connect
// again with Last-Event-ID, which nchan replays from), the session cookie
// the bench scripts wrote (bench/chat_common.sh), and a keep-alive API
// client timing each request. Node 20 has no EventSource of its own.
import http from 'node:http';
import { createHash } from 'node:crypto';

export const cookieOf = (id) => 'parvis_session=' + createHash('sha256').update(`bench-${id}`).digest('base64url');
// wall clock in milliseconds, comparable between processes
export const clock = () => performance.timeOrigin + performance.now();
export const wait = (ms) => new Promise((r) => setTimeout(r, ms)); // lint-allow: sleep (a benchmark's pacing)
export const pct = (xs, p) => {
  if (!xs.length) return null;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
export const round1 = (x) => (x === null ? null : Math.round(x * 10) / 10);

// onEvent(json, arrivedAt) for each message; resolves once the first
// connection answered 200. close() ends it for good. reconnects counts the
// streams that ended under it.
export function eventSource(base, cookie, onEvent) {
  const es = { reconnects: 0, closed: false, lastId: null, rq: null, close() { this.closed = true; this.rq?.destroy(); } };
  const connect = (first) => new Promise((resolve, reject) => {
    const headers = { Cookie: cookie, Accept: 'text/event-stream' };
    if (es.lastId) headers['Last-Event-ID'] = es.lastId;
    const rq = http.get(new URL('/api/v1/live', base), { agent: false, headers }, (res) => {
      if (res.statusCode !== 200) { res.resume(); reject(new Error(`live: ${res.statusCode}`)); return; }
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        const at = clock();
        buf += c;
        let end;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith('data:')) data += line.slice(5).trimStart();
            else if (line.startsWith('id:')) es.lastId = line.slice(3).trim();
          }
          if (!data) continue;
          let e;
          try { e = JSON.parse(data); } catch { continue; /* a ping */ }
          onEvent(e, at);
        }
      });
      const again = () => {
        if (es.closed) return;
        es.reconnects++;
        setTimeout(() => connect(false).catch(() => again()), 100); // lint-allow: sleep (EventSource's retry)
      };
      res.on('end', again);
      res.on('error', () => {});
      resolve(es);
    });
    es.rq = rq;
    rq.on('error', (e) => { if (first && !es.closed) reject(e); });
  });
  return connect(true);
}

// A person's API client over kept-alive connections: call(method, path,
// body) resolves {status, body, ms}.
export function apiClient(base, cookie, agent) {
  const c = {
    csrf: null,
    call(method, path, body) {
      return new Promise((resolve, reject) => {
        const data = body === undefined ? null : JSON.stringify(body);
        const headers = { Cookie: cookie };
        if (c.csrf) headers['X-CSRF-Token'] = c.csrf;
        if (data) { headers['Content-Type'] = 'application/json'; headers['Content-Length'] = Buffer.byteLength(data); }
        const t0 = performance.now();
        const rq = http.request(new URL('/api/v1' + path, base), { method, agent, headers }, (res) => {
          const chunks = [];
          res.on('data', (ch) => chunks.push(ch));
          res.on('end', () => {
            const ms = performance.now() - t0;
            const text = Buffer.concat(chunks).toString('utf8');
            let json = null;
            try { json = text ? JSON.parse(text) : null; } catch { json = text; }
            resolve({ status: res.statusCode, body: json, ms });
          });
        });
        rq.on('error', reject);
        rq.end(data);
      });
    },
    async signIn() {
      const r = await c.call('GET', '/me');
      if (r.status !== 200) throw new Error(`GET /me: ${r.status}`);
      c.csrf = r.body.csrf_token;
      return r.body.user;
    },
  };
  return c;
}
