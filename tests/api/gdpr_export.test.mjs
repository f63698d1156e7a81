// « Mes données » (docs/gdpr.md): a person asks for their data export, the
// notifier builds the zip in the background, the person is notified and
// downloads it (nginx sends it); it holds what they wrote, their messages
// and their files byte for byte, and nothing private of anyone else; nobody
// else can download it, administrators included; past its 7 days it is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { adminClient, newUser, eventually, sql, unique } from './client.mjs';
import { readZip } from './zip.mjs';

const json = (zip, name) => JSON.parse(zip.get(name).toString('utf8'));

async function putFile(who, name, bytes) {
  const root = (await who.get('/drive')).body.root_folder_id;
  const r = await who.request('PUT', `/folders/${root}/files/${encodeURIComponent(name)}`, undefined,
    { raw: bytes, headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

const ready = (who) => eventually(async () => {
  const s = (await who.get('/me/export')).body;
  assert.notEqual(s.state, 'failed');
  return s.state === 'ready' && s;
}, 30000, 'the export ready');

test('an export holds the person\'s data and files, only theirs, and only they download it', async () => {
  const admin = await adminClient();
  const alice = await newUser(admin), bruno = await newUser(admin);
  const g = (await alice.client.post('/groups', { name: unique('Export'), visibility: 'public' })).body;
  assert.equal((await bruno.client.post(`/groups/${g.id}/join`)).status < 300, true);
  const mine = (await alice.client.post(`/groups/${g.id}/posts`, { body: `Ma publication ${unique()}` })).body;
  const theirs = (await bruno.client.post(`/groups/${g.id}/posts`, { body: `Celle de Bruno ${unique()}` })).body;
  const comment = (await alice.client.post(`/posts/${theirs.id}/comments`, { body: `Mon commentaire ${unique()}` })).body;
  assert.equal((await alice.client.request('PUT', `/posts/${theirs.id}/reaction`, { kind: 'merci' })).status, 200);
  const conv = (await alice.client.post('/conversations', { participants: [bruno.id] })).body;
  const said = `Mon message ${unique()}`, heard = `Secret de Bruno ${unique()}`;
  assert.equal((await alice.client.post(`/conversations/${conv.id}/messages`, { body: said, client_id: randomUUID() })).status, 201);
  assert.equal((await bruno.client.post(`/conversations/${conv.id}/messages`, { body: heard, client_id: randomUUID() })).status, 201);
  const bytes = randomBytes(300 * 1024), text = Buffer.from(`notes ${unique()}`);
  const f1 = await putFile(alice.client, 'photo.bin', bytes), f2 = await putFile(alice.client, 'notes.txt', text);
  const brunoFile = await putFile(bruno.client, 'bruno.txt', Buffer.from('privé'));

  // an event she organised and answered; her vote in a named poll, and one
  // in an anonymous poll, which is linked to nobody and so not hers to export
  const ev = (await alice.client.post(`/groups/${g.id}/events`, { title: `Réunion ${unique()}`,
    start: '2027-03-01T10:00:00+01:00', end: '2027-03-01T11:00:00+01:00' })).body;
  assert.equal((await alice.client.put(`/events/${ev.id}/answer`, { answer: 'yes', comment: 'présente' })).status, 200);
  const named = (await alice.client.post(`/posts/${mine.id}/poll`, { question: 'Quel jour ?', options: ['Lundi', 'Mardi'], anonymous: false })).body;
  assert.equal((await alice.client.put(`/polls/${named.id}/vote`, { options: [1] })).status, 200);
  const secret = (await bruno.client.post(`/posts/${theirs.id}/poll`, { question: 'Anonyme ?', options: ['Oui', 'Non'], anonymous: true })).body;
  assert.equal((await alice.client.put(`/polls/${secret.id}/vote`, { options: [0] })).status, 200);

  // a version of the charter she accepted, withdrawn since (docs/moderation.md)
  const version = Number(sql('SELECT COALESCE(MAX(version), 0) + 1 FROM charters'));
  sql(`INSERT INTO charters (version, body, body_html, withdrawn_at) VALUES (${version}, 'Charte', '<p>Charte</p>', UTC_TIMESTAMP(3))`);
  sql(`INSERT INTO charter_acceptances (user_id, version) VALUES (${alice.id}, ${version})`);

  assert.deepEqual((await alice.client.get('/me/export')).body, { state: 'none' });
  const started = await alice.client.post('/me/export');
  assert.equal(started.status, 202, started.text);
  assert.ok(['queued', 'building', 'ready'].includes(started.body.state));
  // asked again while it runs: the same one
  const again = await alice.client.post('/me/export');
  assert.equal(again.status, 202);
  assert.equal(again.body.id, started.body.id);
  const s = await ready(alice.client);
  // asked again at once: the same, ready one (no new build)
  const twice = await alice.client.post('/me/export');
  assert.equal(twice.status, 202);
  assert.equal(twice.body.id, started.body.id);
  assert.equal(twice.body.state, 'ready');
  assert.match(s.expires_at, /^\d{4}-\d\d-\d\dT/);
  const days = (Date.parse(s.expires_at) - Date.parse(s.ready_at)) / 86400000;
  assert.ok(Math.abs(days - 7) < 0.01, `valid 7 days (${days})`);
  assert.equal(s.files, 2);

  // told by a notification that leads to « Mes données »
  const note = await eventually(async () => (await alice.client.get('/notifications')).body.items
    .find((n) => n.kind === 'export_ready'), 10000, 'the notification');
  assert.equal(note.target.url, '/mes-donnees');
  assert.match(note.text, /export/i);

  const r = await alice.client.get(s.url);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers['content-type'], 'application/zip');
  assert.match(r.headers['content-disposition'], /attachment/);
  assert.equal(r.bytes.length, s.size);
  const zip = readZip(r.bytes);
  assert.equal(json(zip, 'profile.json').email, alice.email);
  assert.deepEqual(json(zip, 'posts.json').map((p) => p.id), [mine.id]);
  assert.deepEqual(json(zip, 'comments.json').map((c) => c.body), [comment.body]);
  assert.deepEqual(json(zip, 'reactions.json').map((x) => [x.on, x.id, x.reaction]), [['post', theirs.id, 'merci']]);
  assert.ok(json(zip, 'memberships.json').some((m) => m.group_id === g.id && m.role === 'manager'));
  assert.deepEqual(json(zip, 'chat_messages.json').map((m) => m.body), [said]);
  assert.deepEqual(json(zip, 'charter_acceptances.json').map((c) => c.version), [version]);
  assert.deepEqual(json(zip, 'events.json').map((e) => [e.id, e.title]), [[ev.id, ev.title]]);
  assert.deepEqual(json(zip, 'event_answers.json').map((a) => [a.event_id, a.answer, a.comment]), [[ev.id, 'yes', 'présente']]);
  assert.deepEqual(json(zip, 'poll_votes.json').map((v) => [v.poll_id, v.choices]), [[named.id, ['Mardi']]]);
  const files = json(zip, 'files.json');
  assert.deepEqual(files.map((f) => f.id).sort(), [f1.id, f2.id].sort());
  for (const [f, b] of [[f1, bytes], [f2, text]]) {
    const entry = files.find((x) => x.id === f.id).path_in_zip;
    assert.ok(zip.get(entry).equals(b), `${entry} byte-identical`);
  }
  // nothing of Bruno's own
  const all = [...zip.values()].map((b) => b.toString('latin1')).join('\n');
  for (const other of [theirs.body, heard, brunoFile.name, bruno.email]) assert.ok(!all.includes(other), `no « ${other} »`);

  // nobody else downloads it, not even an administrator
  assert.equal((await bruno.client.get(s.url)).status, 404);
  assert.equal((await admin.get(s.url)).status, 404);
  const audit = sql(`SELECT action FROM audit_log WHERE target_type = 'user' AND target_id = ${alice.id} AND action LIKE 'export.%' ORDER BY id`);
  assert.deepEqual(audit.trim().split('\n'), ['export.request', 'export.download']);

  // past its date: the link is dead and the export gone
  sql(`UPDATE data_exports SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE id = ${s.id}`);
  assert.equal((await alice.client.get(s.url)).status, 404);
  assert.deepEqual((await alice.client.get('/me/export')).body, { state: 'none' });
  await eventually(() => sql(`SELECT COUNT(*) FROM data_exports WHERE id = ${s.id}`).trim() === '0', 15000, 'the row deleted');
  // a new one can be asked then
  const fresh = await alice.client.post('/me/export');
  assert.equal(fresh.status, 202);
  assert.notEqual(fresh.body.id, s.id);
});
