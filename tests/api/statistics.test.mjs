// « Administration › Statistiques » (docs/statistics.md): the day's counts
// follow what people do — a sign-in, a post, a comment, a reaction, a
// search that finds nothing (its text in the top, no person) — overall, by
// department and per group; must-read confirmation rates; CSV exports
// neutralise formulas; only administrators see any of it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, adminClient, newUser, PASSWORD, unique } from './client.mjs';

let admin;
test.before(async () => { admin = await adminClient(); });

const today = () => new Date().toISOString().slice(0, 10);
const stats = async (query = '') => {
  const r = await admin.get(`/admin/statistics?from=${today()}&to=${today()}${query}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
};
const todayRow = (body, value) => body.series.find((s) => s.period === today() && (value === undefined || s.value === value));

// a person of a department of their own, signed in afterwards
async function colleague(department, site = '') {
  const p = await newUser(admin, { signIn: false });
  assert.equal((await admin.patch(`/users/${p.id}`, { department, site })).status, 200);
  p.client = new Client();
  assert.equal((await p.client.login(p.email, PASSWORD)).status, 200);
  return p;
}

test('the day\'s counts follow sign-ins, posts, comments, reactions and searches, overall and by department', async () => {
  const tag = unique('st');
  const dep = `Service ${tag}`;
  const before = todayRow(await stats());
  const p = await colleague(dep, `Site ${tag}`);
  const g = (await p.client.post('/groups', { name: `Stats ${tag}`, visibility: 'public' })).body;
  const post = (await p.client.post(`/groups/${g.id}/posts`, { body: `Bonjour ${tag}` })).body;
  assert.equal((await p.client.post(`/posts/${post.id}/comments`, { body: 'Merci' })).status, 201);
  assert.equal((await p.client.put(`/posts/${post.id}/reaction`, { kind: 'bravo' })).status, 200);
  const miss = `Introuvable ${tag}`;
  const s = await p.client.get(`/search?q=${encodeURIComponent(miss)}`);
  assert.equal(s.status, 200);
  assert.equal(s.body.total, 0);
  // a page of suggestions (typed in the search box) is not a search
  await p.client.get(`/search?q=${tag}&type=person,group`);

  const body = await stats();
  const after = todayRow(body);
  assert.equal(after.signins - before.signins, 1, 'the sign-in');
  assert.equal(after.posts - before.posts, 1, 'the post');
  assert.equal(after.comments - before.comments, 1, 'the comment');
  assert.equal(after.reactions - before.reactions, 1, 'the reaction');
  assert.equal(after.searches - before.searches, 1, 'one search typed');
  assert.ok(after.active >= before.active + 1, 'one more person seen today');
  assert.ok(after.accounts >= after.active && after.active_share > 0 && after.active_share <= 1);
  assert.ok(body.searches_without_results.some((q) => q.query === miss.toLowerCase() && q.count === 1),
    JSON.stringify(body.searches_without_results));
  assert.deepEqual(Object.keys(body.searches_without_results[0]).sort(), ['count', 'query'], 'no person attached');

  const byDep = todayRow(await stats('&dimension=department'), dep);
  assert.ok(byDep, 'the department has its row');
  assert.deepEqual({ active: byDep.active, accounts: byDep.accounts, signins: byDep.signins, posts: byDep.posts,
    comments: byDep.comments, reactions: byDep.reactions, searches: byDep.searches },
  { active: 1, accounts: 1, signins: 1, posts: 1, comments: 1, reactions: 1, searches: 1 });
  assert.equal(byDep.active_share, 1);
  const bySite = todayRow(await stats('&dimension=site'), `Site ${tag}`);
  assert.equal(bySite?.posts, 1, 'by site too');

  // weeks and months: the distinct people of the period, at least the day's
  const week = await admin.get('/admin/statistics?group_by=week&from=2026-01-01');
  assert.equal(week.status, 200);
  const last = week.body.series.at(-1);
  assert.equal(new Date(last.period + 'T12:00:00Z').getUTCDay(), 1, 'weeks start on Monday');
  assert.ok(last.active >= after.active);
  assert.ok(week.body.totals.posts >= 1);

  // per group: its activity, its active members, its top post
  const groups = await admin.get(`/admin/statistics/groups?from=${today()}&to=${today()}`);
  assert.equal(groups.status, 200);
  const mine = groups.body.groups.find((x) => x.id === g.id);
  assert.deepEqual({ posts: mine.posts, comments: mine.comments, reactions: mine.reactions, active: mine.active_members, members: mine.members },
    { posts: 1, comments: 1, reactions: 1, active: 1, members: 1 });
  assert.equal(mine.top_posts[0]?.id, post.id);
});

test('must-read posts: confirmations against their audience', async () => {
  const tag = unique('mr');
  const owner = await colleague(`Lecture ${tag}`);
  const reader = await newUser(admin);
  const g = (await owner.client.post('/groups', { name: `Lecture ${tag}`, visibility: 'public' })).body;
  assert.equal((await reader.client.post(`/groups/${g.id}/join`)).status, 200);
  const p = (await owner.client.post(`/groups/${g.id}/posts`, { title: `À lire ${tag}`, body: 'Consignes', must_read: true })).body;
  const row = async () => (await stats()).must_read.posts.find((x) => x.id === p.id);
  assert.deepEqual(await row().then((x) => [x.confirmed, x.audience, x.rate]), [0, 2, 0]);
  assert.equal((await reader.client.post(`/posts/${p.id}/ack`)).status, 200);
  const x = await row();
  assert.deepEqual([x.confirmed, x.audience, x.rate, x.group.id], [1, 2, 0.5, g.id]);
  const csv = await admin.get(`/admin/statistics?from=${today()}&to=${today()}&format=csv&part=must_read`);
  assert.equal(csv.status, 200);
  assert.match(csv.text, new RegExp(`"${p.id}","À lire ${tag}","Lecture ${tag}","[^"]+","1","2"`));
});

