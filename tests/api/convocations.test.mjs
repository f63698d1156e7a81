// Convocations (docs/convocations.md): a manager summons a group's members
// (a guest account, an elected member, among them): each gets the bell and
// an e-mail through the real relay with the meeting, the agenda, links to
// the documents (never attached) and the receipt link; the record keeps,
// per recipient and version, the time queued, the relay's answer, opened,
// confirmed (app or mail) and the answer to the meeting; CSV; a new version
// keeps the old record; « Relancer » and the reminders at their delays;
// bad input refused with nothing half-created; who may do what.
import test from 'node:test';
import assert from 'node:assert/strict';
import { BASE, Client, adminClient, newUser, unique, sql, eventually, pidOf, PASSWORD } from './client.mjs';
import { useRelay, decodeWords } from './mailbox.mjs';
import { readZip } from './zip.mjs';

const admin = await adminClient();
const relay = await useRelay(admin);
test.after(() => relay.stop());

const count = (table, where = '1') => Number(sql(`SELECT COUNT(*) FROM ${table} WHERE ${where}`).trim());
// the convocations' mails to one person (not the digests a notifier's restart may send)
const mailsTo = (email) => relay.smtp.messages()
  .filter((m) => m.envelope.rcpt_tos.includes(email) && /Convocation/.test(decodeWords(m.headers.subject ?? '')));
const textOf = (m) => (m.parts.find((p) => p.type === 'text/plain')?.body ?? '').replace(/\r\n/g, '\n');

async function council() {
  const alice = await newUser(admin, { name: `Maire ${unique()}` });
  const bob = await newUser(admin), carol = await newUser(admin), dave = await newUser(admin);
  const email = `${unique('elu')}@example.org`;
  const r = await admin.post('/users', { email, display_name: `Élue ${unique()}`, password: PASSWORD, kind: 'guest' });
  assert.equal(r.status, 201, r.text);
  const elected = { id: r.body.id, email, client: new Client() };
  assert.equal((await elected.client.login(email, PASSWORD)).status, 200);
  const g = (await alice.client.post('/groups', { name: unique('Conseil municipal'), visibility: 'private' })).body;
  for (const m of [bob, carol, elected])
    assert.equal((await alice.client.put(`/groups/${g.id}/members/${m.id}`, {})).status, 200);
  const root = (await alice.client.get(`/groups/${g.id}/drive`)).body.root_folder_id;
  const up = await alice.client.request('PUT', `/folders/${root}/files/${encodeURIComponent('budget-2027.pdf')}`, undefined,
    { raw: '%PDF-1.4 budget' });
  assert.equal(up.status, 201, up.text);
  return { alice, bob, carol, dave, elected, g, file: up.body };
}

const meeting = (extra = {}) => ({
  title: 'Conseil municipal du 15 décembre', start: '2027-12-15T18:00:00+01:00', end: '2027-12-15T20:00:00+01:00',
  place: 'Salle du conseil', ...extra,
});

