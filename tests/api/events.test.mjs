// Events (« Agenda », docs/events.md): creating one in a group or for the
// organisation, the agenda with occurrences expanded in the event's zone,
// answers with a waiting list and a deadline, who answered (and its CSV),
// changes and cancellations told to those who answered, bad input refused
// with nothing written, and who may create / see / answer / see answers.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, adminClient, newUser, unique, sql, eventually, pidOf, PASSWORD } from './client.mjs';

const admin = await adminClient();

const group = async (who, visibility = 'private') => {
  const r = await who.client.post('/groups', { name: unique('Commission'), visibility });
  assert.equal(r.status, 201, r.text);
  return r.body;
};
const addMember = async (manager, g, user) =>
  assert.equal((await manager.client.put(`/groups/${g.id}/members/${user.id}`, {})).status, 200);
const notes = async (who) => (await who.client.get('/notifications?limit=100')).body.items;
const awaitNote = async (who, kind, eventId, pred = () => true) => {
  let found;
  await eventually(async () => {
    found = (await notes(who)).find((n) => n.kind === kind && n.target.id === eventId && pred(n));
    return !!found;
  }, 10000, `a « ${kind} » notification about event ${eventId} for ${who.email}`);
  return found;
};
const count = (table) => Number(sql(`SELECT COUNT(*) FROM ${table}`).trim());

test('a group event: created by a member, seen in the agenda with its weekly occurrences at 10:00 Paris across the October change', async () => {
  const alice = await newUser(admin), bob = await newUser(admin);
  const g = await group(alice);
  await addMember(alice, g, bob);
  const r = await alice.client.post(`/groups/${g.id}/events`, {
    title: 'Commission des finances', description: 'Ordre du jour : **budget** <script>x</script>',
    start: '2026-10-15T10:00:00+02:00', end: '2026-10-15T11:30:00+02:00', place: 'Salle du conseil',
    rrule: 'FREQ=WEEKLY;COUNT=4', capacity: 20,
  });
  assert.equal(r.status, 201, r.text);
  const e = r.body;
  assert.equal(e.tz, 'Europe/Paris');
  assert.equal(e.start, '2026-10-15T10:00:00+02:00');
  assert.deepEqual(e.group, { id: g.id, name: g.name });
  assert.match(e.description_html, /<strong>budget<\/strong>/);
  assert.doesNotMatch(e.description_html, /<script>/);
  assert.equal(e.status, 'confirmed');
  assert.equal(e.sequence, 0);
  assert.equal(e.reminder_minutes, 1440);
  assert.equal(e.invited, true);
  assert.deepEqual(e.can, { edit: true, cancel: true, answer: true, see_answers: true });
  assert.equal(e.counts.pending, 2);

  const agenda = await bob.client.get('/events?from=2026-10-01&to=2026-11-30');
  assert.equal(agenda.status, 200, agenda.text);
  const mine = agenda.body.items.filter((i) => i.event.id === e.id);
  assert.deepEqual(mine.map((i) => i.start), ['2026-10-15T10:00:00+02:00', '2026-10-22T10:00:00+02:00',
    '2026-10-29T10:00:00+01:00', '2026-11-05T10:00:00+01:00']);
  assert.equal(mine[2].end, '2026-10-29T11:30:00+01:00');
  assert.equal(mine[0].event.can.edit, false);
  assert.equal(mine[0].event.can.answer, true);
  // the group's agenda, and a narrower window
  const inGroup = await bob.client.get(`/groups/${g.id}/events?from=2026-10-20T00:00:00Z&to=2026-10-30T00:00:00Z`);
  assert.equal(inGroup.status, 200, inGroup.text);
  assert.deepEqual(inGroup.body.items.map((i) => i.start), ['2026-10-22T10:00:00+02:00', '2026-10-29T10:00:00+01:00']);
  // an all-day event gives dates, the end exclusive
  const day = await alice.client.post(`/groups/${g.id}/events`, { title: 'Journée portes ouvertes', all_day: true,
    start: '2026-12-24', end: '2026-12-26' });
  assert.equal(day.status, 201, day.text);
  assert.equal(day.body.start, '2026-12-24');
  const dayItems = (await bob.client.get(`/groups/${g.id}/events?from=2026-12-01&to=2026-12-31`)).body.items;
  assert.deepEqual(dayItems.map((i) => [i.start, i.end]), [['2026-12-24', '2026-12-26']]);
});

