// Polls on posts (docs/polls.md): creation and its bad input, voting and
// changing one's vote, closing, what each person sees of the results,
// the poll in the post object and the feeds, the CSV, the live message,
// and the anonymity of anonymous ballots checked on the database's rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminClient, newUser, unique, eventually, sql } from './client.mjs';
import { subscribe } from './eventsource.mjs';

const admin = await adminClient();

async function setup(visibility = 'private') {
  const alice = await newUser(admin, { name: `Alice ${unique()}` });
  const bob = await newUser(admin, { name: `Bob ${unique()}` });
  const carol = await newUser(admin, { name: `Carol ${unique()}` });
  const g = (await alice.client.post('/groups', { name: unique('Sondages '), visibility })).body;
  for (const p of [bob, carol]) assert.equal((await alice.client.put(`/groups/${g.id}/members/${p.id}`, { role: 'member' })).status, 200);
  const post = (await alice.client.post(`/groups/${g.id}/posts`, { body: 'Quel jour pour la fête ?' })).body;
  return { alice, bob, carol, g, post };
}

const poll = (client, postId, body) => client.post(`/posts/${postId}/poll`, body);

test('creating a poll: the bad input of the issue refused, nothing half-created, one poll per post', async () => {
  const { alice, bob, post } = await setup();
  const base = { question: 'Quel jour ?', options: ['Lundi', 'Mardi'] };
  const bad = [
    [{ ...base, options: ['Lundi', 'lundi'] }, 400, /répète/],          // duplicates (case)
    [{ ...base, options: ['Été', 'ete', 'Hiver'] }, 400, /n° 2/],       // duplicates (accents)
    [{ ...base, options: ['Seule'] }, 400, /de 2 à 30/],
    [{ ...base, options: Array.from({ length: 31 }, (_, i) => `o${i}`) }, 400, /de 2 à 30/],
    [{ ...base, options: ['x'.repeat(201), 'b'] }, 400, /200 caractères/],
    [{ ...base, options: ['  ', 'b'] }, 400, /n° 1/],
    [{ ...base, options: ['a', 3] }, 400, /n° 2/],
    [{ ...base, multiple: 3 }, 400, /multiple/],
    [{ ...base, multiple: 0 }, 400, /multiple/],
    [{ ...base, closes: '2020-01-01T00:00:00Z' }, 400, /futur/],
    [{ ...base, closes: 'demain' }, 400, /date/],
    [{ ...base, results: 'never' }, 400, /results/],
    [{ ...base, question: '   ' }, 400, /question/],
    [{ options: ['a', 'b'] }, 400, /question/],
  ];
  for (const [body, status, re] of bad) {
    const r = await poll(alice.client, post.id, body);
    assert.equal(r.status, status, JSON.stringify(body) + ' ' + r.text);
    assert.match(r.body.error.message, re, r.text);
  }
  assert.equal(sql(`SELECT COUNT(*) FROM polls WHERE post_id = ${post.id}`).trim(), '0');
  // the same in English
  const en = await alice.client.request('POST', `/posts/${post.id}/poll`, { ...base, options: ['Yes', 'yes'] }, { headers: { 'Accept-Language': 'en' } });
  assert.equal(en.status, 400);
  assert.equal(en.body.error.message, 'Option no. 2 repeats an earlier option.');
  // only the post's author
  assert.equal((await poll(bob.client, post.id, base)).status, 403);
  const r = await poll(alice.client, post.id, { ...base, options: [' Lundi ', 'Mardi', 'Mercredi'], multiple: 2, other: true });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.body.options.map((o) => o.label), ['Lundi', 'Mardi', 'Mercredi']);
  assert.equal(r.body.multiple, 2);
  assert.equal(r.body.anonymous, false);
  assert.equal(r.body.results, 'always');
  assert.equal(sql(`SELECT COUNT(*) FROM poll_options WHERE poll_id = ${r.body.id}`).trim(), '3');
  const again = await poll(alice.client, post.id, base);
  assert.equal(again.status, 409);
  assert.match(again.body.error.message, /déjà un sondage/);
  // two at the same moment: one poll, the other told so
  const post2 = (await alice.client.post(`/groups/${post.group.id}/posts`, { body: 'Deux à la fois' })).body;
  const both = await Promise.all([poll(alice.client, post2.id, base), poll(alice.client, post2.id, base)]);
  assert.deepEqual(both.map((x) => x.status).sort(), [201, 409]);
  assert.equal(sql(`SELECT COUNT(*) FROM polls WHERE post_id = ${post2.id}`).trim(), '1');
});

