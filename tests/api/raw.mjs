// Raw HTTP for the tests of nginx's edge: requests the ordinary client
// cannot send (bytes that are not HTTP, no Content-Length, connections held
// open), and the answers parsed by hand.
import net from 'node:net';
import http from 'node:http';
import { BASE, VAR } from './client.mjs';
import { readFileSync } from 'node:fs';

export const PORT = Number(new URL(BASE).port);

// Parses one HTTP/1.1 answer (Content-Length or until the end).
export function parseAnswer(buf) {
  const text = buf.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  const len = headers['content-length'] !== undefined ? Number(headers['content-length']) : null;
  const bodyBytes = buf.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1'));
  if (len !== null && bodyBytes.length < len) return null;
  const bodyText = (len === null ? bodyBytes : bodyBytes.subarray(0, len)).toString('utf8');
  let body;
  try { body = JSON.parse(bodyText); } catch { body = undefined; }
  return { status: Number(statusLine.split(' ')[1]), statusLine, headers, text: bodyText, body };
}

// Sends bytes as they are on a new connection and resolves with the first
// answer (parsed), or rejects after ms.
export function rawRequest(bytes, { localAddress, port = PORT, ms = 10000 } = {}) {
  return new Promise((resolve, reject) => {
    let got = Buffer.alloc(0), done = false;
    const s = net.connect({ port, host: '127.0.0.1', localAddress });
    const finish = (err, v) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.destroy();
      if (err) reject(err); else resolve(v);
    };
    const timer = setTimeout(() => finish(new Error(`no answer within ${ms} ms to ${JSON.stringify(bytes.toString('latin1').slice(0, 80))}`)), ms);
    s.on('connect', () => s.write(bytes));
    s.on('data', (d) => {
      got = Buffer.concat([got, d]);
      const a = parseAnswer(got);
      if (a) finish(null, a);
    });
    s.on('end', () => {
      const a = parseAnswer(got);
      if (a) finish(null, a);
      else finish(new Error(`connection closed without an answer (${got.length} bytes: ${JSON.stringify(got.toString('latin1').slice(0, 200))})`));
    });
    s.on('error', (e) => finish(new Error(`${e.code || e.message} before an answer`)));
  });
}

// One request through node's http with a deadline, to this stack or
// another (base): {status, headers, text, body, ms}; throws saying what
// happened (no answer in time, connection reset...).
export function send(method, path, { base = BASE, localAddress, headers = {}, body, ms = 5000 } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const h = { ...headers };
    if (body !== undefined) h['Content-Length'] = Buffer.byteLength(body);
    const rq = http.request(new URL(path, base), { method, localAddress, agent: false, headers: h }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, body: json, text, ms: performance.now() - t0 });
      });
    });
    const timer = setTimeout(() => { rq.destroy(new Error(`no answer within ${ms} ms`)); }, ms);
    rq.on('error', (e) => { clearTimeout(timer); reject(new Error(`${method} ${path}: ${e.code || e.message}`)); });
    rq.end(body);
  });
}
export const timedGet = (path, opts) => send('GET', path, opts);

// A directive's value in the nginx configuration the stack generated, or
// `fallback` (the documented default) when it has none.
export function nginxSetting(pattern, fallback) {
  const conf = readFileSync(`${VAR}/nginx/nginx.conf`, 'utf8');
  const m = conf.match(pattern);
  if (!m && fallback === undefined) throw new Error(`${pattern} not found in ${VAR}/nginx/nginx.conf`);
  return m ? m[1] : fallback;
}

export const cookieHeader = (who) => [...who.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
