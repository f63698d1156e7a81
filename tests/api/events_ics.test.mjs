// Events as iCalendar (RFC 5545, docs/events.md): what Parvis writes is
// parsed with a real iCalendar library (Debian's python3-icalendar, by
// tests/api/ics_check.py): a weekly 10:00 in Paris across the end of
// October stays 10:00 local while its UTC instant moves by an hour (from
// the file's own VTIMEZONE rules), SEQUENCE grows with a change, a
// cancellation reads CANCELLED, a long UTF-8 description folds at 75
// octets and comes back whole; the private subscription needs no session,
// and a renewed, revoked or guessed token is 404.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, adminClient, newUser, unique, eventually } from './client.mjs';
import { useRelay } from './mailbox.mjs';

const admin = await adminClient();
const checker = fileURLToPath(new URL('./ics_check.py', import.meta.url));
const parse = (text) => JSON.parse(execFileSync('/usr/bin/python3', [checker], { input: text }).toString());

// every line ends with CRLF and holds at most 75 octets
function assertWellFormed(bytes) {
  const text = bytes.toString('latin1');
  assert.ok(text.endsWith('\r\n'));
  for (const line of text.slice(0, -2).split('\r\n')) {
    assert.ok(Buffer.byteLength(line, 'latin1') <= 75, `line of ${line.length} octets: ${line}`);
    assert.ok(!line.includes('\n'), 'a bare LF');
  }
}

const group = async (who) => (await who.client.post('/groups', { name: unique('Conseil'), visibility: 'private' })).body;

test('an event as .ics: VTIMEZONE, RRULE across the October change, escaping and folding, SEQUENCE, CANCELLED', async () => {
  const alice = await newUser(admin);
  const g = await group(alice);
  const description = 'Ordre du jour : approbation du procès-verbal, budget ; questions diverses.\n'
    + 'Élus présents : Hélène, Zoë, François — merci de confirmer\\répondre. '.repeat(4);
  const created = await alice.client.post(`/groups/${g.id}/events`, {
    title: 'Conseil municipal, séance ordinaire', description, place: 'Mairie; salle A, 1er étage',
    start: '2026-10-15T10:00:00+02:00', end: '2026-10-15T12:00:00+02:00', rrule: 'FREQ=WEEKLY;COUNT=4',
  });
  assert.equal(created.status, 201, created.text);
  const id = created.body.id;
  const r = await alice.client.get(`/events/${id}.ics`);
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers['content-type'], /^text\/calendar/);
  assertWellFormed(r.bytes);
  assert.match(r.text, /\r\n [^\r\n]/, 'a folded line');
  const cal = parse(r.bytes);
  assert.equal(cal.method, 'PUBLISH');
  assert.equal(cal.version, '2.0');
  assert.deepEqual(cal.zones, ['Europe/Paris']);
  assert.equal(cal.events.length, 1);
  const ev = cal.events[0];
  assert.match(ev.uid, new RegExp(`^event-${id}@`));
  assert.equal(ev.summary, 'Conseil municipal, séance ordinaire');
  assert.equal(ev.description, description);
  assert.equal(ev.location, 'Mairie; salle A, 1er étage');
  assert.equal(ev.status, 'CONFIRMED');
  assert.equal(ev.sequence, 0);
  assert.equal(ev.tzid, 'Europe/Paris');
  assert.deepEqual(ev.local, ['2026-10-15T10:00:00', '2026-10-22T10:00:00', '2026-10-29T10:00:00', '2026-11-05T10:00:00']);
  assert.deepEqual(ev.utc, ['2026-10-15T08:00:00', '2026-10-22T08:00:00', '2026-10-29T09:00:00', '2026-11-05T09:00:00']);

  // a change of time: the same UID, SEQUENCE 1
  assert.equal((await alice.client.put(`/events/${id}`, { start: '2026-10-15T11:00:00+02:00' })).status, 200);
  const changed = parse((await alice.client.get(`/events/${id}.ics`)).bytes).events[0];
  assert.equal(changed.uid, ev.uid);
  assert.equal(changed.sequence, 1);
  assert.equal(changed.local[2], '2026-10-29T11:00:00');
  // cancelled: STATUS:CANCELLED, SEQUENCE 2
  assert.equal((await alice.client.del(`/events/${id}`)).status, 204);
  const cancelled = parse((await alice.client.get(`/events/${id}.ics`)).bytes).events[0];
  assert.equal(cancelled.status, 'CANCELLED');
  assert.equal(cancelled.sequence, 2);
  // someone else's event does not exist
  const outsider = await newUser(admin);
  assert.equal((await outsider.client.get(`/events/${id}.ics`)).status, 404);
});