test('a convocation: the bell and an e-mail each, the record of delivery, opening, confirmation and answers', async () => {
  const { alice, bob, carol, dave, elected, g, file } = await council();
  const r = await alice.client.post(`/groups/${g.id}/convocations`, {
    event: meeting(), agenda: '1. Budget 2027\n2. Travaux de la place', attachments: [file.id], reminders: [3],
  });
  assert.equal(r.status, 201, r.text);
  const { id, post_id: postId, event_id: eventId } = r.body;
  assert.equal(r.body.version, 1);
  assert.equal(count('convocation_receipts', `convocation_id = ${id}`), 4, 'every member, the manager included');

  // the e-mail: the meeting in its zone, the agenda, a link to the document, the receipt link; nothing attached
  const mail = await eventually(() => mailsTo(bob.email)[0], 15000, 'the convocation mailed to a member');
  assert.match(decodeWords(mail.headers.subject), /^Convocation : Conseil municipal du 15 décembre — mercredi 15 décembre 2027, 18:00 – 20:00 \(Europe\/Paris\)$/);
  const text = textOf(mail);
  assert.match(text, /Lieu : Salle du conseil/);
  assert.match(text, /Ordre du jour :\n1\. Budget 2027\n2\. Travaux de la place/);
  assert.match(text, new RegExp(`/api/v1/posts/${postId}/attachments/${file.id}/content`));
  assert.deepEqual(mail.parts.map((p) => p.type), ['text/plain', 'text/html', 'text/calendar']);
  assert.doesNotMatch(mail.raw, /Content-Disposition: attachment|%PDF/);
  assert.match(mail.parts[2].head, /method=REQUEST/i);
  assert.match(Buffer.from(mail.parts[2].body.replace(/\s/g, ''), 'base64').toString('utf8'), /METHOD:REQUEST[^]*SUMMARY:Conseil municipal du 15 décembre/);
  const token = /\/accuse\/([A-Za-z0-9_-]{43})\b/.exec(text)?.[1];
  assert.ok(token, 'the receipt link');
  // only its hash is kept
  assert.equal(count('convocation_tokens', `token_hash = UNHEX(SHA2('${token}', 256))`), 1);
  await eventually(() => mailsTo(elected.email).length && mailsTo(carol.email).length, 15000, 'every recipient mailed');

  // the bell, naming the meeting
  const note = (await bob.client.get('/notifications')).body.items.find((n) => n.kind === 'convocation');
  assert.ok(note, 'a « convocation » notification');
  assert.match(note.text, /Vous êtes convoqué·e dans .* : «\s*Conseil municipal du 15 décembre\s*»/);
  assert.equal(note.target.url, `/convocations/${id}`, 'the bell leads to the convocation');
  // the post says what it is
  const post = (await bob.client.get(`/posts/${postId}`)).body;
  assert.deepEqual(post.convocation, { id });
  assert.equal(post.must_read, true);
  assert.match(post.body, /## Ordre du jour\n\n1\. Budget 2027/);

  // a GET of the e-mail's page is the app's page: it confirms nothing (mail scanners open links)
  const page = await fetch(new URL(`/accuse/${token}`, BASE));
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /text\/html/);
  // the receipt link's button: no session; unknown tokens 404; idempotent
  const anon = new Client();
  assert.equal((await anon.post('/convocations/receipt', { token: token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) })).status, 404);
  assert.equal((await anon.post('/convocations/receipt', { token: 'court' })).status, 404);
  const ok = await anon.post('/convocations/receipt', { token });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.id, id);
  assert.equal(ok.body.title, 'Conseil municipal du 15 décembre');
  const again = await anon.post('/convocations/receipt', { token });
  assert.equal(again.body.confirmed, ok.body.confirmed, 'confirmed once');

  // opened by its first reading; confirmed in the app, or by the post's « J'ai lu »
  const seen = await carol.client.get(`/convocations/${id}`);
  assert.equal(seen.status, 200, seen.text);
  assert.equal(seen.body.recipient, true);
  assert.ok(seen.body.my_receipt.opened);
  assert.equal(seen.body.my_receipt.confirmed, null);
  assert.equal(seen.body.event.id, eventId);
  assert.deepEqual(seen.body.attachments.map((a) => a.name), ['budget-2027.pdf']);
  assert.deepEqual(seen.body.can, { edit: false, receipts: false });
  assert.equal((await elected.client.post(`/convocations/${id}/confirm`)).status, 200);
  assert.equal((await alice.client.post(`/posts/${postId}/ack`)).status, 200);
  assert.equal((await bob.client.put(`/events/${eventId}/answer`, { answer: 'yes' })).status, 200);
  assert.equal((await elected.client.put(`/events/${eventId}/answer`, { answer: 'no' })).status, 200);

  // the record
  const rec = await eventually(async () => {
    const x = await alice.client.get(`/convocations/${id}/receipts`);
    return x.body.items.every((i) => i.relay.status === 'accepted') && x;
  }, 15000, 'the relay\'s answers in the record');
  assert.equal(rec.body.version, 1);
  const by = Object.fromEntries(rec.body.items.map((i) => [i.user.id, i]));
  assert.equal(by[bob.id].confirmed_via, 'mail');
  assert.equal(by[bob.id].answer, 'yes');
  assert.match(by[bob.id].relay.reply, /^250 2\.0\.0 Message accepted for delivery/);
  assert.match(by[bob.id].sent, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(by[bob.id].opened, null);
  assert.ok(by[carol.id].opened);
  assert.equal(by[carol.id].confirmed, null);
  assert.equal(by[elected.id].confirmed_via, 'app');
  assert.equal(by[elected.id].answer, 'no');
  assert.equal(by[alice.id].confirmed_via, 'app');
  assert.equal(by[alice.id].user.email, alice.email);
  const csv = await alice.client.get(`/convocations/${id}/receipts?format=csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers['content-type'], /text\/csv/);
  const lines = csv.text.trim().split('\r\n');
  assert.equal(lines[0], '"name","email","version","sent","relay_status","relay_at","relay_reply","opened","confirmed","confirmed_via","answer","reminders"');
  assert.equal(lines.length, 5);
  assert.ok(lines.some((l) => l.includes(bob.email) && l.includes('"mail","yes","0"')));
  assert.equal((await alice.client.get(`/convocations/${id}/receipts?format=xml`)).status, 400);
  assert.equal((await alice.client.get(`/convocations/${id}/receipts?version=2`)).status, 400);

  // a replayed queue row queues nobody twice
  sql(`INSERT INTO notify_queue (event, object_id, actor_id, detail) VALUES ('convocation', ${id}, ${alice.id}, 'sent')`);
  await eventually(() => count('notify_queue', `event = 'convocation' AND object_id = ${id}`) === 0, 10000, 'the row replayed');
  assert.equal(count('mail_queue', `kind = 'convocation' AND user_id = ${bob.id}`), 1);
  assert.equal(mailsTo(bob.email).length, 1);

  // who may: a member reads (a recipient), never the record; others see nothing
  assert.equal((await bob.client.get(`/convocations/${id}/receipts`)).status, 403);
  assert.equal((await bob.client.put(`/convocations/${id}`, { agenda: 'x' })).status, 403);
  assert.equal((await bob.client.post(`/convocations/${id}/remind`)).status, 403);
  assert.equal((await dave.client.get(`/convocations/${id}`)).status, 404);
  assert.equal((await dave.client.get(`/convocations/${id}/receipts`)).status, 404);
  assert.equal((await dave.client.post(`/convocations/${id}/confirm`)).status, 404);
  const late = await newUser(admin);
  assert.equal((await alice.client.put(`/groups/${g.id}/members/${late.id}`, {})).status, 200);
  assert.equal((await late.client.get(`/convocations/${id}`)).status, 404, 'a member who was not summoned');
  assert.equal((await admin.get(`/convocations/${id}/receipts`)).status, 200, 'administrators');

  // « Mes données »: the convocations one received, with their times
  assert.equal((await bob.client.post('/me/export')).status, 202);
  const ready = await eventually(async () => {
    const s = (await bob.client.get('/me/export')).body;
    return s.state === 'ready' && s;
  }, 30000, 'the export ready');
  const zip = readZip((await bob.client.get(ready.url)).bytes);
  const mine = JSON.parse(zip.get('convocations.json').toString('utf8'));
  assert.equal(mine.length, 1);
  assert.equal(mine[0].convocation_id, id);
  assert.equal(mine[0].title, 'Conseil municipal du 15 décembre');
  assert.equal(mine[0].relay, 'accepted');
  assert.equal(mine[0].confirmed_via, 'mail');
  assert.match(mine[0].queued_at, /Z$/);
});

test('a new version is sent again and the earlier one stays in the record; « Relancer » and the reminders at their delays, once each', async () => {
  const { alice, bob, carol, elected, g } = await council();
  const r = await alice.client.post(`/groups/${g.id}/convocations`, {
    event: meeting({ title: 'Commission des finances' }), agenda: 'Budget', recipients: [bob.id, carol.id, elected.id], reminders: [2, 5],
  });
  assert.equal(r.status, 201, r.text);
  const { id, event_id: eventId } = r.body;
  const first = await eventually(() => mailsTo(bob.email)[0], 15000, 'the first version mailed');
  const token1 = /\/accuse\/([A-Za-z0-9_-]{43})/.exec(textOf(first))[1];
  assert.equal((await new Client().post('/convocations/receipt', { token: token1 })).status, 200);
  assert.equal(mailsTo(alice.email).length, 0, 'not a recipient');

  const put = await alice.client.put(`/convocations/${id}`, {
    event: { start: '2027-12-16T18:00:00+01:00', end: '2027-12-16T19:00:00+01:00' }, agenda: 'Budget\nDivers',
  });
  assert.equal(put.status, 200, put.text);
  assert.equal(put.body.version, 2);
  const ev = (await alice.client.get(`/events/${eventId}`)).body;
  assert.equal(ev.sequence, 1, 'the calendars take the new version');
  assert.equal(ev.start, '2027-12-16T18:00:00+01:00');
  const second = await eventually(() => mailsTo(bob.email)[1], 15000, 'the second version mailed');
  assert.match(decodeWords(second.headers.subject), /^Convocation modifiée : Commission des finances — jeudi 16 décembre 2027/);
  assert.match(textOf(second), /Budget\nDivers/);
  const v1 = (await alice.client.get(`/convocations/${id}/receipts?version=1`)).body;
  const v2 = (await alice.client.get(`/convocations/${id}/receipts`)).body;
  assert.equal(v1.version, 1);
  assert.equal(v1.items.find((i) => i.user.id === bob.id).confirmed_via, 'mail');
  assert.equal(v2.version, 2);
  assert.equal(v2.items.length, 3);
  assert.equal(v2.items.find((i) => i.user.id === bob.id).confirmed, null, 'to be confirmed again');
  const got = (await carol.client.get(`/convocations/${id}`)).body;
  assert.deepEqual(got.versions.map((v) => [v.version, v.start]), [[1, '2027-12-15T17:00:00Z'], [2, '2027-12-16T17:00:00Z']]);
  // the old link still confirms its own version
  assert.equal((await new Client().post('/convocations/receipt', { token: token1 })).body.version, 1);

  // « Relancer »: now, to those of version 2 who have not confirmed
  assert.equal((await elected.client.post(`/convocations/${id}/confirm`)).body.version, 2);
  assert.equal((await alice.client.post(`/convocations/${id}/remind`)).status, 202);
  await eventually(() => mailsTo(bob.email).length === 3 && mailsTo(carol.email).length === 3, 15000, 'the reminder mailed');
  assert.match(decodeWords(mailsTo(bob.email)[2].headers.subject), /^Rappel — Convocation/);
  assert.equal(mailsTo(elected.email).length, 2, 'who confirmed is not reminded');

  // the reminder 2 days after sending: made due, sent once at the notifier's pass
  sql(`UPDATE convocation_versions SET sent_at = sent_at - INTERVAL 3 DAY WHERE convocation_id = ${id} AND version = 2`);
  process.kill(pidOf('notifier'), 'SIGHUP');
  await eventually(() => mailsTo(bob.email).length === 4, 20000, 'the reminder at 2 days');
  assert.equal(count('convocation_reminders', `convocation_id = ${id} AND days = 2`), 2);
  // the one at 5 days: the same pass would send the one at 2 days again if it were not once
  sql(`UPDATE convocation_versions SET sent_at = sent_at - INTERVAL 3 DAY WHERE convocation_id = ${id} AND version = 2`);
  process.kill(pidOf('notifier'), 'SIGHUP');
  await eventually(() => mailsTo(bob.email).length === 5 && mailsTo(carol.email).length === 5, 20000, 'the reminder at 5 days');
  assert.equal(count('convocation_reminders', `convocation_id = ${id} AND days = 2`), 2, 'once');
  assert.equal(count('convocation_reminders', `convocation_id = ${id} AND days = 5`), 2);
  const carolRow = (await alice.client.get(`/convocations/${id}/receipts`)).body.items.find((i) => i.user.id === carol.id);
  assert.equal(carolRow.reminders.sent, 3, '« Relancer », 2 days, 5 days');
  assert.equal(mailsTo(elected.email).length, 2);

  // never after the meeting's start
  sql(`UPDATE events SET start_at = UTC_TIMESTAMP() - INTERVAL 1 HOUR WHERE id = ${eventId}`);
  assert.equal((await alice.client.post(`/convocations/${id}/remind`)).status, 409);
});

test('bad input: each refused with a clear message, nothing half-created; who may send', async () => {
  const { alice, bob, dave, g, file } = await council();
  const other = (await alice.client.post('/groups', { name: unique('Autre'), visibility: 'private' })).body;
  const root = (await alice.client.get(`/groups/${other.id}/drive`)).body.root_folder_id;
  const foreign = (await alice.client.request('PUT', `/folders/${root}/files/ailleurs.txt`, undefined, { raw: 'x' })).body;
  const tables = ['events', 'posts', 'convocations', 'convocation_versions', 'convocation_receipts', 'notify_queue'];
  const before = tables.map((t) => count(t));
  const ok = { event: meeting(), agenda: 'Budget' };
  const cases = [
    [{ agenda: 'Budget' }, /« event »/],
    [{ ...ok, event: 'demain' }, /« event »/],
    [{ ...ok, event: meeting({ end: '2027-12-15T17:00:00+01:00' }) }, /fin de l'événement doit venir après/],
    [{ ...ok, event: meeting({ tz: 'Mars/Olympus' }) }, /Fuseau horaire inconnu/],
    [{ ...ok, event: meeting({ start: '2150-01-01T10:00:00Z' }) }, /hors des dates permises/],
    [{ ...ok, event: meeting({ title: '' }) }, /title/],
    [{ ...ok, event: { ...meeting(), invitees: { group: true } } }, /event\.invitees/],
    [{ ...ok, agenda: '  \n ' }, /ordre du jour/i],
    [{ event: meeting() }, /ordre du jour/i],
    [{ ...ok, recipients: [dave.id] }, new RegExp(`${dave.id} n'est pas un membre actif`)],
    [{ ...ok, recipients: [] }, /recipients/],
    [{ ...ok, recipients: [bob.id, bob.id] }, /recipients/],
    [{ ...ok, attachments: [999999999] }, /pièce jointe n° 1/],
    [{ ...ok, attachments: [file.id, foreign.id] }, /pièce jointe n° 2/],
    [{ ...ok, reminders: [0] }, /reminders/],
    [{ ...ok, reminders: [61] }, /reminders/],
    [{ ...ok, reminders: [1, 1] }, /reminders/],
    [{ ...ok, reminders: [1, 2, 3, 4, 5, 6] }, /reminders/],
    [{ ...ok, reminders: 'souvent' }, /reminders/],
    [{ ...ok, colour: 'bleu' }, /colour/],
  ];
  for (const [body, message] of cases) {
    const r = await alice.client.post(`/groups/${g.id}/convocations`, body);
    assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
    assert.match(r.body.error.message, message, JSON.stringify(body));
  }
  const en = new Client({ lang: 'en' });
  await en.login(alice.email, PASSWORD);
  const r = await en.post(`/groups/${g.id}/convocations`, { ...ok, agenda: '' });
  assert.match(r.body.error.message, /agenda/);
  assert.deepEqual(tables.map((t) => count(t)), before, 'nothing written');
  // a member who does not manage the group: 403; an outsider of a secret group: 404
  assert.equal((await bob.client.post(`/groups/${g.id}/convocations`, ok)).status, 403);
  const secret = (await alice.client.post('/groups', { name: unique('Huis clos'), visibility: 'secret' })).body;
  assert.equal((await dave.client.post(`/groups/${secret.id}/convocations`, ok)).status, 404);
  assert.equal((await bob.client.get('/convocations/999999999')).status, 404);
});

