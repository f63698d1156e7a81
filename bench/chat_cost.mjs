// What one chat request costs MariaDB, per kind (bench/RESULTS.md, « Chat »,
// the third session): on a stack the load bench left running
// (BENCH_KEEP=1 make bench-chat PART=load), N requests of each kind
// (send, list, history, read; KINDS=send,list to choose), four at a time,
// each kind's work followed to its end (the notifier's and the indexer's
// queues empty); prints mariadbd's CPU time per request (from /proc, the
// process MDB_PID) and the statements per request (SHOW GLOBAL STATUS).
// Run: set -a; . STACK/env; set +a; MDB_PID=$(pgrep -f "mariadbd.*STACK") node bench/chat_cost.mjs
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { apiClient, cookieOf } from './chat_sse.mjs';
const BASE = process.env.PARVIS_URL, VAR = process.env.PARVIS_VAR, PID = process.env.MDB_PID;
const sql = (s) => execFileSync('mariadb', ['--no-defaults', `--socket=${VAR}/run/mysqld.sock`, '-N', '-B', 'parvis', '-e', s], { encoding: 'utf8' }).trim();
const cpu = () => { const f = readFileSync(`/proc/${PID}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) / 100; };
const status = () => Object.fromEntries(sql("SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions','Com_commit','Com_select','Com_insert','Com_update','Com_delete','Handler_read_next','Handler_read_key','Created_tmp_tables','Handler_commit')").split('\n').map((l) => l.split('\t')).map(([k, v]) => [k, Number(v)]));
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
const people = sql('SELECT user_id, conversation_id FROM conversation_members WHERE participant = 1 AND user_id BETWEEN 3 AND 400 ORDER BY user_id').split('\n').map((l) => l.split('\t').map(Number));
const N = Number(process.env.N ?? 400);
const idle = async () => { while (sql('SELECT (SELECT COUNT(*) FROM notify_queue) + (SELECT COUNT(*) FROM index_queue)') !== '0') await new Promise((r) => setTimeout(r, 200)); };
const apis = new Map();
const api = (u) => { if (!apis.has(u)) apis.set(u, apiClient(BASE, cookieOf(u), agent)); return apis.get(u); };
let n = 0;
const kinds = {
  send: (u, c) => api(u).call('POST', `/conversations/${c}/messages`, { body: `Point ${n} : le dossier avance, réunion demain matin`, client_id: `cost-${Date.now()}-${n++}` }),
  list: (u) => api(u).call('GET', '/conversations'),
  history: (u, c) => api(u).call('GET', `/conversations/${c}/messages?limit=50`),
  read: async (u, c) => api(u).call('POST', `/conversations/${c}/read`, { up_to: Number(sql(`SELECT last_message_id FROM conversations WHERE id = ${c}`)) }),
};
for (const u of new Set(people.map(([u]) => u))) await api(u).signIn?.();
for (const kind of (process.env.KINDS ?? 'send,list,history,read').split(',')) {
  await idle();
  const c0 = cpu(), s0 = status(); let bad = 0;
  for (let i = 0; i < N; i += 4) await Promise.all([0, 1, 2, 3].map(async (j) => { const [u, c] = people[(i + j) * 7 % people.length]; const r = await kinds[kind](u, c); if (r.status >= 300) bad++; }));
  await idle();
  const c1 = cpu(), s1 = status();
  const per = Object.fromEntries(Object.keys(s1).map((k) => [k, ((s1[k] - s0[k]) / N).toFixed(1)]));
  console.log(kind, `mariadb cpu ${((c1 - c0) / N * 1000).toFixed(2)} ms/req`, 'bad', bad, JSON.stringify(per));
}
process.exit(0);