test('voting: a second vote is a change, not a second vote; bad choices 400; after closing 409; a non-reader 404', async () => {
  const { alice, bob, carol, post } = await setup();
  const p = (await poll(alice.client, post.id, { question: 'Quel jour ?', options: ['Lundi', 'Mardi', 'Mercredi'], multiple: 2, other: true })).body;
  const vote = (who, body) => who.client.put(`/polls/${p.id}/vote`, body);
  let r = await vote(bob, { options: [0] });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.my_vote, { options: [0], other: null });
  assert.equal(r.body.voters, 1);
  r = await vote(bob, { options: [1, 2] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.voters, 1, 'still one voter');
  assert.deepEqual(r.body.options.map((o) => o.votes), [0, 1, 1]);
  assert.deepEqual(r.body.options.map((o) => o.percent), [0, 100, 100]);
  assert.equal(sql(`SELECT COUNT(*) FROM poll_ballots WHERE poll_id = ${p.id}`).trim(), '1');
  r = await vote(carol, { options: [1], other: 'Jeudi' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.voters, 2);
  assert.equal(r.body.other_votes, 1);
  assert.deepEqual(r.body.options.map((o) => [o.votes, o.percent]), [[0, 0], [2, 100], [1, 50]]);
  for (const [body, re] of [
    [{ options: [0, 1, 2] }, /2 choix au plus/],
    [{ options: [0, 1], other: 'Vendredi' }, /2 choix au plus/],
    [{ options: [3] }, /de 0 à 2/],
    [{ options: [-1] }, /de 0 à 2/],
    [{ options: [1, 1] }, /chacun une fois/],
    [{ options: ['1'] }, /de 0 à 2/],
    [{ options: [] }, /au moins une/],
    [{}, /au moins une/],
    [{ options: [0], extra: 1 }, /extra/],
  ]) {
    const bad = await vote(bob, body);
    assert.equal(bad.status, 400, JSON.stringify(body) + ' ' + bad.text);
    assert.match(bad.body.error.message, re, bad.text);
  }
  // nothing changed by the refused votes
  assert.deepEqual((await bob.client.get(`/polls/${p.id}`)).body.my_vote, { options: [1, 2], other: null });
  // someone who may not read the private group's post
  const dave = await newUser(admin);
  assert.equal((await vote(dave, { options: [0] })).status, 404);
  assert.equal((await dave.client.get(`/polls/${p.id}`)).status, 404);
  // closing: members may not, the author may, then no vote
  assert.equal((await bob.client.post(`/polls/${p.id}/close`)).status, 403);
  r = await alice.client.post(`/polls/${p.id}/close`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.closed, true);
  assert.equal((await alice.client.post(`/polls/${p.id}/close`)).status, 409);
  r = await vote(bob, { options: [0] });
  assert.equal(r.status, 409);
  assert.match(r.body.error.message, /clos/);
  assert.deepEqual((await bob.client.get(`/polls/${p.id}`)).body.options.map((o) => o.votes), [0, 2, 1]);
  // a poll whose closing date passed
  const post2 = (await alice.client.post(`/groups/${(await alice.client.get(`/posts/${post.id}`)).body.group.id}/posts`, { body: 'Vite' })).body;
  const p2 = (await poll(alice.client, post2.id, { question: 'Vite ?', options: ['Oui', 'Non'], closes: new Date(Date.now() + 60000).toISOString() })).body;
  sql(`UPDATE polls SET closes_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE id = ${p2.id}`);
  assert.equal((await bob.client.put(`/polls/${p2.id}/vote`, { options: [0] })).status, 409);
  const free = await bob.client.put(`/polls/${p2.id}/vote`, { options: [0], other: 'x' });
  assert.equal(free.status, 409, 'closed is said before the body is judged');
});

test('results shown after voting or after closing; the author always; the poll in the post and in the feeds', async () => {
  const { alice, bob, carol, g, post } = await setup();
  const p = (await poll(alice.client, post.id, { question: 'Après vote ?', options: ['A', 'B'], results: 'after_vote' })).body;
  let seen = (await bob.client.get(`/polls/${p.id}`)).body;
  assert.equal(seen.results_visible, false);
  assert.equal(seen.options[0].votes, undefined);
  assert.equal(seen.voters, undefined);
  await carol.client.put(`/polls/${p.id}/vote`, { options: [1] });
  assert.equal((await alice.client.get(`/polls/${p.id}`)).body.options[1].votes, 1, 'the author sees the counts');
  seen = (await bob.client.get(`/polls/${p.id}`)).body;
  assert.equal(seen.options[1].votes, undefined, 'Bob has not voted');
  // the post object and both feeds carry the poll as Bob may see it
  const inPost = (await bob.client.get(`/posts/${post.id}`)).body.poll;
  assert.equal(inPost.id, p.id);
  assert.equal(inPost.results_visible, false);
  const inGroup = () => bob.client.get(`/groups/${g.id}/posts`).then((r) => r.body.items.find((x) => x.id === post.id).poll);
  const inFeed = () => bob.client.get('/feed').then((r) => r.body.items.find((x) => x.id === post.id)?.poll);
  assert.equal((await inGroup()).results_visible, false);
  assert.equal((await inFeed()).results_visible, false);
  await bob.client.put(`/polls/${p.id}/vote`, { options: [1] });
  for (const got of [await inGroup(), await inFeed(), (await bob.client.get(`/posts/${post.id}`)).body.poll]) {
    assert.equal(got.results_visible, true);
    assert.deepEqual(got.options.map((o) => o.votes), [0, 2], 'the counts are the latest in every view');
    assert.deepEqual(got.my_vote.options, [1]);
  }
  // a post without a poll says so
  const plain = (await alice.client.post(`/groups/${g.id}/posts`, { body: 'Sans sondage' })).body;
  assert.equal(plain.poll, null);
  assert.equal((await bob.client.get('/feed')).body.items.find((x) => x.id === plain.id).poll, null);
  // after closing only
  const post2 = (await alice.client.post(`/groups/${g.id}/posts`, { body: 'Après clôture' })).body;
  const q = (await poll(alice.client, post2.id, { question: 'Clos ?', options: ['A', 'B'], results: 'after_close' })).body;
  const voted = (await bob.client.put(`/polls/${q.id}/vote`, { options: [0] })).body;
  assert.equal(voted.results_visible, false);
  assert.equal(voted.options[0].votes, undefined);
  await alice.client.post(`/polls/${q.id}/close`);
  seen = (await bob.client.get(`/polls/${q.id}`)).body;
  assert.equal(seen.results_visible, true);
  assert.equal(seen.options[0].votes, 1);
  // the post's deletion takes its poll along
  await alice.client.del(`/posts/${post2.id}`);
  assert.equal(sql(`SELECT COUNT(*) FROM polls WHERE id = ${q.id}`).trim() + sql(`SELECT COUNT(*) FROM poll_ballots WHERE poll_id = ${q.id}`).trim(), '00');
  assert.equal((await bob.client.get(`/polls/${q.id}`)).status, 404);
});

test('anonymous: no row of any poll table links a voter to a choice; a named poll does (the check can fail)', async () => {
  const { alice, bob, carol, g, post } = await setup();
  const anon = (await poll(alice.client, post.id, { question: 'Anonyme ?', options: ['Oui', 'Non', 'Sans avis'], anonymous: true, other: true })).body;
  assert.equal(anon.anonymous, true);
  const voters = [alice, bob, carol];
  await bob.client.put(`/polls/${anon.id}/vote`, { options: [0] });
  await carol.client.put(`/polls/${anon.id}/vote`, { options: [1] });
  await alice.client.put(`/polls/${anon.id}/vote`, { options: [], other: 'Peut-être' });
  await bob.client.put(`/polls/${anon.id}/vote`, { options: [2] });     // a change
  const seen = (await bob.client.get(`/polls/${anon.id}`)).body;
  assert.deepEqual(seen.options.map((o) => o.votes), [0, 1, 1]);
  assert.equal(seen.voters, 3);
  assert.deepEqual(seen.my_vote.options, [2], 'each finds their own ballot');
  assert.equal(seen.ballots, undefined);
  assert.equal((await alice.client.get(`/polls/${anon.id}`)).body.ballots, undefined, 'not even the author');
  assert.equal((await admin.get(`/polls/${anon.id}`)).body.ballots, undefined, 'nor an administrator');

  // every table whose name says poll, as a dump would show it
  const tables = sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'parvis' AND table_name LIKE '%poll%' ORDER BY 1").trim().split('\n').sort();
  assert.deepEqual(tables, ['poll_ballots', 'poll_options', 'polls']);
  const ids = new Set(voters.map((v) => String(v.id)));
  const columns = (t) => sql(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'parvis' AND table_name = '${t}' ORDER BY ordinal_position`).trim().split('\n');
  assert.deepEqual(columns('poll_ballots'), ['poll_id', 'ballot_key', 'user_id', 'choices', 'other'], 'no time, no sequence');
  const rows = sql(`SELECT poll_id, HEX(ballot_key), IFNULL(user_id, 'NULL'), choices, IFNULL(other, 'NULL') FROM poll_ballots WHERE poll_id = ${anon.id}`)
    .trim().split('\n').map((l) => l.split('\t'));
  assert.equal(rows.length, 3);
  for (const [, key, user] of rows) {
    assert.equal(user, 'NULL', 'an anonymous ballot names nobody');
    assert.match(key, /^[0-9A-F]{64}$/);
    for (const v of voters) assert.ok(!key.includes(String(v.id).padStart(16, '0')), 'the key is not the id');
  }
  // the poll and its options name no person at all: counts only
  for (const t of ['polls', 'poll_options']) assert.ok(!columns(t).some((c) => /user|voter_id|actor/.test(c)), t);
  const optionRows = sql(`SELECT * FROM poll_options WHERE poll_id = ${anon.id}`).trim().split('\n').map((l) => l.split('\t'));
  assert.deepEqual(optionRows.map((o) => o.slice(1)), [['0', 'Oui', '0'], ['1', 'Non', '1'], ['2', 'Sans avis', '1']]);
  // nothing in the ballots is a voter's id either, in any column
  for (const row of rows) assert.ok(!row.some((c, i) => i !== 0 && i !== 3 && ids.has(c)), row.join(' '));
  // the outbox rows of its votes name nobody
  const queued = sql(`SELECT IFNULL(actor_id, 'NULL'), IFNULL(subject_id, 'NULL') FROM notify_queue WHERE event = 'poll' AND object_id = ${anon.id}`).trim();
  for (const line of queued ? queued.split('\n') : []) assert.equal(line, 'NULL\tNULL');

  // a named poll keeps who chose what, for its author and moderators
  const post2 = (await alice.client.post(`/groups/${g.id}/posts`, { body: 'Nominatif' })).body;
  const named = (await poll(alice.client, post2.id, { question: 'Nominatif ?', options: ['Oui', 'Non'] })).body;
  await bob.client.put(`/polls/${named.id}/vote`, { options: [1] });
  assert.equal(sql(`SELECT user_id FROM poll_ballots WHERE poll_id = ${named.id}`).trim(), String(bob.id));
  const detail = (await alice.client.get(`/polls/${named.id}`)).body;
  assert.deepEqual(detail.ballots.map((b) => [b.user.id, b.options]), [[bob.id, [1]]]);
  assert.equal((await carol.client.get(`/polls/${named.id}`)).body.ballots, undefined, 'a member does not see who voted what');
});

test('CSV: named polls with names, anonymous ones with counts only; for the author and moderators', async () => {
  const { alice, bob, carol, post, g } = await setup();
  const named = (await poll(alice.client, post.id, { question: 'Menu ?', options: ['=Poisson', 'Viande'], other: true, multiple: 2 })).body;
  await bob.client.put(`/polls/${named.id}/vote`, { options: [0, 1] });
  await carol.client.put(`/polls/${named.id}/vote`, { options: [1], other: 'Végé' });
  assert.equal((await bob.client.get(`/polls/${named.id}/results?format=csv`)).status, 403);
  let r = await alice.client.get(`/polls/${named.id}/results?format=csv`);
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /text\/csv/);
  const lines = r.text.trim().split('\r\n');
  assert.equal(lines[0], '"name","email","\'=Poisson","Viande","Autre / Other"', 'a formula is neutralised');
  assert.ok(lines.includes(`"${bob.user.display_name}","${bob.email}","x","x",""`), r.text);
  assert.ok(lines.includes(`"${carol.user.display_name}","${carol.email}","","x","Végé"`), r.text);
  // an anonymous poll: no names at all
  const post2 = (await alice.client.post(`/groups/${g.id}/posts`, { body: 'Anonyme' })).body;
  const anon = (await poll(alice.client, post2.id, { question: 'Secret ?', options: ['Oui', 'Non'], anonymous: true })).body;
  await bob.client.put(`/polls/${anon.id}/vote`, { options: [0] });
  await carol.client.put(`/polls/${anon.id}/vote`, { options: [0] });
  r = await alice.client.get(`/polls/${anon.id}/results?format=csv`);
  assert.equal(r.status, 200);
  assert.equal(r.text, '"option","votes","percent"\r\n"Oui","2","100"\r\n"Non","0","0"\r\n"voters","2",""\r\n');
  assert.ok(!r.text.includes(bob.email) && !r.text.includes(bob.user.display_name));
  // an administrator (a moderator of every group) exports it too
  assert.equal((await admin.get(`/polls/${anon.id}/results?format=csv`)).status, 200);
  assert.equal((await alice.client.get(`/polls/${anon.id}/results?format=xml`)).status, 400);
});

test('a vote is live on the post\'s channel and its group\'s, saying which poll and nothing of the voter', async () => {
  const { alice, bob, g, post } = await setup();
  const p = (await poll(alice.client, post.id, { question: 'Live ?', options: ['A', 'B'], anonymous: true })).body;
  const sub = await subscribe(alice.client, `p${post.id},g${g.id}`);
  assert.equal(sub.status, 200);
  try {
    // nchan answers a subscription to several channels before each of them
    // is attached (a message published in that instant is not sent): the
    // stream counts as live once alice's own vote came on both channels
    // (her votes a second apart, so that none is still on its way after)
    const polls = () => sub.events.filter((e) => e.type === 'poll');
    let last = 0;
    await eventually(async () => {
      if (polls().length >= 2) return true;
      if (Date.now() - last >= 1000) {
        last = Date.now();
        await alice.client.put(`/polls/${p.id}/vote`, { options: [0] });
      }
      return false;
    }, 15000, 'alice\'s vote on both channels (the subscription attached)');
    const before = polls().length;
    await bob.client.put(`/polls/${p.id}/vote`, { options: [1] });
    await eventually(() => polls().length >= before + 2, 15000, 'bob\'s vote, one on each channel');
    for (const e of polls()) assert.deepEqual(e, { type: 'poll', post: post.id, poll: p.id });
  } finally { sub.close(); }
});

test('votes at the same moment: one ballot per person, and the counts equal the ballots', async () => {
  const { alice, bob, carol, post } = await setup();
  const p = (await poll(alice.client, post.id, { question: 'En même temps ?', options: ['A', 'B', 'C'], anonymous: true })).body;
  const people = [alice, bob, carol];
  // each person sends six votes at once, changing their mind each time
  const all = await Promise.all(people.flatMap((who, k) =>
    Array.from({ length: 6 }, (_, i) => who.client.put(`/polls/${p.id}/vote`, { options: [(i + k) % 3] }))));
  for (const r of all) assert.equal(r.status, 200, r.text);
  const seen = (await alice.client.get(`/polls/${p.id}`)).body;
  assert.equal(seen.voters, 3);
  assert.equal(seen.options.reduce((n, o) => n + o.votes, 0), 3, 'one choice counted per person');
  assert.equal(sql(`SELECT COUNT(*) FROM poll_ballots WHERE poll_id = ${p.id}`).trim(), '3');
  // the kept counts are those of the ballots
  const fromBallots = sql(`SELECT SUM(choices & 1 > 0), SUM(choices & 2 > 0), SUM(choices & 4 > 0) FROM poll_ballots WHERE poll_id = ${p.id}`).trim().split('\t').map(Number);
  assert.deepEqual(seen.options.map((o) => o.votes), fromBallots);
});
