// Search and exports (folder zips, CSV reports) are rate-limited by nginx
// per person (their session; the address when there is none): past the
// burst, a JSON 429 in the asker's language with Retry-After, while other
// people, and the same person's other requests, go on.
import test from 'node:test';
import assert from 'node:assert/strict';
import { adminClient, newUser, unique, Client } from './client.mjs';
import { nginxSetting } from './raw.mjs';

// Sends requests, `parallel` at a time, until one is refused or `n` have
// gone; the answers.
async function flood(who, path, n, parallel = 16) {
  const out = [];
  let sent = 0;
  await Promise.all([...Array(parallel)].map(async () => {
    while (sent < n && !out.some((r) => r.status === 429)) {
      sent++;
      out.push(await who.get(path));
    }
  }));
  return out;
}

function assertLimited(r, lang, words, what) {
  assert.equal(r.status, 429, what);
  assert.match(r.headers['content-type'], /^application\/json/, `${what}: JSON`);
  assert.equal(r.body.error.code, 'rate_limited', what);
  assert.match(r.body.error.message, words, `${what}: the message in ${lang} (${r.body.error.message})`);
  assert.ok(Number(r.headers['retry-after']) > 0, `${what}: Retry-After`);
}

test('searching faster than a person could: a JSON 429 past the burst, for that person only', async () => {
  const burst = Number(nginxSetting(/limit_req zone=search burst=(\d+)/, 0));
  const [, rate, unit] = nginxSetting(/zone=search:\S+ rate=((\d+)r\/([sm]))/, '1r/s').match(/(\d+)r\/([sm])/);
  const perSecond = Number(rate) / (unit === 'm' ? 60 : 1);
  const admin = await adminClient();
  const [alice, bob] = [await newUser(admin), await newUser(admin)];
  const fast = new Client({ lang: 'en' });
  fast.cookies = alice.client.cookies;
  // until refused: more than the burst and what refills meanwhile (a
  // minute's worth at most)
  const n = burst + Math.ceil(perSecond * 60) + 50;
  const answers = await flood(fast, `/search?q=${unique('r')}&limit=1`, n);
  const refused = answers.filter((r) => r.status === 429);
  const counts = {};
  for (const r of answers) counts[r.status] = (counts[r.status] ?? 0) + 1;
  assert.ok(refused.length > 0, `${answers.length} searches in a row by one person: the last refused with 429 (${JSON.stringify(counts)})`);
  assert.ok(answers.every((r) => r.status === 200 || r.status === 429), `200 or 429 only: ${JSON.stringify(counts)}`);
  assert.ok(counts[200] >= burst, `the burst is served (${counts[200]} of ${burst})`);
  assertLimited(refused[0], 'en', /Too many requests/, 'a search past the limit');
  const fr = await alice.client.get('/search?q=encore&limit=1');
  if (fr.status === 429) assertLimited(fr, 'fr', /Trop de requêtes/, 'in French');
  // another person from the same address searches; Alice's other requests pass
  assert.equal((await bob.client.get('/search?q=budget&limit=1')).status, 200, 'another person searches meanwhile');
  assert.equal((await alice.client.get('/me')).status, 200, "the person's other requests pass");
});

test('exports (folder zips and CSV reports) past the burst: a JSON 429; the report as JSON and other people are not limited', async () => {
  const burst = Number(nginxSetting(/limit_req zone=exports burst=(\d+)/, 0));
  const admin = await adminClient();
  const [alice, bob] = [await newUser(admin), await newUser(admin)];
  const g = (await alice.client.post('/groups', { name: unique('Exports'), visibility: 'public', posting: 'members' })).body;
  assert.ok(g.id, 'group created');
  const post = (await alice.client.post(`/groups/${g.id}/posts`, { title: 'Convocation', body: 'Conseil lundi', must_read: true })).body;
  assert.ok(post.id, 'post created');
  const root = (await alice.client.get(`/groups/${g.id}/drive`)).body.root_folder_id;
  assert.equal((await alice.client.request('PUT', `/folders/${root}/files/ordre-du-jour.txt`, undefined, { raw: 'point 1' })).status, 201);

  // zips one after the other, as fast as they come
  const answers = [];
  for (let i = 0; i < burst + 10 && !answers.some((r) => r.status === 429); i++) answers.push(await alice.client.get(`/folders/${root}/zip`));
  const refused = answers.find((r) => r.status === 429);
  assert.ok(refused, `${answers.length} zips in a row: the last ones refused (${answers.map((r) => r.status).join(' ')})`);
  assert.ok(answers.filter((r) => r.status === 200).length >= burst, 'the burst is served');
  assertLimited(refused, 'fr', /Trop de téléchargements en peu de temps/, 'a zip past the limit');
  // the CSV report shares the budget, in English when asked
  const en = new Client({ lang: 'en' });
  en.cookies = alice.client.cookies;
  assertLimited(await en.get(`/posts/${post.id}/reads?format=csv`), 'en', /Too many downloads in a short time/, 'a CSV report past the limit');
  // the report itself (JSON) is not an export
  assert.equal((await alice.client.get(`/posts/${post.id}/reads`)).status, 200, 'the report as JSON');
  assert.equal((await alice.client.get(`/posts/${post.id}/reads?format=json`)).status, 200, 'the report as JSON (format=json)');
  // another person from the same address exports meanwhile
  assert.equal((await bob.client.get(`/folders/${root}/zip`)).status, 200, "another person's zip");
});
