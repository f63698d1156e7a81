// A small HTTP client for the API tests: a cookie jar, the CSRF token, the
// language, and an optional local address (127.0.0.x) to act as another
// machine for the per-address sign-in limits.
import http from 'node:http';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BASE = process.env.PARVIS_URL;
export const VAR = process.env.PARVIS_VAR;
export const ADMIN = { email: process.env.PARVIS_ADMIN_EMAIL, password: process.env.PARVIS_ADMIN_PASSWORD };
if (!BASE) throw new Error('PARVIS_URL is not set: run through tests/run or tests/stack.sh');

export class Client {
  // base: another stack's address (a test that starts its own: disk_full,
  // the backup test's restored copy)
  constructor({ lang = 'fr', localAddress, base = BASE } = {}) {
    this.base = base;
    this.cookies = new Map();
    this.csrf = null;
    this.lang = lang;
    this.localAddress = localAddress;
  }

  // raw: a Buffer or string sent as is; otherwise body is JSON-encoded.
  request(method, path, body, { headers = {}, raw, csrf = true } = {}) {
    const url = new URL(path.startsWith('/api/') ? path : '/api/v1' + path, this.base);
    const h = { 'Accept-Language': this.lang, ...headers };
    let payload = null;
    if (raw !== undefined) payload = Buffer.from(raw);
    else if (body !== undefined) { payload = Buffer.from(JSON.stringify(body)); h['Content-Type'] ??= 'application/json'; }
    if (payload) h['Content-Length'] = payload.length;
    if (this.cookies.size) h.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (csrf && this.csrf && method !== 'GET' && !('X-CSRF-Token' in h)) h['X-CSRF-Token'] = this.csrf;
    return new Promise((resolve, reject) => {
      const rq = http.request(url, { method, headers: h, localAddress: this.localAddress, agent: false }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          for (const c of res.headers['set-cookie'] ?? []) {
            const [pair] = c.split(';');
            const eq = pair.indexOf('=');
            const name = pair.slice(0, eq), value = pair.slice(eq + 1);
            if (/Max-Age=0/i.test(c) || value === '') this.cookies.delete(name); else this.cookies.set(name, value);
          }
          const bytes = Buffer.concat(chunks);
          const text = bytes.toString('utf8');
          let json = null;
          try { json = text ? JSON.parse(text) : null; } catch { json = undefined; }
          resolve({ status: res.statusCode, headers: res.headers, body: json, text, bytes });
        });
      });
      rq.on('error', reject);
      if (payload) rq.write(payload);
      rq.end();
    });
  }

  get(path, opts) { return this.request('GET', path, undefined, opts); }
  post(path, body, opts) { return this.request('POST', path, body, opts); }
  patch(path, body, opts) { return this.request('PATCH', path, body, opts); }
  put(path, body, opts) { return this.request('PUT', path, body, opts); }
  del(path, opts) { return this.request('DELETE', path, undefined, opts); }

  async login(email, password) {
    const r = await this.post('/session', { email, password });
    if (r.status === 200) this.csrf = r.body.csrf_token;
    return r;
  }
}

export async function adminClient() {
  const c = new Client();
  const r = await c.login(ADMIN.email, ADMIN.password);
  if (r.status !== 200) throw new Error('admin sign-in failed: ' + r.status + ' ' + r.text);
  return c;
}

let seq = 0;
export function unique(prefix = 'u') {
  return `${prefix}${process.pid}x${Date.now().toString(36)}x${seq++}`;
}

export const PASSWORD = 'correct horse battery staple';

// Creates an account through the API and returns {id, email, password, client}.
export async function newUser(admin, { name, role = 'user', signIn = true } = {}) {
  const email = `${unique('p')}@example.org`;
  const r = await admin.post('/users', { email, display_name: name ?? `Test ${unique()}`, password: PASSWORD, role });
  if (r.status !== 201) throw new Error('user creation failed: ' + r.status + ' ' + r.text);
  const out = { id: r.body.id, email, password: PASSWORD, user: r.body };
  if (signIn) {
    out.client = new Client();
    const s = await out.client.login(email, PASSWORD);
    if (s.status !== 200) throw new Error('sign-in failed: ' + s.text);
  }
  return out;
}

// A fresh directory for a test's own files: under TMPDIR, which tests/run
// points into the stack's directory, removed with it after a green run.
export const scratch = (what) => mkdtempSync(join(tmpdir(), `parvis-${what}-`));

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Waits until fn() returns a truthy value (polling), or fails after ms.
export async function eventually(fn, ms = 5000, what = 'condition') {
  // the monotonic clock: a step of the wall clock (NTP on a VM) must not
  // end a wait early
  const end = performance.now() + ms;
  let last;
  while (performance.now() < end) {
    last = await fn();
    if (last) return last;
    await sleep(50); // lint-allow: sleep (the polling interval)
  }
  throw new Error(`timed out waiting for ${what}`);
}

// SQL through the stack's own MariaDB socket (for setting up volume quickly).
export function sql(statement) {
  return execFileSync('mariadb', ['--no-defaults', `--socket=${VAR}/run/mysqld.sock`, '-N', '-B', 'parvis', '-e', statement],
    { encoding: 'utf8' });
}

// Another MariaDB session, kept open: its statements run in turn, each
// awaited by what it prints; `end` sends the last ones and closes it. For
// holding a row's lock while a request waits for it.
export async function session() {
  const child = spawn('mariadb', ['--no-defaults', `--socket=${VAR}/run/mysqld.sock`, '-N', '-B', '--unbuffered', 'parvis'],
    { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (b) => { out += b; });
  const closed = new Promise((resolve) => child.on('close', resolve));
  let n = 0;
  return {
    async run(statements) {
      const mark = `done-${++n}`;
      child.stdin.write(`${statements}; SELECT '${mark}';\n`);
      await eventually(() => out.includes(mark), 10000, `the other session's statements (${statements})`);
    },
    async end(statements = 'ROLLBACK') {
      child.stdin.end(`${statements};\n`);
      await closed;
    },
  };
}

// Signals a process that may have ended meanwhile (a worker that a list
// named a moment ago): ended is fine.
export function killIfAlive(pid, signal = 'SIGKILL') {
  try { process.kill(pid, signal); } catch (e) { if (e.code !== 'ESRCH') throw e; }
}

export function pidOf(name) {
  return Number(execFileSync('cat', [`${VAR}/run/${name}.pid`], { encoding: 'utf8' }).trim());
}

export function childrenOf(pid) {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch { return []; }
}