test('bad input is refused with a clear message and nothing is written', async () => {
  const alice = await newUser(admin);
  const g = await group(alice);
  const en = new Client({ lang: 'en' });
  await en.login(alice.email, PASSWORD);
  const before = count('events');
  const base = { title: 'Réunion', start: '2026-12-10T14:00:00+01:00', end: '2026-12-10T15:00:00+01:00' };
  const cases = [
    [{ ...base, start: '2026-13-10T14:00:00+01:00' }, /RFC 3339/],
    [{ ...base, start: '1890-12-10T14:00:00+01:00' }, /hors des dates permises/],
    [{ ...base, end: '2026-12-10T13:00:00+01:00' }, /après son début/],
    [{ ...base, rrule: 'FREQ=WEEKLY' }, /doit finir/],
    [{ ...base, rrule: 'FREQ=WEEKLY;COUNT=1001' }, /plus de 1000 occurrences/],
    [{ ...base, rrule: 'FREQ=WEEKLY;UNTIL=20991231' }, /plus de 1000 occurrences/],
    [{ ...base, rrule: 'FREQ=DAILY;COUNT=3' }, /FREQ=WEEKLY ou FREQ=MONTHLY/],
    [{ ...base, capacity: 0 }, /au moins 1/],
    [{ ...base, tz: 'Europe/Atlantide' }, /Fuseau horaire inconnu/],
    [{ ...base, deadline: '2026-12-11T10:00:00+01:00' }, /date limite/],
    [{ ...base, url: 'javascript:alert(1)' }, /http/],
    [{ ...base, invitees: { users: [999999999] } }, /ne peut pas être invitée/],
  ];
  for (const [body, message] of cases) {
    const r = await alice.client.post(`/groups/${g.id}/events`, body);
    assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
    assert.match(r.body.error.message, message, JSON.stringify(body));
  }
  const enr = await en.post(`/groups/${g.id}/events`, { ...base, end: '2026-12-10T13:00:00+01:00' });
  assert.match(enr.body.error.message, /must end after it starts/);
  assert.equal(count('events'), before);
  // a window too long
  assert.equal((await alice.client.get('/events?from=2026-01-01&to=2028-01-01')).status, 400);
});

