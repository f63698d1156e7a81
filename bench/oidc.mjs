// The sign-in round trip through OpenID Connect (bench/oidc.sh): against
// the local provider of the tests (tests/api/oidc_provider.mjs), one
// browser's sign-in at a time, each request timed on the client side. The
// project's part: GET /auth/oidc/login (the redirect) + GET
// /auth/oidc/callback (state, code exchange, ID token checked, account,
// session), minus the time the provider spent answering Parvis's own
// requests (its token endpoint; discovery and keys are cached), measured
// inside the provider. The provider's pages (authorization, interaction)
// are the provider's part, not counted.
import { adminClient, unique, BASE } from '../tests/api/client.mjs';
import { startProvider, signIn, CLIENTS } from '../tests/api/oidc_provider.mjs';
import { readFileSync, writeFileSync, statSync } from 'node:fs';

const N = Number(process.env.BENCH_OIDC_N || 100);
const WARM = Number(process.env.BENCH_OIDC_WARM || 10);
const results = process.argv[2];
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const stealOf = () => Number(readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/)[8]);

const admin = await adminClient();
const op = await startProvider({ redirectUri: new URL('/api/v1/auth/oidc/callback', BASE).href, postLogoutUri: new URL('/', BASE).href });
const c = CLIENTS.rs;
const put = await admin.put('/admin/sso', {
  enabled: true, label: 'Bench', issuer: op.issuer, client_id: c.client_id, client_secret: c.client_secret, client_auth: c.auth,
  scopes: 'openid email profile org', claims_mapping: { email: 'email', name: 'name', department: 'department', site: 'site' },
  create_accounts: true, match_email: true, userinfo: 'none',
});
if (put.status !== 200) throw new Error('settings: ' + put.text);

function person() {
  const sub = unique('bench-');
  op.accounts.set(sub, { email: `${sub}@bench.test`, email_verified: true, name: 'Bench Person', department: 'Direction', site: 'Siège' });
  return sub;
}

async function once(sub) {
  op.use(sub);
  const before = op.providerMs;
  const r = await signIn(BASE, new Map());
  if (r.status !== 302) throw new Error(`sign-in ${r.status}: ${r.text.slice(0, 300)}`);
  const ms = (p) => r.hops.filter((h) => h.path === p).reduce((a, h) => a + h.ms, 0);
  const login = ms('/api/v1/auth/oidc/login'), callback = ms('/api/v1/auth/oidc/callback');
  const provider = op.providerMs - before;
  const all = r.hops.reduce((a, h) => a + h.ms, 0);
  return { login, callback, provider, project: login + callback - provider, all };
}

// the workers' own time for each request (the ms= of fcgi.log's access lines),
// in the order they came
const LOG = `${process.env.PARVIS_VAR}/log/fcgi.log`;
const logSize = () => statSync(LOG).size;
// and the time a worker waited for the provider's answers (its own log line
// of each request to the provider, written before the access line)
function serverTimes(from) {
  const text = readFileSync(LOG, 'utf8').slice(from);
  const out = { login: [], callback: [], waited: [] };
  let waited = 0;
  for (const m of text.matchAll(/oidc: (?:GET|POST) \S+ answered \d+ in ([\d.]+) ms|path="\/api\/v1\/auth\/oidc\/(login|callback)" status=\d+ ms=([\d.]+)/g)) {
    if (m[1] !== undefined) { waited += Number(m[1]); continue; }
    out[m[2]].push(Number(m[3]));
    if (m[2] === 'callback') { out.waited.push(waited); waited = 0; }
  }
  return out;
}

// the target on the workers' own time: p50 and p95 each
const verdict = (xs) => `p50 ${q(xs, 0.5) <= 20 ? 'yes' : 'no'}, p95 ${q(xs, 0.95) <= 20 ? 'yes' : 'no'}`;
const q = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const f = (x) => x.toFixed(1);
const rows = [];
async function series(what, n, subOf) {
  const out = [];
  const s0 = stealOf(), t0 = performance.now(), l0 = logSize();
  for (let i = 0; i < n; i++) out.push(await once(subOf()));
  const server = serverTimes(l0);
  out.forEach((o, i) => { o.server = (server.login[i] ?? NaN) + (server.callback[i] ?? NaN) - (server.waited[i] ?? NaN); });
  const steal = (stealOf() - s0) / 100 / ((performance.now() - t0) / 1000);
  const col = (k) => out.map((o) => o[k]);
  rows.push(`| ${what} | ${n} | ${f(q(col('login'), 0.5))} | ${f(q(col('callback'), 0.5))} | ${f(q(col('provider'), 0.5))} | ${f(q(col('project'), 0.5))} | ${f(q(col('project'), 0.95))} | ${f(q(col('server'), 0.5))} | ${f(q(col('server'), 0.95))} | ${f(q(col('all'), 0.5))} | ${verdict(col('server'))} | ${steal.toFixed(2)} |`);
}

const returning = person();
for (let i = 0; i < WARM; i++) await once(returning);
await series('a returning person (account found by its subject)', N, () => returning);
await series('a first sign-in (the account created, its groups by rule)', Math.max(10, N / 2), person);
// for scale: a signed-in GET /me on the same machine at the same moment
{
  const me = [], l0 = logSize();
  for (let i = 0; i < N; i++) { const t0 = performance.now(); await admin.get('/me'); me.push(performance.now() - t0); }
  const server = [...readFileSync(LOG, 'utf8').slice(l0).matchAll(/path="\/api\/v1\/me" status=200 ms=([\d.]+)/g)].map((m) => Number(m[1]));
  rows.push(`| for scale: GET /me signed in | ${N} | | | | ${f(q(me, 0.5))} | ${f(q(me, 0.95))} | ${f(q(server, 0.5))} | ${f(q(server, 0.95))} | | | |`);
}
await admin.put('/admin/sso', { enabled: false });
await op.stop();

const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} on 2 cores (a shared machine: indicative), release build, one sign-in at a time`,
  `(Node's fetch following the redirects, after ${WARM} to warm up: discovery and keys cached), the provider oidc-provider 8 on the same machine, RS256.`,
  `Load average when the measures began: ${load}. The project's part as the client sees it (nginx and the loopback included),`,
  `and « in the workers »: the FastCGI workers' own time for the two requests (fcgi.log), minus the time they waited for the provider's answer`,
  `(libcurl's total time of the token request, logged by the worker: the provider's HTTP stack and the loopback included).`,
  '',
  '| sign-in | n | login p50 ms | callback p50 ms | provider\'s token endpoint p50 ms | project\'s part p50 ms | project\'s part p95 ms | … in the workers p50 ms | … in the workers p95 ms | whole round trip p50 ms | target ≤ 20 ms (in the workers) | steal (cores) |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|',
  ...rows,
].join('\n');
console.log(table);
if (results) {
  const text = readFileSync(results, 'utf8');
  const start = '<!-- bench:oidc:start -->', end = '<!-- bench:oidc:end -->';
  const i = text.indexOf(start), j = text.indexOf(end);
  if (i >= 0 && j > i) writeFileSync(results, text.slice(0, i + start.length) + '\n' + table + '\n' + text.slice(j));
}