test('who may: a matrix of people over the convocation\'s endpoints', async () => {
  const { alice, bob, dave, elected, g } = await council();
  const outsider = await newUser(admin);      // staff, not a member of the private group: may know it exists
  const email = `${unique('elu')}@example.org`;
  const r0 = await admin.post('/users', { email, display_name: `Élu ${unique()}`, password: PASSWORD, kind: 'guest' });
  const guestOut = { id: r0.body.id, client: new Client() };
  assert.equal((await guestOut.client.login(email, PASSWORD)).status, 200);
  const r = await alice.client.post(`/groups/${g.id}/convocations`, {
    event: meeting(), agenda: 'Budget', recipients: [alice.id, bob.id, elected.id],
  });
  assert.equal(r.status, 201, r.text);
  const id = r.body.id;
  // dave becomes a member after it was sent: not summoned
  assert.equal((await alice.client.put(`/groups/${g.id}/members/${dave.id}`, {})).status, 200);
  // GET, receipts, PUT (a body refused after the permission), remind, confirm
  const rows = [
    ['administrator', admin, [200, 200, 400, 202, 409]],
    ['manager (summoned)', alice.client, [200, 200, 400, 202, 200]],
    ['member summoned', bob.client, [200, 403, 403, 403, 200]],
    ['guest member summoned', elected.client, [200, 403, 403, 403, 200]],
    ['member not summoned', dave.client, [404, 404, 403, 403, 404]],
    ['staff outsider', outsider.client, [404, 404, 403, 403, 404]],
    ['guest outsider', guestOut.client, [404, 404, 404, 404, 404]],
  ];
  for (const [who, c, want] of rows) {
    const got = [
      (await c.get(`/convocations/${id}`)).status,
      (await c.get(`/convocations/${id}/receipts`)).status,
      (await c.put(`/convocations/${id}`, { colour: 'bleu' })).status,
      (await c.post(`/convocations/${id}/remind`)).status,
      (await c.post(`/convocations/${id}/confirm`)).status,
    ];
    assert.deepEqual(got, want, who);
  }
});