test('answers: a waiting list when full, the first waiting promoted and told when a place frees, the deadline', async () => {
  const alice = await newUser(admin), bob = await newUser(admin), carol = await newUser(admin), dave = await newUser(admin);
  const g = await group(alice);
  for (const u of [bob, carol, dave]) await addMember(alice, g, u);
  const e = (await alice.client.post(`/groups/${g.id}/events`, { title: 'Atelier', capacity: 1,
    start: '2027-03-10T14:00:00+01:00', end: '2027-03-10T16:00:00+01:00' })).body;
  assert.deepEqual((await bob.client.put(`/events/${e.id}/answer`, { answer: 'yes', comment: 'Avec plaisir' })).body,
    { answer: 'yes', comment: 'Avec plaisir', waiting: false });
  assert.equal((await carol.client.put(`/events/${e.id}/answer`, { answer: 'yes' })).body.waiting, true);
  assert.equal((await dave.client.put(`/events/${e.id}/answer`, { answer: 'maybe' })).body.waiting, false);
  const seen = (await carol.client.get(`/events/${e.id}`)).body;
  assert.deepEqual(seen.counts, { yes: 1, no: 0, maybe: 1, waiting: 1, pending: 1 });
  assert.deepEqual(seen.my_answer, { answer: 'yes', comment: '', waiting: true });
  // bob leaves: carol is in, and told
  await bob.client.put(`/events/${e.id}/answer`, { answer: 'no', comment: 'Empêché, finalement' });
  assert.equal((await carol.client.get(`/events/${e.id}`)).body.my_answer.waiting, false);
  await awaitNote(carol, 'event_promoted', e.id);
  // who answered what, and who has not (alice, the organiser)
  const answers = await alice.client.get(`/events/${e.id}/answers`);
  assert.equal(answers.status, 200, answers.text);
  assert.deepEqual(answers.body.items.map((i) => [i.user.id, i.answer, i.waiting]),
    [[carol.id, 'yes', false], [dave.id, 'maybe', false], [bob.id, 'no', false]]);
  assert.deepEqual(answers.body.pending.map((p) => p.id), [alice.id]);
  const csv = await alice.client.get(`/events/${e.id}/answers?format=csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers['content-type'], /text\/csv/);
  assert.match(csv.text, /"Non","Empêché, finalement"/);
  assert.match(csv.text, /"Sans réponse"/);
  assert.equal((await bob.client.get(`/events/${e.id}/answers`)).status, 403);
  // the organiser messages those who have not answered
  assert.equal((await alice.client.post(`/events/${e.id}/remind`, { message: 'Répondez svp' })).status, 202);
  // past the deadline: 409
  sql(`UPDATE events SET deadline = UTC_TIMESTAMP() - INTERVAL 1 MINUTE WHERE id = ${e.id}`);
  const late = await dave.client.put(`/events/${e.id}/answer`, { answer: 'yes' });
  assert.equal(late.status, 409);
  assert.match(late.body.error.message, /date limite/);
});

test('people invited by a change are sent the invitation; those invited before are not told again', async () => {
  const alice = await newUser(admin), bob = await newUser(admin), carol = await newUser(admin);
  const g = await group(alice);
  await addMember(alice, g, bob);
  await addMember(alice, g, carol);
  const e = (await alice.client.post(`/groups/${g.id}/events`, { title: 'Commission', invitees: { group: false, users: [bob.id] },
    start: '2027-03-01T18:00:00+01:00', end: '2027-03-01T19:00:00+01:00' })).body;
  const first = await awaitNote(bob, 'event_invited', e.id);
  assert.equal((await bob.client.post('/notifications/read', { ids: [first.id] })).status, 204);
  assert.ok(!(await notes(carol)).some((x) => x.kind === 'event_invited' && x.target.id === e.id), 'carol not invited yet');
  const put = await alice.client.put(`/events/${e.id}`, { invitees: { group: false, users: [bob.id, carol.id] } });
  assert.equal(put.status, 200, put.text);
  const told = await awaitNote(carol, 'event_invited', e.id);
  assert.match(told.text, /vous invite à «\s*Commission\s*» dans /, 'the bell names the event');
  // the same queue row told carol and passed over bob: his stays read
  const bobs = (await notes(bob)).filter((x) => x.kind === 'event_invited' && x.target.id === e.id);
  assert.equal(bobs.length, 1);
  assert.equal(bobs[0].read, true, 'bob, invited before, is not told again');
});

test('a weekly event: the reminder before its next occurrence goes to who answered yes or maybe, marked so as to go once', async () => {
  const alice = await newUser(admin), bob = await newUser(admin), carol = await newUser(admin);
  const g = await group(alice);
  await addMember(alice, g, bob);
  await addMember(alice, g, carol);
  // the first occurrence was a week ago; the second starts in 20 minutes,
  // within the one-hour reminder
  const at = new Date(Date.now() - 7 * 86400000 + 20 * 60000);
  at.setUTCSeconds(0, 0);
  const iso = (d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const e = (await alice.client.post(`/groups/${g.id}/events`, { title: 'Permanence', reminder_minutes: 60,
    start: iso(at), end: iso(new Date(at.getTime() + 3600000)), rrule: 'FREQ=WEEKLY;COUNT=3' })).body;
  assert.ok(e.id, JSON.stringify(e));
  await awaitNote(bob, 'event_invited', e.id);
  assert.equal((await bob.client.put(`/events/${e.id}/answer`, { answer: 'yes' })).status, 200);
  assert.equal((await carol.client.put(`/events/${e.id}/answer`, { answer: 'no' })).status, 200);
  // the notifier looks for due reminders when it starts (and every ten minutes)
  process.kill(pidOf('notifier'), 'SIGHUP');
  const n = await awaitNote(bob, 'event_reminder', e.id);
  assert.match(n.text, /Rappel : .*Permanence.* commence bientôt/);
  assert.ok(!(await notes(carol)).some((x) => x.kind === 'event_reminder' && x.target.id === e.id), 'not to who answered no');
  // marked for the second occurrence (what keeps a later pass from telling again)
  const second = iso(new Date(at.getTime() + 7 * 86400000)).replace('T', ' ').replace('Z', '');
  assert.equal(count(`event_reminders WHERE event_id = ${e.id}`), 1);
  assert.match(sql(`SELECT DATE_FORMAT(occurrence_at, '%Y-%m-%d %H:%i:%s') FROM event_reminders WHERE event_id = ${e.id}`).trim(), new RegExp(second));
});

test('a change of time or place raises the sequence and tells those who answered yes or maybe; a cancellation too', async () => {
  const alice = await newUser(admin), bob = await newUser(admin), carol = await newUser(admin);
  const g = await group(alice);
  await addMember(alice, g, bob);
  await addMember(alice, g, carol);
  const e = (await alice.client.post(`/groups/${g.id}/events`, { title: 'Conseil', place: 'Mairie',
    start: '2027-02-01T18:00:00+01:00', end: '2027-02-01T20:00:00+01:00' })).body;
  await awaitNote(bob, 'event_invited', e.id);
  await bob.client.put(`/events/${e.id}/answer`, { answer: 'yes' });
  await carol.client.put(`/events/${e.id}/answer`, { answer: 'no' });
  const same = await alice.client.put(`/events/${e.id}`, { description: 'Précisions' });
  assert.equal(same.status, 200, same.text);
  assert.equal(same.body.sequence, 0);
  const moved = await alice.client.put(`/events/${e.id}`, { start: '2027-02-01T19:00:00+01:00', place: 'Salle B' });
  assert.equal(moved.status, 200, moved.text);
  assert.equal(moved.body.sequence, 1);
  assert.equal(moved.body.end, '2027-02-01T21:00:00+01:00');          // the duration kept
  const n = await awaitNote(bob, 'event_changed', e.id);
  assert.match(n.text, /horaire et le lieu ont changé/);
  assert.equal((await bob.client.put(`/events/${e.id}`, { title: 'x' })).status, 403);
  assert.equal((await alice.client.del(`/events/${e.id}`)).status, 204);
  await awaitNote(bob, 'event_cancelled', e.id);
  const after = (await bob.client.get(`/events/${e.id}`)).body;
  assert.equal(after.status, 'cancelled');
  assert.equal(after.sequence, 2);
  assert.equal((await bob.client.put(`/events/${e.id}/answer`, { answer: 'yes' })).status, 409);
  assert.equal((await alice.client.del(`/events/${e.id}`)).status, 409);
  assert.ok(!(await notes(carol)).some((x) => x.kind === 'event_changed' && x.target.id === e.id));
  // a notification leads to the event's page, while its reader may see it:
  // out of the private group, bob's go (the group is not named to him)
  const mine = (await notes(bob)).filter((x) => x.target.type === 'event' && x.target.id === e.id);
  assert.ok(mine.length >= 3 && mine.every((x) => x.target.url === `/evenements/${e.id}`), JSON.stringify(mine));
  assert.equal((await alice.client.del(`/groups/${g.id}/members/${bob.id}`)).status, 204);
  assert.deepEqual((await notes(bob)).filter((x) => x.target.type === 'event' && x.target.id === e.id), []);
});

test('who may create, see, answer and see answers: a matrix', async () => {
  const manager = await newUser(admin), member = await newUser(admin), outsider = await newUser(admin);
  const invitee = await newUser(admin);
  const editor = await newUser(admin);
  // through the API: the workers keep people's facts, told of a change by it
  assert.equal((await admin.patch(`/users/${editor.id}`, { comm_editor: true })).status, 200);
  const gEmail = `${unique('guest')}@example.org`;
  const gr = await admin.post('/users', { email: gEmail, display_name: 'Invitée', password: PASSWORD, kind: 'guest' });
  assert.equal(gr.status, 201, gr.text);
  const guest = { id: gr.body.id, client: new Client() };
  await guest.client.login(gEmail, PASSWORD);

  const priv = await group(manager, 'private'), secret = await group(manager, 'secret'), other = await group(manager, 'public');
  await addMember(manager, priv, member);
  await addMember(manager, priv, guest);
  const body = { title: 'Réunion', start: '2027-01-12T09:00:00+01:00', end: '2027-01-12T10:00:00+01:00' };
  // creating
  assert.equal((await member.client.post(`/groups/${priv.id}/events`, body)).status, 201);
  assert.equal((await guest.client.post(`/groups/${priv.id}/events`, body)).status, 201);
  assert.equal((await outsider.client.post(`/groups/${priv.id}/events`, body)).status, 403);
  assert.equal((await outsider.client.post(`/groups/${secret.id}/events`, body)).status, 404);
  assert.equal((await guest.client.post(`/groups/${other.id}/events`, body)).status, 404);
  assert.equal((await member.client.post('/events', body)).status, 403);
  assert.equal((await editor.client.post('/events', body)).status, 201);
  // an event of the private group, the invitee invited by name (a staff account may see a private group)
  const e = (await manager.client.post(`/groups/${priv.id}/events`, { ...body, invitees: { group: true, users: [invitee.id] } })).body;
  const s = (await manager.client.post(`/groups/${secret.id}/events`, body)).body;
  const org = (await admin.post('/events', body)).body;
  const see = async (who, id) => (await who.client.get(`/events/${id}`)).status;
  assert.equal(await see(member, e.id), 200);
  assert.equal(await see(guest, e.id), 200);
  assert.equal(await see(invitee, e.id), 200);
  assert.equal(await see(outsider, e.id), 404);
  assert.equal(await see(outsider, s.id), 404);
  assert.equal(await see(guest, s.id), 404);
  assert.equal(await see(member, org.id), 200);
  assert.equal(await see(guest, org.id), 404);
  // answering: the invited
  assert.equal((await member.client.put(`/events/${e.id}/answer`, { answer: 'yes' })).status, 200);
  assert.equal((await invitee.client.put(`/events/${e.id}/answer`, { answer: 'maybe' })).status, 200);
  assert.equal((await outsider.client.put(`/events/${e.id}/answer`, { answer: 'yes' })).status, 404);
  // seeing answers: the organiser, the group's managers, administrators
  assert.equal((await manager.client.get(`/events/${e.id}/answers`)).status, 200);
  assert.equal((await admin.get(`/events/${e.id}/answers`)).status, 200);
  assert.equal((await member.client.get(`/events/${e.id}/answers`)).status, 403);
  assert.equal((await invitee.client.get(`/events/${e.id}/answers`)).status, 403);
  // the agenda shows what each may see
  const ids = async (who) => (await who.client.get('/events?from=2027-01-01&to=2027-01-31')).body.items.map((i) => i.event.id);
  assert.ok((await ids(invitee)).includes(e.id));
  assert.ok(!(await ids(outsider)).includes(e.id));
  assert.ok(!(await ids(guest)).includes(org.id));
  assert.ok((await ids(outsider)).includes(org.id));
  // inviting someone who may not see a secret group
  const bad = await manager.client.post(`/groups/${secret.id}/events`, { ...body, invitees: { users: [outsider.id] } });
  assert.equal(bad.status, 400);
});