test('the private subscription: no session, every event one may see, renewed and revoked tokens are 404', async () => {
  const alice = await newUser(admin), bob = await newUser(admin);
  const g = await group(alice), hidden = await group(bob);
  const e1 = (await alice.client.post(`/groups/${g.id}/events`, { title: 'Réunion de rentrée', all_day: true,
    start: '2027-09-01', end: '2027-09-02' })).body;
  const e2 = (await alice.client.post(`/groups/${g.id}/events`, { title: 'Atelier', tz: 'America/New_York',
    start: '2027-03-01T09:00:00', end: '2027-03-01T10:00:00', rrule: 'FREQ=MONTHLY;COUNT=3' })).body;
  const e3 = (await bob.client.post(`/groups/${hidden.id}/events`, { title: 'Secret', start: '2027-01-05T09:00:00',
    end: '2027-01-05T10:00:00' })).body;
  const first = await alice.client.get('/me/calendar-token');
  assert.equal(first.status, 200, first.text);
  assert.match(first.body.url, /\/api\/v1\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  assert.equal((await alice.client.get('/me/calendar-token')).body.url, first.body.url, 'shown again, the same');
  const path = new URL(first.body.url).pathname;
  const anonymous = new Client();
  const feed = await anonymous.get(path);
  assert.equal(feed.status, 200, feed.text);
  assert.match(feed.headers['content-type'], /^text\/calendar/);
  assertWellFormed(feed.bytes);
  const cal = parse(feed.bytes);
  const uids = cal.events.map((e) => e.uid.split('@')[0]);
  assert.ok(uids.includes(`event-${e1.id}`) && uids.includes(`event-${e2.id}`));
  assert.ok(!uids.includes(`event-${e3.id}`));
  // a VTIMEZONE for each zone used (the organisation's events of other tests may add Europe/Paris)
  for (const e of cal.events) if (e.tzid) assert.ok(cal.zones.includes(e.tzid), e.tzid);
  assert.ok(cal.zones.includes('America/New_York'));
  const ny = cal.events.find((e) => e.uid.startsWith(`event-${e2.id}@`));
  // 9:00 in New York each month: UTC-5 in March 1st, UTC-4 from mid-March
  assert.deepEqual(ny.utc, ['2027-03-01T14:00:00', '2027-04-01T13:00:00', '2027-05-01T13:00:00']);
  const day = cal.events.find((e) => e.uid.startsWith(`event-${e1.id}@`));
  assert.deepEqual(day.local, ['20270901']);

  // renewed: the old address dies
  const renewed = await alice.client.post('/me/calendar-token', {});
  assert.equal(renewed.status, 200);
  assert.notEqual(renewed.body.url, first.body.url);
  assert.equal((await anonymous.get(path)).status, 404);
  const newPath = new URL(renewed.body.url).pathname;
  assert.equal((await anonymous.get(newPath)).status, 200);
  // guessed or malformed
  assert.equal((await anonymous.get(`/api/v1/calendar/${randomBytes(32).toString('base64url')}.ics`)).status, 404);
  assert.equal((await anonymous.get('/api/v1/calendar/abc.ics')).status, 404);
  // revoked
  assert.equal((await alice.client.del('/me/calendar-token')).status, 204);
  assert.equal((await anonymous.get(newPath)).status, 404);
});

test('invitation mails carry the event as text/calendar METHOD:REQUEST; a cancellation as METHOD:CANCEL', async () => {
  const relay = await useRelay(admin);
  try {
    const alice = await newUser(admin), bob = await newUser(admin);
    const g = await group(alice);
    assert.equal((await alice.client.put(`/groups/${g.id}/members/${bob.id}`, {})).status, 200);
    const e = (await alice.client.post(`/groups/${g.id}/events`, { title: 'Commission, séance de décembre',
      start: '2027-12-07T18:00:00+01:00', end: '2027-12-07T20:00:00+01:00', place: 'Salle 2' })).body;
    const calendarOf = async (method) => {
      const mail = await eventually(() => relay.smtp.messages().find((m) => m.envelope.rcpt_tos.includes(bob.email)
        && m.parts.some((p) => p.type === 'text/calendar' && p.head.includes(`method=${method}`))), 20000, `a ${method} mail`);
      const part = mail.parts.find((p) => p.type === 'text/calendar');
      assert.ok(mail.parts.some((p) => p.type === 'text/plain'));
      return parse(Buffer.from(part.body.toString('latin1').replace(/\s+/g, ''), 'base64'));
    };
    const req = await calendarOf('REQUEST');
    assert.equal(req.method, 'REQUEST');
    assert.match(req.events[0].uid, new RegExp(`^event-${e.id}@`));
    assert.equal(req.events[0].summary, 'Commission, séance de décembre');
    assert.deepEqual(req.events[0].utc, ['2027-12-07T17:00:00']);
    assert.equal((await bob.client.put(`/events/${e.id}/answer`, { answer: 'yes' })).status, 200);
    assert.equal((await alice.client.del(`/events/${e.id}`)).status, 204);
    const cancel = await calendarOf('CANCEL');
    assert.equal(cancel.method, 'CANCEL');
    assert.equal(cancel.events[0].uid, req.events[0].uid);
    assert.equal(cancel.events[0].status, 'CANCELLED');
    assert.equal(cancel.events[0].sequence, 1);
  } finally {
    await relay.stop();
  }
});