test('CSV exports: a header, a line per period, formulas neutralised, and the export in the journal', async () => {
  const tag = unique('csv');
  await colleague(`=HYPERLINK("http://x/${tag}")`);
  const r = await admin.get(`/admin/statistics?from=${today()}&to=${today()}&dimension=department&format=csv`);
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^text\/csv/);
  assert.match(r.headers['content-disposition'], /attachment; filename="statistiques-/);
  const lines = r.text.trim().split('\r\n');
  assert.equal(lines[0], '"period","value","active","accounts","signins","posts","comments","reactions","files","searches"');
  const line = lines.find((l) => l.includes(tag));
  assert.ok(line, 'the department\'s line');
  assert.ok(line.startsWith(`"${today()}","'=HYPERLINK(""http://x/${tag}"")"`), line);
  const all = await admin.get('/admin/statistics?format=csv&group_by=month&from=2026-01-01');
  assert.equal(all.text.split('\r\n')[0], '"period","active","accounts","signins","posts","comments","reactions","files","searches"');
  const groups = await admin.get('/admin/statistics/groups?format=csv');
  assert.equal(groups.status, 200);
  assert.match(groups.text, /^"group","name","visibility","members","active_members"/);
  const journal = await admin.get('/admin/audit?action=statistics.export&limit=3');
  assert.equal(journal.body.items[0].action, 'statistics.export');
  assert.match(journal.body.items[0].detail, /part=groups/);
});

test('only administrators; bad periods and parameters answered 400', async () => {
  const someone = await newUser(admin);
  for (const path of ['/admin/statistics', '/admin/statistics/groups', '/admin/statistics?format=csv']) {
    const r = await someone.client.get(path);
    assert.equal(r.status, 403, path);
    assert.equal(r.body.error.code, 'forbidden');
  }
  assert.equal((await new Client().get('/admin/statistics')).status, 401);
  for (const q of ['from=2026-02-30', 'to=hier', 'from=2026-12-01&to=2026-11-01', 'from=2020-01-01&to=2026-01-01',
    'group_by=year', 'dimension=role', 'format=xlsx', 'part=people']) {
    const r = await admin.get(`/admin/statistics?${q}`);
    assert.equal(r.status, 400, q);
    assert.ok(r.body.error.message, q);
  }
  const en = new Client({ lang: 'en' });
  await en.login(process.env.PARVIS_ADMIN_EMAIL, process.env.PARVIS_ADMIN_PASSWORD);
  assert.match((await en.get('/admin/statistics?from=2026-12-01&to=2026-11-01')).body.error.message, /The period must go/);
});
